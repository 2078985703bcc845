/// A Twilio status callback: what happened to a message the bot sent.
///
/// Twilio posts it (form-encoded) to the `StatusCallback` URL given when the message was created.
/// Validate the signature first, then:
///
/// ```swift
/// let callback = try StatusCallback(form: form)
/// if MessageStatus.canMove(from: stored.status, to: callback.status) { … }
/// ```
public struct StatusCallback: Sendable, Hashable {
    /// The message's id (`SM…`/`MM…`): `MessageSid`, or the legacy `SmsSid`.
    public var messageSid: String
    /// The reported status: `MessageStatus`, or the legacy `SmsStatus` when that is absent.
    public var status: MessageStatus
    /// Twilio's error code for `failed`/`undelivered` (e.g. 30003 unreachable, 30007 filtered).
    public var errorCode: Int?
    /// The recipient, if sent.
    public var to: String?
    /// The sender, if sent (may be absent while a Messaging Service picks one).
    public var from: String?
    /// The account (`AC…`), if sent.
    public var accountSid: String?
    /// The Messaging Service (`MG…`), if the message was sent through one.
    public var messagingServiceSid: String?
    /// Every parameter of the callback, for logging field names or reading ones not modelled here.
    public var parameters: FormBody

    /// Reads a callback from its decoded form.
    /// - Parameter form: The decoded body.
    /// - Throws: ``TwilioWireError``: `missing field 'MessageSid'` or `missing field 'MessageStatus'`
    ///   (code ``TwilioWireError/Code/missingField``); an unknown status or a non-numeric
    ///   `ErrorCode` gives ``TwilioWireError/Code/invalidField`` naming the field.
    public init(form: FormBody) throws(TwilioWireError) {
        guard let sid = form.firstNonEmpty("MessageSid", "SmsSid") else { throw .missing("MessageSid") }

        let statusField = form.firstNonEmpty("MessageStatus") != nil ? "MessageStatus" : "SmsStatus"
        guard let rawStatus = form.first(statusField), !rawStatus.isEmpty else { throw .missing("MessageStatus") }
        guard let status = MessageStatus(rawValue: rawStatus) else {
            let shown = TwilioWireError.showable(rawStatus).map { " '\($0)'" } ?? ""
            throw .invalid(statusField, "unknown status\(shown)")
        }

        self.messageSid = sid
        self.status = status
        self.errorCode = try form.optionalCount("ErrorCode")
        self.to = form.firstNonEmpty("To")
        self.from = form.firstNonEmpty("From")
        self.accountSid = form.firstNonEmpty("AccountSid")
        self.messagingServiceSid = form.firstNonEmpty("MessagingServiceSid")
        self.parameters = form
    }
}
