import Testing
import TwilioWire

@Suite("MessageStatus order")
struct MessageStatusTests {
    static let finals: Set<MessageStatus> = [.delivered, .undelivered, .failed, .read, .canceled]

    @Test("raw values are Twilio's, including partially_delivered")
    func rawValues() {
        #expect(MessageStatus.allCases.count == 13)
        #expect(MessageStatus(rawValue: "partially_delivered") == .partiallyDelivered)
        #expect(MessageStatus(rawValue: "canceled") == .canceled)
        #expect(MessageStatus(rawValue: "cancelled") == nil)
        #expect(MessageStatus(rawValue: "Delivered") == nil)
    }

    @Test("exactly delivered, undelivered, failed, read and canceled are final")
    func finalStates() {
        #expect(Set(MessageStatus.allCases.filter(\.isFinal)) == Self.finals)
    }

    @Test("nothing moves out of a final state, except delivered to read", arguments: MessageStatus.allCases)
    func finalsStay(_ from: MessageStatus) {
        guard from.isFinal else { return }
        for to in MessageStatus.allCases {
            let allowed = MessageStatus.canMove(from: from, to: to)
            #expect(allowed == (from == .delivered && to == .read), "\(from) → \(to)")
        }
    }

    @Test("a repeated status is not a move", arguments: MessageStatus.allCases)
    func repeated(_ status: MessageStatus) {
        #expect(!MessageStatus.canMove(from: status, to: status))
    }

    @Test("outbound statuses move forward, skipping steps is fine, going back is not")
    func outboundOrder() {
        let path: [MessageStatus] = [
            .scheduled, .accepted, .queued, .sending, .sent, .partiallyDelivered, .delivered, .read,
        ]
        for (index, from) in path.enumerated() {
            for later in path[(index + 1)...] {
                #expect(MessageStatus.canMove(from: from, to: later), "\(from) → \(later)")
                #expect(!MessageStatus.canMove(from: later, to: from), "\(later) → \(from)")
            }
        }
        for final in [MessageStatus.undelivered, .failed, .canceled] {
            #expect(MessageStatus.canMove(from: .queued, to: final))
            #expect(MessageStatus.canMove(from: .sent, to: final))
        }
    }

    @Test("out-of-order callbacks: delivered then a late sent keeps delivered")
    func lateCallback() {
        var status = MessageStatus.queued
        for callback in [MessageStatus.sent, .delivered, .sent, .sending, .failed, .read] {
            if MessageStatus.canMove(from: status, to: callback) { status = callback }
        }
        #expect(status == .read)
    }

    @Test("inbound and outbound statuses never mix")
    func tracks() {
        #expect(MessageStatus.canMove(from: .receiving, to: .received))
        #expect(!MessageStatus.canMove(from: .received, to: .receiving))
        for outbound in MessageStatus.allCases where outbound != .receiving && outbound != .received {
            #expect(!MessageStatus.canMove(from: .received, to: outbound))
            #expect(!MessageStatus.canMove(from: outbound, to: .received))
            #expect(!MessageStatus.canMove(from: .receiving, to: outbound))
        }
    }
}
