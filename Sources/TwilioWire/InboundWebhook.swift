/// An inbound message webhook: a customer's SMS/MMS as Twilio posts it.
///
/// Validate the signature on the decoded form first, then read the message from the same form:
///
/// ```swift
/// let form = try FormBody(decoding: body)
/// guard TwilioSignature.isValid(signature, url: publicURL, parameters: form, authToken: token) else { … }
/// let inbound = try InboundWebhook(form: form)    // missing field 'From' → 400
/// ```
///
/// Twilio adds parameters without notice; all of them stay in ``parameters``.
public struct InboundWebhook: Sendable, Hashable {
    /// The message's id (`SM…`/`MM…`), the idempotency key: `MessageSid`, else `SmsMessageSid`,
    /// else `SmsSid`.
    public var messageSid: String
    /// The sender, E.164 or channel-prefixed (`whatsapp:+1…`).
    public var from: String
    /// The number (or channel address) that received it.
    public var to: String
    /// The text, exactly as sent (not trimmed). Empty for a media-only MMS.
    public var body: String
    /// How many attachments there are (`NumMedia`, 0 when absent).
    public var numMedia: Int
    /// The attachments present in the form, in index order (`MediaUrl0` first).
    public var media: [InboundMedia]
    /// The Advanced Opt-Out keyword Twilio matched, if any.
    public var optOutType: OptOutType?
    /// The account (`AC…`), if sent.
    public var accountSid: String?
    /// The Messaging Service (`MG…`), if the receiving number belongs to one.
    public var messagingServiceSid: String?
    /// Every parameter of the webhook, in body order.
    public var parameters: FormBody

    /// Reads an inbound message from its decoded form.
    ///
    /// `Body` may be empty. It may be absent only when `NumMedia` is above 0 (an MMS without
    /// text); it is then the empty string.
    ///
    /// - Parameter form: The decoded body.
    /// - Throws: ``TwilioWireError`` with code ``TwilioWireError/Code/missingField`` and a message such
    ///   as `missing field 'From'` when `MessageSid` (and its legacy names), `From`, `To` or a
    ///   required `Body` is absent; ``TwilioWireError/Code/invalidField`` when `NumMedia` is not a
    ///   number.
    public init(form: FormBody) throws(TwilioWireError) {
        guard let sid = form.firstNonEmpty("MessageSid", "SmsMessageSid", "SmsSid") else {
            throw .missing("MessageSid")
        }
        let from = try form.required("From")
        let to = try form.required("To")
        let numMedia = try form.optionalCount("NumMedia") ?? 0
        let body: String
        if let text = form.first("Body") {
            body = text
        } else if numMedia > 0 {
            body = ""
        } else {
            throw .missing("Body")
        }

        var media: [InboundMedia] = []
        // Bounded by the number of parameters: a forged NumMedia cannot make this loop long.
        for index in 0..<min(numMedia, form.parameters.count) {
            guard let url = form.first("MediaUrl\(index)") else { continue }
            media.append(InboundMedia(url: url, contentType: form.first("MediaContentType\(index)")))
        }

        self.messageSid = sid
        self.from = from
        self.to = to
        self.body = body
        self.numMedia = numMedia
        self.media = media
        self.optOutType = form.firstNonEmpty("OptOutType").map(OptOutType.init(rawValue:))
        self.accountSid = form.firstNonEmpty("AccountSid")
        self.messagingServiceSid = form.firstNonEmpty("MessagingServiceSid")
        self.parameters = form
    }
}
