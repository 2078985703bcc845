/// What Twilio answered to a request to create (send) a message.
///
/// ``description`` leaves out Twilio's message text, which can quote the phone number
/// (`The 'To' number +1… is not a valid phone number.`); read ``rejected(code:message:status:)``'s
/// `message` explicitly when you need it.
public enum CreateMessageResult: Sendable, Hashable, CustomStringConvertible {
    /// Twilio created the message (HTTP 2xx, normally 201).
    ///
    /// `status` is `nil` when Twilio reported a status this library does not know; the message
    /// was created all the same, so do not send it again.
    case accepted(sid: String, status: MessageStatus?)
    /// Twilio refused (HTTP 4xx/5xx). `code` is Twilio's error code (e.g. 21610) when the body
    /// had one, `message` its explanation (or a short note when the body was not Twilio JSON),
    /// `status` the HTTP status.
    case rejected(code: Int?, message: String, status: Int)

    /// Twilio's error code meaning "attempt to send to unsubscribed recipient": the recipient
    /// texted STOP (or the carrier blocked them), so the number must be treated as opted out.
    public static let unsubscribedErrorCode = 21610

    /// Whether sending the same request again cannot succeed: a 4xx other than 429 Too Many
    /// Requests. 429, 5xx and other statuses are worth retrying later; an accepted message is
    /// neither.
    public var isPermanent: Bool {
        guard case .rejected(_, _, let status) = self else { return false }
        return (400..<500).contains(status) && status != 429
    }

    /// Whether a later attempt may succeed: a rejection that is not permanent.
    public var isRetryable: Bool {
        guard case .rejected = self else { return false }
        return !isPermanent
    }

    /// Whether Twilio refused because the recipient unsubscribed (error 21610).
    public var isUnsubscribed: Bool {
        guard case .rejected(let code, _, _) = self else { return false }
        return code == Self.unsubscribedErrorCode
    }

    /// `accepted SM… (queued)` or `rejected: Twilio error 21610, HTTP 400, permanent`.
    public var description: String {
        switch self {
        case .accepted(let sid, let status):
            return "accepted \(sid) (\(status?.rawValue ?? "unknown status"))"
        case .rejected(let code, _, let status):
            let error = code.map { "Twilio error \($0)" } ?? "no Twilio error code"
            return "rejected: \(error), HTTP \(status), \(isPermanent ? "permanent" : "retryable")"
        }
    }
}
