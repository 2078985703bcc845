/// A lookup node that calls an HTTP JSON endpoint instead of reading a table.
///
/// The interpreter never performs the call: it renders the ``HTTPLookupRequest`` and reads the
/// response from ``StepContext/lookupOutcomes``, which the engine fetched before the step.
public struct HTTPLookup: Sendable {
    /// The HTTP methods a lookup may use.
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// A request without a body.
        case get = "GET"
        /// A request with a JSON body.
        case post = "POST"
    }

    /// One slot filled from the response: `slot ← path`.
    public struct Mapping: Sendable, Equatable {
        /// The slot that receives the value.
        public var slot: String
        /// Where the value is in the response.
        public var path: JSONPath
        /// The value when the path is missing or `null`; `nil` makes the path required (a missing
        /// path means not found), an empty text leaves the slot unset.
        public var fallback: String?

        /// Creates a mapping.
        /// - Parameters:
        ///   - slot: The slot name.
        ///   - path: The JSON path.
        ///   - fallback: The value when the path is missing, or `nil` when it is required.
        public init(slot: String, path: JSONPath, fallback: String? = nil) {
            self.slot = slot
            self.path = path
            self.fallback = fallback
        }
    }

    /// The method.
    public var method: Method
    /// The URL; variable values are percent-encoded when it is rendered.
    public var url: Template
    /// The JSON body (POST only); variable values are escaped as JSON string contents.
    public var body: Template?
    /// How long the request may take.
    public var timeout: Duration
    /// Slots filled from the response, in the order written.
    public var map: [Mapping]
    /// Target on a 2xx response in which every required path is present.
    public var found: NodeID
    /// Target on 404 or 410, or when a required path is missing.
    public var notFound: NodeID
    /// Target on a timeout, a connection error, any other status, or a body that is not JSON.
    public var failed: NodeID

    /// The scheme and server the URL calls, e.g. `https://api.example.com` (the compiler requires
    /// them to be written out, so no variable can choose the server).
    public var server: String {
        guard case .literal(let text)? = url.parts.first, let schemeEnd = text.range(of: "://") else { return "" }
        let rest = text[schemeEnd.upperBound...]
        return String(text[..<(rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex)])
    }

    /// The timeout when a flow gives none.
    public static let defaultTimeout: Duration = .seconds(3)
    /// The longest timeout a flow may give.
    public static let maxTimeout: Duration = .seconds(10)

    /// Creates an HTTP lookup node.
    /// - Parameters:
    ///   - method: GET or POST.
    ///   - url: The URL template.
    ///   - body: The JSON body template (POST only).
    ///   - timeout: How long the request may take.
    ///   - map: Slots filled from the response.
    ///   - found: Target when found.
    ///   - notFound: Target when not found.
    ///   - failed: Target when the call failed.
    public init(
        method: Method = .get, url: Template, body: Template? = nil, timeout: Duration = HTTPLookup.defaultTimeout,
        map: [Mapping], found: NodeID, notFound: NodeID, failed: NodeID
    ) {
        self.method = method
        self.url = url
        self.body = body
        self.timeout = timeout
        self.map = map
        self.found = found
        self.notFound = notFound
        self.failed = failed
    }
}
