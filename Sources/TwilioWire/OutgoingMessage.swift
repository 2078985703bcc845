/// A message to send through the Messages API (`POST …/Messages.json`).
public struct OutgoingMessage: Sendable, Hashable {
    /// Who sends it: one of the account's numbers, or a Messaging Service that picks one.
    public enum Sender: Sendable, Hashable {
        /// A Twilio number (E.164), short code or channel address; sent as `From`.
        case number(String)
        /// A Messaging Service (`MG…`); sent as `MessagingServiceSid`.
        case messagingService(String)
    }

    /// The recipient, E.164 (or channel-prefixed, e.g. `whatsapp:+1…`).
    public var to: String
    /// The sender.
    public var sender: Sender
    /// The text, up to 1600 characters.
    public var body: String
    /// Where Twilio should post status callbacks for this message, if anywhere.
    public var statusCallback: String?

    /// Creates a message.
    /// - Parameters:
    ///   - to: The recipient.
    ///   - sender: The number or Messaging Service to send from.
    ///   - body: The text.
    ///   - statusCallback: The status callback URL, if any.
    public init(to: String, sender: Sender, body: String, statusCallback: String? = nil) {
        self.to = to
        self.sender = sender
        self.body = body
        self.statusCallback = statusCallback
    }

    /// The form fields Twilio expects: `To`, `From` or `MessagingServiceSid`, `Body`, and
    /// `StatusCallback` when set.
    public var form: FormBody {
        var form: FormBody = ["To": to]
        switch sender {
        case .number(let number): form.append("From", number)
        case .messagingService(let sid): form.append("MessagingServiceSid", sid)
        }
        form.append("Body", body)
        if let statusCallback { form.append("StatusCallback", statusCallback) }
        return form
    }
}
