/// Why a Twilio payload, header or response could not be read.
///
/// The ``description`` names the field or parameter involved and, for encoding errors, the byte
/// offset in the body. It never repeats a parameter's value, so the error can be logged without
/// leaking a customer's phone number or message text.
///
/// Match on ``code`` rather than on the message:
///
/// ```swift
/// do {
///     let inbound = try InboundWebhook(form: form)
/// } catch let error where error.code == .missingField {
///     // answer 400
/// }
/// ```
public struct TwilioWireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        /// A form body has a bad percent escape or is not UTF-8 once decoded.
        public static let invalidFormEncoding = Code(name: "invalid form encoding")
        /// A required field is absent.
        public static let missingField = Code(name: "missing field")
        /// A field is present but its value cannot be used (not a number, unknown status, …).
        public static let invalidField = Code(name: "invalid field")
        /// An `X-Twilio-Webhooks-Signature-Settings` header cannot be read, or names a key
        /// that is not configured.
        public static let invalidSignatureSettings = Code(name: "invalid signature settings")
        /// A Twilio REST response does not have the shape the API documents.
        public static let unexpectedResponse = Code(name: "unexpected response")

        /// A readable name for the code.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The form parameter, field or header attribute involved, if any (a name, never a value).
    public var field: String?
    /// For form-encoding errors: the byte offset in the body where decoding stopped.
    public var byteOffset: Int?
    /// A one-line message that names the field; it never contains a parameter's value.
    public var message: String

    /// Creates an error value.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - field: The parameter or field involved, if any.
    ///   - byteOffset: The byte offset in the body, for encoding errors.
    ///   - message: A one-line message without private data.
    public init(code: Code, field: String? = nil, byteOffset: Int? = nil, message: String) {
        self.code = code
        self.field = field
        self.byteOffset = byteOffset
        self.message = message
    }

    /// The message, e.g. `missing field 'From'`.
    public var description: String { message }
}

extension TwilioWireError {
    /// `missing field '<name>'`.
    static func missing(_ field: String) -> TwilioWireError {
        TwilioWireError(code: .missingField, field: field, message: "missing field '\(quoted(field))'")
    }

    /// `invalid field '<name>': <reason>`.
    static func invalid(_ field: String, _ reason: String) -> TwilioWireError {
        TwilioWireError(code: .invalidField, field: field, message: "invalid field '\(quoted(field))': \(reason)")
    }

    /// A name as it may appear in a message: at most 64 scalars, control characters shown as `?`.
    /// Names come from the request, so they are bounded before they reach a log line.
    static func quoted(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for (index, scalar) in name.unicodeScalars.enumerated() {
            if index == 64 {
                out.append("…")
                break
            }
            out.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
        }
        return String(out)
    }

    /// A value that may be shown in a message because it is a short word: at most 32 ASCII
    /// letters, digits, `_` and `-`, starting with a letter (a status or an algorithm name, never a
    /// phone number or free text); `nil` otherwise.
    static func showable(_ value: String) -> String? {
        guard let first = value.utf8.first, value.utf8.count <= 32, isLetter(first) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
        }
        return allowed ? value : nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
    }
}
