/// One attachment of an inbound MMS: `MediaUrl{N}` and `MediaContentType{N}`.
public struct InboundMedia: Sendable, Hashable {
    /// Where Twilio stores the file (fetching it may need the account's credentials).
    public var url: String
    /// Its MIME type, e.g. `image/jpeg`, if Twilio sent one.
    public var contentType: String?

    /// Creates an attachment.
    /// - Parameters:
    ///   - url: The `MediaUrl{N}` value.
    ///   - contentType: The `MediaContentType{N}` value.
    public init(url: String, contentType: String?) {
        self.url = url
        self.contentType = contentType
    }
}
