import Foundation
import Logging
import PhoneNumbers
import ServiceLifecycle
import SwitchboardEngine

/// The background sender: sends due outbox items one at a time through a ``MessageSender``, with
/// exponential backoff on temporary failures. Each item is claimed (`sending`) in its own
/// transaction before the provider call, so after a crash it is never sent a second time; a
/// number that opted out in the meantime gets nothing.
public final class OutboxSender: Service, Sendable {
    let engine: Engine
    let sender: any MessageSender
    let settings: ServerSettings
    let metrics: SwitchboardMetrics
    let events: EventHub
    let logger: Logger

    /// Creates a sender service.
    public init(engine: Engine, sender: any MessageSender, settings: ServerSettings, metrics: SwitchboardMetrics, events: EventHub, logger: Logger) {
        self.engine = engine
        self.sender = sender
        self.settings = settings
        self.metrics = metrics
        self.events = events
        self.logger = logger
    }

    /// Runs until graceful shutdown: recovers interrupted sends, then sends what is due whenever
    /// something changes or every poll interval.
    public func run() async throws {
        let interrupted = try engine.recoverInterruptedSends()
        if interrupted > 0 { logger.warning("outbox: texts interrupted by the last stop are not resent", metadata: ["count": .stringConvertible(interrupted)]) }
        let (wakes, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let subscription = events.subscribe()
        let forward = Task { for await _ in subscription { continuation.yield() } }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(settings.senderPollInterval * 1000)))
                continuation.yield()
            }
        }
        defer {
            forward.cancel()
            ticker.cancel()
            continuation.finish()
        }
        continuation.yield()
        for await _ in wakes.cancelOnGracefulShutdown() {
            await sendDue()
        }
    }

    /// Sends every item due now (also used by tests to drain the outbox).
    public func sendDue() async {
        do {
            while true {
                let due = try engine.dueOutbound(limit: 50)
                if due.isEmpty { return }
                for item in due {
                    // Stop between texts on shutdown: the rest stay queued for the next start.
                    if Task.isShuttingDownGracefully || Task.isCancelled { return }
                    try await sendOne(item.id)
                }
                // Held proactive messages that started queued texts due now: go round again.
                if due.count < 50 && !due.contains(where: { $0.scheduledNode != nil }) { return }
            }
        } catch {
            logger.error("outbox: the database failed", metadata: ["error": .string(String(describing: error))])
        }
    }

    private func sendOne(_ id: Int64) async throws {
        guard let item = try engine.beginSend(id) else { return }
        var outcome = await sender.send(item)
        if case .retry(let error, let after) = outcome {
            if item.attempts >= settings.maxAttempts {
                outcome = .failed(error: "\(error) (gave up after \(item.attempts) attempts)")
            } else {
                let backoff = min(settings.retryBase * pow(2, Double(item.attempts - 1)), 300)
                outcome = .retry(error: error, after: max(after, backoff))
            }
        }
        try engine.finishSend(id, outcome: outcome)
        let name: String
        switch outcome {
        case .sent: name = "sent"
        case .retry: name = "retry"
        case .failed: name = "failed"
        case .unsubscribed:
            name = "unsubscribed"
            metrics.optOut(source: "carrier")
        }
        metrics.sent(kind: "outbox", outcome: name)
        var metadata: Logger.Metadata = ["outbox": .stringConvertible(id), "phone": .string(PhoneNumbers.mask(item.phone)), "outcome": .string(name), "attempt": .stringConvertible(item.attempts)]
        if case .retry(let error, let after) = outcome {
            metadata["error"] = .string(error)
            metadata["retry_in_s"] = .stringConvertible(after)
        }
        if case .failed(let error) = outcome { metadata["error"] = .string(error) }
        logger.info("outbox send", metadata: metadata)
    }
}
