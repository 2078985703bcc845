/// The status of a Twilio Message resource, as sent in status callbacks and REST responses.
///
/// Outbound messages move along `scheduled` → `accepted` → `queued` → `sending` → `sent` →
/// `partially_delivered` → one of the final states; inbound ones from `receiving` to `received`.
/// Callbacks can arrive late, repeated or out of order, so record a new status only when
/// ``canMove(from:to:)`` allows it:
///
/// ```swift
/// if MessageStatus.canMove(from: stored, to: callback.status) { stored = callback.status }
/// ```
public enum MessageStatus: String, Sendable, Hashable, CaseIterable {
    /// Waiting in Twilio's queue to be sent.
    case queued
    /// Being handed to the carrier.
    case sending
    /// The carrier accepted it.
    case sent
    /// The carrier confirmed delivery. Final (a later `read` is still recorded).
    case delivered
    /// The carrier could not deliver it (see the error code). Final.
    case undelivered
    /// It could not be sent (see the error code). Final.
    case failed
    /// The recipient read it (channels with read receipts). Final.
    case read
    /// An inbound message is arriving.
    case receiving
    /// An inbound message has arrived.
    case received
    /// A Messaging Service accepted the request and will pick a sender.
    case accepted
    /// A Messaging Service will send it at a scheduled time.
    case scheduled
    /// A scheduled message was canceled before it was sent. Final.
    case canceled
    /// Some parts were delivered, not all.
    case partiallyDelivered = "partially_delivered"

    /// Whether Twilio will report nothing after this status: `delivered`, `undelivered`,
    /// `failed`, `read` and `canceled`.
    public var isFinal: Bool {
        switch self {
        case .delivered, .undelivered, .failed, .read, .canceled: true
        default: false
        }
    }

    /// Whether a message that is `from` may be recorded as `to` when a callback reports it.
    ///
    /// The rules:
    /// - Nothing moves out of a final state, except `delivered` → `read` (a read receipt is news
    ///   about a delivered message, not a step back).
    /// - Otherwise a status may only move forward: `scheduled` < `accepted` < `queued` < `sending` <
    ///   `sent` < `partially_delivered` < the final states (`read` after `delivered`), and
    ///   `receiving` < `received`. Skipping steps is fine (`queued` → `delivered`).
    /// - Outbound and inbound statuses never mix, and a repeated status is not a move.
    ///
    /// - Parameters:
    ///   - from: The status recorded so far.
    ///   - to: The status a callback reports.
    /// - Returns: `true` if `to` should replace `from`.
    public static func canMove(from: MessageStatus, to: MessageStatus) -> Bool {
        guard from != to, from.isInbound == to.isInbound else { return false }
        if from.isFinal { return from == .delivered && to == .read }
        return to.rank > from.rank
    }

    /// `receiving` and `received` belong to inbound messages; every other status to outbound ones.
    var isInbound: Bool { self == .receiving || self == .received }

    /// The position along the message's path; equal ranks are alternatives, not steps.
    private var rank: Int {
        switch self {
        case .scheduled: 0
        case .accepted: 1
        case .queued: 2
        case .sending: 3
        case .sent: 4
        case .partiallyDelivered: 5
        case .delivered, .undelivered, .failed, .canceled: 6
        case .read: 7
        case .receiving: 0
        case .received: 1
        }
    }
}
