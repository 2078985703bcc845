/// An HTTP request for Twilio's REST API, ready for whichever HTTP client sends it.
///
/// ``description`` shows the method, URL and body size only: the `Authorization` header carries
/// the auth token and the body carries phone numbers and message text.
public struct RESTRequest: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields by name: `Authorization`, `Content-Type`, `Accept`.
    public var headers: [String: String]
    /// The encoded body.
    public var body: [UInt8]

    /// Creates a request.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - url: The absolute URL.
    ///   - headers: Header fields by name.
    ///   - body: The encoded body.
    public init(method: String, url: String, headers: [String: String], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// `POST https://api.twilio.com/… (123 bytes)`, without credentials or content.
    public var description: String { "\(method) \(url) (\(body.count) bytes)" }
}
