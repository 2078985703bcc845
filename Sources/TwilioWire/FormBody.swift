/// The parameters of an `application/x-www-form-urlencoded` body, in the order they were sent.
///
/// Twilio posts webhooks in this encoding. Decoding keeps every parameter, duplicates included,
/// because signature validation must see all of them (Twilio adds parameters without notice):
///
/// ```swift
/// let form = try FormBody(decoding: requestBodyBytes)
/// let text = form.first("Body")                   // "Hello"
/// let media = form.all("MediaUrl0")                // every value sent under that name
/// let valid = TwilioSignature.isValid(signature, url: publicURL, parameters: form, authToken: token)
/// ```
///
/// Names are matched exactly (case-sensitive, scalar by scalar). The encoder, ``encoded()``, writes
/// bodies the way Twilio's own client libraries do; see `FormBody+Encoding.swift`.
public struct FormBody: Sendable, Hashable {
    /// Every parameter, in body order.
    public var parameters: [FormParameter]

    /// Creates a body from parameters, kept in the given order.
    /// - Parameter parameters: The decoded parameters.
    public init(_ parameters: [FormParameter] = []) {
        self.parameters = parameters
    }

    /// The value of the first parameter called `name`, or `nil` if there is none.
    /// - Parameter name: The exact, case-sensitive parameter name.
    /// - Returns: The first value sent under that name.
    public func first(_ name: String) -> String? {
        parameters.first { $0.name.utf8.elementsEqual(name.utf8) }?.value
    }

    /// Every value sent under `name`, in body order (empty if there is none).
    /// - Parameter name: The exact, case-sensitive parameter name.
    /// - Returns: The values, duplicates included.
    public func all(_ name: String) -> [String] {
        parameters.filter { $0.name.utf8.elementsEqual(name.utf8) }.map(\.value)
    }

    /// Whether at least one parameter is called `name`.
    /// - Parameter name: The exact, case-sensitive parameter name.
    public func contains(_ name: String) -> Bool {
        parameters.contains { $0.name.utf8.elementsEqual(name.utf8) }
    }

    /// Appends a parameter after the existing ones.
    /// - Parameters:
    ///   - name: The parameter name.
    ///   - value: Its value.
    public mutating func append(_ name: String, _ value: String) {
        parameters.append(FormParameter(name: name, value: value))
    }
}

extension FormBody: ExpressibleByDictionaryLiteral {
    /// Creates a body from a literal, in written order; a name may appear more than once.
    /// - Parameter elements: The `name: value` pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { FormParameter(name: $0.0, value: $0.1) })
    }
}
