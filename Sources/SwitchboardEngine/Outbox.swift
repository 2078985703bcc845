import Foundation

/// A text waiting in (or gone through) the outbox: agent replies, proactive messages and texts
/// released by an agent, sent by a background sender after their transaction committed.
public struct OutboxItem: Sendable, Equatable {
    /// Sending states.
    public enum Status: String, Sendable {
        /// Waiting to be sent (maybe not before `notBefore` / `nextAttempt`).
        case queued
        /// Handed to the provider; the outcome is not recorded yet.
        case sending
        /// The provider accepted it.
        case sent
        /// It failed for good.
        case failed
        /// Not sent: the number opted out before it went.
        case suppressed
        /// The process stopped while it was being handed over; it is never retried, so a text is
        /// not sent twice (at most once).
        case interrupted
        /// A held proactive message whose node was entered (its texts are separate items).
        case started
        /// A held proactive message dropped: a person had the conversation, or the node is gone.
        case canceled
        /// Queued by an earlier version that had no sender; never sent.
        case expired
    }

    /// Row id.
    public var id: Int64
    /// The conversation.
    public var conversationID: Int64
    /// The E.164 number.
    public var phone: String
    /// The text.
    public var body: String
    /// The transcript line it belongs to.
    public var messageID: Int64?
    /// Where it is.
    public var status: Status
    /// Attempts so far.
    public var attempts: Int
    /// When it was queued.
    public var createdAt: Date
    /// Held until (quiet hours).
    public var notBefore: Date?
    /// The next retry.
    public var nextAttempt: Date?
    /// The provider's id once accepted.
    public var providerID: String?
    /// The last error, without the number or text.
    public var lastError: String?
    /// For a proactive message held by quiet hours: the node (`flow.node`) to enter when due.
    public var scheduledNode: String?
    /// Its slots.
    public var scheduledSlots: [String: String] = [:]

    /// Creates an outbox item.
    public init(
        id: Int64, conversationID: Int64, phone: String, body: String, messageID: Int64?, status: Status, attempts: Int,
        createdAt: Date, notBefore: Date? = nil, nextAttempt: Date? = nil, providerID: String? = nil, lastError: String? = nil
    ) {
        self.id = id
        self.conversationID = conversationID
        self.phone = phone
        self.body = body
        self.messageID = messageID
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.notBefore = notBefore
        self.nextAttempt = nextAttempt
        self.providerID = providerID
        self.lastError = lastError
    }
}

/// What a sender reports for one attempt.
public enum SendOutcome: Sendable, Equatable {
    /// Accepted, with the provider's id.
    case sent(providerID: String)
    /// A temporary failure: try again after a delay.
    case retry(error: String, after: TimeInterval)
    /// A permanent failure.
    case failed(error: String)
    /// The carrier says the number unsubscribed (Twilio error 21610): the number is opted out.
    case unsubscribed(error: String)
}

/// Counts for metrics and health.
public struct EngineStats: Sendable, Equatable {
    /// Conversations stored.
    public var conversations: Int
    /// Conversations that ever had a handoff.
    public var conversationsWithHandoff: Int
    /// Waiting handoffs by queue.
    public var waitingByQueue: [String: Int]
    /// Numbers opted out now.
    public var optedOut: Int
    /// Outbox items by status.
    public var outboxByStatus: [String: Int]

    /// Creates stats.
    public init(conversations: Int, conversationsWithHandoff: Int, waitingByQueue: [String: Int], optedOut: Int, outboxByStatus: [String: Int]) {
        self.conversations = conversations
        self.conversationsWithHandoff = conversationsWithHandoff
        self.waitingByQueue = waitingByQueue
        self.optedOut = optedOut
        self.outboxByStatus = outboxByStatus
    }

    /// Conversations handled without a person, as a fraction (1 when there are none).
    public var containmentRate: Double {
        conversations == 0 ? 1 : Double(conversations - conversationsWithHandoff) / Double(conversations)
    }
}

/// When proactive texts may go out: not between `start` and `end` (minutes after local midnight;
/// the window may wrap midnight) in the contact's time zone (profile field `time_zone`), else
/// `defaultTimeZone`.
public struct QuietHours: Sendable, Equatable {
    /// Start, minutes after midnight (e.g. 21:00 → 1260).
    public var start: Int
    /// End, minutes after midnight (e.g. 08:00 → 480).
    public var end: Int
    /// The zone for contacts without one.
    public var defaultTimeZone: TimeZone

    /// Creates quiet hours.
    public init(start: Int, end: Int, defaultTimeZone: TimeZone) {
        self.start = start
        self.end = end
        self.defaultTimeZone = defaultTimeZone
    }

    /// When a text due at `date` may be sent: `date` itself outside the window, else the window's end.
    public func release(for date: Date, in zone: TimeZone?) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone ?? defaultTimeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let quiet = start <= end ? (minute >= start && minute < end) : (minute >= start || minute < end)
        guard quiet, start != end else { return date }
        let target = DateComponents(hour: end / 60, minute: end % 60, second: 0)
        return calendar.nextDate(after: date, matching: target, matchingPolicy: .nextTime) ?? date
    }
}
