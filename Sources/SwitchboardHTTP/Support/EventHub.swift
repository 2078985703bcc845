import Foundation
import SwitchboardEngine

/// Tells the console's event streams that a conversation changed (a message came in, a handoff
/// opened, an agent acted), so they refresh at once instead of at their next tick.
public final class EventHub: Sendable {
    private let state = Mutex()

    /// Creates a hub.
    public init() {}

    /// A stream of changed conversation ids for one subscriber; it ends when the task is cancelled.
    func subscribe() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let id = UUID()
        state.withLock { $0[id] = continuation }
        continuation.onTermination = { [state] _ in state.withLock { _ = $0.removeValue(forKey: id) } }
        return stream
    }

    /// A conversation changed.
    func changed(_ conversationID: Int64) {
        for continuation in state.withLock({ Array($0.values) }) { continuation.yield(conversationID) }
    }

    /// An inbound message's result: only conversations with a person matter to the console.
    func changed(_ result: HandleResult) {
        if result.handoff != nil || result.status == .queued || result.status == .agent { changed(result.conversationID) }
    }

    private final class Mutex: @unchecked Sendable {
        // @unchecked: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value: [UUID: AsyncStream<Int64>.Continuation] = [:]

        func withLock<T>(_ body: (inout [UUID: AsyncStream<Int64>.Continuation]) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&value)
        }
    }
}
