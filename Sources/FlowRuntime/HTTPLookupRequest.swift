/// One HTTP call an HTTP lookup node needs: the method, the rendered URL and the rendered body.
///
/// Requests are compared by value, so the outcome fetched for a request before a step is found
/// again when the step renders the same request. The URL may hold a phone number or an order
/// number: ``description`` shows only the method and the server; use ``expandedDescription`` for
/// debugging, never in logs.
public struct HTTPLookupRequest: Hashable, Sendable, CustomStringConvertible {
    /// The method.
    public var method: HTTPLookup.Method
    /// The absolute `http` or `https` URL, variable values percent-encoded.
    public var url: String
    /// The JSON body (sent with `Content-Type: application/json`), or `nil`.
    public var body: String?

    /// Creates a request.
    /// - Parameters:
    ///   - method: GET or POST.
    ///   - url: The absolute URL.
    ///   - body: The JSON body, if any.
    public init(method: HTTPLookup.Method = .get, url: String, body: String? = nil) {
        self.method = method
        self.url = url
        self.body = body
    }

    /// The method and the scheme and host only, e.g. `GET https://api.example.com/…`: safe to log.
    public var description: String {
        guard let schemeEnd = url.range(of: "://") else { return "\(method.rawValue) (URL)" }
        let rest = url[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        return "\(method.rawValue) \(url[..<hostEnd])/…"
    }

    /// The whole request, URL and body included: for debugging only, as it may hold personal data.
    public var expandedDescription: String {
        "\(method.rawValue) \(url)" + (body.map { " \($0)" } ?? "")
    }
}

/// An HTTP lookup the interpreter stopped at because its response was not supplied.
public struct PendingLookup: Hashable, Sendable {
    /// The node that needs the response.
    public var node: NodeID
    /// The request to perform.
    public var request: HTTPLookupRequest
    /// The node's timeout for it.
    public var timeout: Duration

    /// Creates a pending lookup.
    /// - Parameters:
    ///   - node: The lookup node.
    ///   - request: The request to perform.
    ///   - timeout: The node's timeout.
    public init(node: NodeID, request: HTTPLookupRequest, timeout: Duration) {
        self.node = node
        self.request = request
        self.timeout = timeout
    }
}

/// What an HTTP lookup does when the step's context has no outcome for its request.
public enum UnfetchedLookup: Sendable, Equatable {
    /// Take the node's `failed` edge (the default: command-line tools, agents' hand-backs, and an
    /// engine whose pre-fetched responses no longer match the conversation).
    case takeFailed
    /// Stop the step and report the request in ``StepResult/pendingLookup``, changing nothing.
    case suspend
}

extension HTTPLookup {
    /// Renders the request for the current slot values.
    /// - Parameter value: A variable's value, or `nil` when it has none.
    /// - Returns: The request, or the names of variables that have neither a value nor a default.
    public func request(_ value: (String) -> String?) -> Result<HTTPLookupRequest, MissingVariables> {
        var missing: [String] = []
        // "." and ".." would survive percent-encoding and climb the server's path ("/accounts/../admin"):
        // such a value counts as no value, so the lookup takes its `failed` branch.
        let urlValue: (String) -> String? = { name in
            guard let current = value(name) else { return nil }
            return current == "." || current == ".." ? nil : current
        }
        let url = Self.render(self.url, escape: Self.percentEncoded, value: urlValue, missing: &missing)
        let body = self.body.map { Self.render($0, escape: Self.jsonEscaped, value: value, missing: &missing) }
        if !missing.isEmpty { return .failure(MissingVariables(names: missing)) }
        return .success(HTTPLookupRequest(method: method, url: url, body: body))
    }

    /// Renders a template, escaping variable values and defaults (never the literal text).
    private static func render(
        _ template: Template, escape: (String) -> String, value: (String) -> String?, missing: inout [String]
    ) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .variable(let name, let fallback):
                if let current = value(name), !current.isEmpty {
                    text += escape(current)
                } else if let fallback {
                    text += escape(fallback)
                } else {
                    missing.append(name)
                }
            }
        }
        return text
    }

    /// Variables a request needed that had no value.
    public struct MissingVariables: Error, Sendable, Equatable {
        /// Their names.
        public var names: [String]
    }

    /// `text` with every byte outside the URL's unreserved set (letters, digits, `-._~`) written as
    /// `%XX`, so a value can never add a path segment, a query parameter or a fragment.
    /// - Parameter text: A variable's value.
    /// - Returns: The encoded text.
    public static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }

    /// `text` escaped for use inside a JSON string (without the quotes).
    /// - Parameter text: A variable's value.
    /// - Returns: The escaped text.
    public static func jsonEscaped(_ text: String) -> String {
        String(JSONText.quote(text).dropFirst().dropLast())
    }
}
