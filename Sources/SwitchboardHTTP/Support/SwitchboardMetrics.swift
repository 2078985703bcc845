import Foundation
import Metrics
import Prometheus
import SwitchboardEngine

/// The server's metrics, through swift-metrics into a Prometheus registry (`GET /metrics`).
/// Engine-wide figures that live in the database (containment, waiting, opt-outs) are read when
/// scraped, so they are right after a restart too.
public final class SwitchboardMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let containment: Metrics.Gauge
    private let optedOut: Metrics.Gauge
    private let conversations: Metrics.Gauge

    private let handles = HandleCache()

    /// Counters and timers by name and labels, made once: making one takes the registry's lock
    /// and allocates, which is too much for every request.
    private final class HandleCache: @unchecked Sendable {
        // @unchecked: `handles` is only touched under `lock`.
        private let lock = NSLock()
        private var handles: [String: AnyObject] = [:]

        func handle<Handle: AnyObject>(_ label: String, _ dimensions: [(String, String)], make: () -> Handle) -> Handle {
            let key = "\(Handle.self)|" + label + dimensions.map { "|\($0.0)=\($0.1)" }.joined()
            return lock.withLock {
                if let found = handles[key] as? Handle { return found }
                let made = make()
                handles[key] = made
                return made
            }
        }

        func counter(_ label: String, _ dimensions: [(String, String)], factory: any MetricsFactory) -> Metrics.Counter {
            handle(label, dimensions) { Metrics.Counter(label: label, dimensions: dimensions, factory: factory) }
        }

        func timer(_ label: String, _ dimensions: [(String, String)], factory: any MetricsFactory) -> Metrics.Timer {
            handle(label, dimensions) { Metrics.Timer(label: label, dimensions: dimensions, factory: factory) }
        }
    }

    /// Creates metrics in a fresh registry (one per server, so tests do not share counts).
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let latency: [Duration] = [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                                   .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10)]
        factory.defaultDurationHistogramBuckets = latency
        factory.durationHistogramBuckets = [
            "switchboard_first_response_seconds": [.seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1800), .seconds(3600), .seconds(14_400)],
        ]
        self.factory = factory
        containment = Metrics.Gauge(label: "switchboard_containment_ratio", factory: factory)
        optedOut = Metrics.Gauge(label: "switchboard_opted_out_numbers", factory: factory)
        conversations = Metrics.Gauge(label: "switchboard_conversations", factory: factory)
    }

    /// An inbound message was handled (`channel`: twilio, api).
    public func inbound(channel: String, result: HandleResult, duration: Duration) {
        if result.duplicate {
            // A provider's retry: answered again, counted apart.
            handles.counter("switchboard_duplicate_messages_total", [("channel", channel)], factory: factory).increment()
            return
        }
        handles.counter("switchboard_messages_in_total", [("channel", channel)], factory: factory).increment()
        handles.timer("switchboard_handling_seconds", [("channel", channel)], factory: factory).recordNanoseconds(duration.nanoseconds)
        if result.consentChange == .optedOut { optOut(source: "keyword") }
        if !result.replies.isEmpty {
            // Twilio's webhook answers in TwiML; the JSON API in its response body.
            let outcome = channel == "twilio" ? "twiml" : "response"
            handles.counter("switchboard_messages_out_total", [("kind", "reply"), ("outcome", outcome)], factory: factory).increment(by: result.replies.count)
        }
        if let handoff = result.handoff {
            handedOff(queue: handoff.queue, reason: handoff.reason)
        }
    }

    /// A conversation went to a queue.
    public func handedOff(queue: String, reason: String) {
        handles.counter("switchboard_handoffs_total", [("queue", queue), ("reason", reason)], factory: factory).increment()
    }

    /// The number opted out (`keyword` covers STOP and free-text opt-outs; `carrier` is error 21610).
    public func optOut(source: String) {
        handles.counter("switchboard_opt_outs_total", [("source", source)], factory: factory).increment()
    }

    /// The sender handed a text to the provider (`outcome`: sent, retry, failed, suppressed).
    public func sent(kind: String, outcome: String) {
        handles.counter("switchboard_messages_out_total", [("kind", kind), ("outcome", outcome)], factory: factory).increment()
    }

    /// An agent's first reply on a handoff.
    public func firstResponse(seconds: TimeInterval) {
        handles.timer("switchboard_first_response_seconds", [], factory: factory).recordNanoseconds(Int64(seconds * 1e9))
    }

    /// A request's latency by route.
    public func requestDuration(route: String, duration: Duration) {
        handles.timer("switchboard_http_request_seconds", [("route", route)], factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    /// The Prometheus text, with the database figures refreshed.
    public func render(stats: EngineStats?, queues: [String]) -> String {
        if let stats {
            containment.record(stats.containmentRate)
            optedOut.record(Double(stats.optedOut))
            conversations.record(Double(stats.conversations))
            for queue in Set(queues).union(stats.waitingByQueue.keys) {
                Metrics.Gauge(label: "switchboard_queue_waiting", dimensions: [("queue", queue)], factory: factory).record(Double(stats.waitingByQueue[queue, default: 0]))
            }
        }
        return registry.emitToString()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
