import Foundation
import Logging
import PhoneNumbers
import SMSText
import SwitchboardEngine

/// Hands one outbox item to an SMS provider.
public protocol MessageSender: Sendable {
    /// Sends the text; never throws: every failure is an outcome (retry or not).
    func send(_ item: OutboxItem) async -> SendOutcome
}

/// The default sender: logs each text (number masked, body absent at info) and reports it sent.
public struct LogSender: MessageSender {
    let logger: Logger

    /// Creates a log-only sender.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Logs the text and reports it sent with a local id.
    public func send(_ item: OutboxItem) async -> SendOutcome {
        let cost = SMSSegmenter.measure(item.body)
        logger.info("outbound (log only)", metadata: ["phone": .string(PhoneNumbers.mask(item.phone)), "outbox": .stringConvertible(item.id), "segments": .stringConvertible(cost.segments)])
        logger.debug("outbound body", metadata: ["body": .string(item.body)])
        return .sent(providerID: "LOG\(item.id)")
    }
}
