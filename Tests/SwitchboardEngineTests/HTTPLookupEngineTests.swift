import FlowLanguage
import FlowRuntime
import Foundation
import GRDB
@testable import SwitchboardEngine
import SwitchboardSQLite
import Testing
import SwitchboardTestSupport

/// A store that says whether a write transaction is open, so a client can prove it is never
/// called inside one.
final class TransactionWatchingStore: ConversationStore, @unchecked Sendable {
    // @unchecked: `open` only changes under `lock`.
    let inner: SQLiteStore
    private let lock = NSLock()
    private var open = false

    init(_ inner: SQLiteStore) { self.inner = inner }

    var isInTransaction: Bool { lock.withLock { open } }

    func transaction<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try inner.transaction { tx in
            lock.withLock { open = true }
            defer { lock.withLock { open = false } }
            return try body(tx)
        }
    }

    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { try inner.read(body) }
}

/// An HTTP lookup client that records its calls and answers from a closure, optionally after a
/// gate opens.
final class RecordingClient: HTTPLookupClient, @unchecked Sendable {
    // @unchecked: every mutable field only changes under `lock`.
    private let lock = NSLock()
    private var calls: [(request: HTTPLookupRequest, timeout: Duration, inTransaction: Bool)] = []
    private var gate: CheckedContinuation<Void, Never>?
    private var gateOpen = true
    private var started: [CheckedContinuation<Void, Never>] = []
    var store: TransactionWatchingStore?
    let answer: @Sendable (HTTPLookupRequest) async -> HTTPLookupOutcome

    init(closed: Bool = false, answer: @escaping @Sendable (HTTPLookupRequest) async -> HTTPLookupOutcome) {
        self.gateOpen = !closed
        self.answer = answer
    }

    var requests: [HTTPLookupRequest] { lock.withLock { calls.map(\.request) } }
    var timeouts: [Duration] { lock.withLock { calls.map(\.timeout) } }
    var calledInsideATransaction: Bool { lock.withLock { calls.contains { $0.inTransaction } } }

    func fetch(_ request: HTTPLookupRequest, timeout: Duration) async -> HTTPLookupOutcome {
        let waiting = lock.withLock {
            calls.append((request, timeout, store?.isInTransaction ?? false))
            defer { started = [] }
            return started
        }
        for waiter in waiting { waiter.resume() }
        await withCheckedContinuation { continuation in
            let open = lock.withLock {
                if !gateOpen { gate = continuation }
                return gateOpen
            }
            if open { continuation.resume() }
        }
        return await answer(request)
    }

    /// Returns once a fetch has started.
    func waitForCall() async {
        await withCheckedContinuation { continuation in
            let called = lock.withLock {
                if calls.isEmpty { started.append(continuation) }
                return !calls.isEmpty
            }
            if called { continuation.resume() }
        }
    }

    /// Lets a held fetch answer.
    func open() {
        let held = lock.withLock {
            gateOpen = true
            defer { gate = nil }
            return gate
        }
        held?.resume()
    }
}

/// The engine fetches HTTP lookups before a message is queued: once per message, never inside the
/// transaction, in each number's order, and takes `failed` when it gets no answer.
struct HTTPLookupEngineTests {
    /// A timeout long enough that the engine never gives up on a test's client under load.
    static let program: Program = FlowCompiler.compile(flows: [SourceFile(path: "shop.yaml", text: ShopFlow.yaml(timeout: "10s"))], tables: []).program!
    /// For the client that never answers.
    static let impatientProgram: Program = FlowCompiler.compile(flows: [SourceFile(path: "shop.yaml", text: ShopFlow.yaml(timeout: "200ms"))], tables: []).program!
    static let shipped: @Sendable (HTTPLookupRequest) async -> HTTPLookupOutcome = { _ in
        .response(status: 200, body: Array(#"{"status": "shipped"}"#.utf8))
    }

    struct Setup {
        let engine: Engine
        let store: TransactionWatchingStore
        let client: RecordingClient?
    }

    func setup(_ client: RecordingClient?, program: Program = HTTPLookupEngineTests.program) throws -> Setup {
        let store = TransactionWatchingStore(try SQLiteStore(path: ":memory:"))
        client?.store = store
        let clock = TestClock()
        let engine = Engine(program: program, classifier: nil, store: store, clock: { clock.now }, lookupClient: client)
        return Setup(engine: engine, store: store, client: client)
    }

    func send(_ engine: Engine, _ body: String, from: String = "+12025550101", id: String? = nil) async throws -> HandleResult {
        try await engine.handle(InboundMessage(from: from, body: body, providerID: id))
    }

    @Test func fetchesOncePerMessageOutsideTheTransactionAndStoresTheSlots() async throws {
        let client = RecordingClient(answer: Self.shipped)
        let setup = try setup(client)
        #expect(try await send(setup.engine, "hi", id: "m1").replies == ["Order number?"])
        #expect(client.requests.isEmpty)
        let result = try await send(setup.engine, "it's 1234", id: "m2")
        #expect(result.replies == ["Order 1234 is shipped."])
        // The phone number is percent-encoded into the query.
        #expect(client.requests == [HTTPLookupRequest(url: "https://api.example.com/orders/1234?phone=%2B12025550101")])
        #expect(client.timeouts == [.seconds(10)])
        #expect(!client.calledInsideATransaction)
        let stored = try setup.store.read { tx in try tx.conversation(phone: "+12025550101") }
        #expect(stored?.state.slots["order.status"] == "shipped")
        #expect(stored?.state.slots["order_number"] == "1234")
        // A provider retry is answered from the record, without calling out again.
        #expect(try await send(setup.engine, "it's 1234", id: "m2").duplicate)
        #expect(client.requests.count == 1)
    }

    @Test func notFoundAndServerErrorsTakeTheirEdges() async throws {
        let client = RecordingClient { request in
            request.url.contains("/0404?") ? .response(status: 404, body: []) : .response(status: 503, body: [])
        }
        let setup = try setup(client)
        _ = try await send(setup.engine, "hi")
        #expect(try await send(setup.engine, "0404").replies == ["No order 0404."])
        _ = try await send(setup.engine, "hi")
        #expect(try await send(setup.engine, "0503").replies == ["Lookups are down."])
    }

    @Test func aTimeoutTakesTheFailedEdge() async throws {
        let client = RecordingClient { _ in .failure(.timeout) }
        let setup = try setup(client)
        _ = try await send(setup.engine, "hi")
        let result = try await send(setup.engine, "1234")
        #expect(result.replies == ["Lookups are down."])
        #expect(result.state.slots["order.status"] == nil)
        #expect(client.requests.count == 1)
    }

    @Test func aClientThatNeverAnswersIsCutOffAfterTheTimeout() async throws {
        let client = RecordingClient { _ in
            try? await Task.sleep(for: .seconds(30))  // ends early only when cancelled
            return .response(status: 200, body: Array(#"{"status": "late"}"#.utf8))
        }
        let setup = try setup(client, program: Self.impatientProgram)
        _ = try await send(setup.engine, "hi")
        let started = ContinuousClock.now
        #expect(try await send(setup.engine, "1234").replies == ["Lookups are down."])
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func withoutAClientALookupTakesTheFailedEdge() async throws {
        let setup = try setup(nil)
        _ = try await send(setup.engine, "hi")
        #expect(try await send(setup.engine, "1234").replies == ["Lookups are down."])
        // The synchronous path fetches nothing either.
        _ = try setup.engine.handleNow(InboundMessage(from: "+12025550102", body: "hi"))
        #expect(try setup.engine.handleNow(InboundMessage(from: "+12025550102", body: "1234")).replies == ["Lookups are down."])
    }

    @Test func aNumbersLaterMessageWaitsForItsLookupButOtherNumbersDoNot() async throws {
        let client = RecordingClient(closed: true, answer: Self.shipped)
        let setup = try setup(client)
        let engine = setup.engine
        _ = try await send(engine, "hi")
        let first = Task { try await send(engine, "1234") }
        await client.waitForCall()
        // Sent while the first message's lookup is in flight: it must be answered after it.
        let second = Task { try await send(engine, "hi") }
        // Another number is not held up.
        #expect(try await send(engine, "hi", from: "+12025550199").replies == ["Order number?"])
        client.open()
        #expect(try await first.value.replies == ["Order 1234 is shipped."])
        // After the first message the conversation had ended, so "hi" starts over (before it, "hi"
        // would have been a wrong order number).
        #expect(try await second.value.replies == ["Order number?"])
        let inbound = try await setup.store.inner.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM messages WHERE direction = 'in' AND conversation_id = 1 ORDER BY id")
        }
        #expect(inbound == ["hi", "1234", "hi"])
    }

    @Test func flowsWithoutHTTPLookupsNeverPrefetch() throws {
        let client = RecordingClient(answer: Self.shipped)
        let engine = Engine(program: Shipped.program, classifier: nil, store: try SQLiteStore(path: ":memory:"), clock: { Date(timeIntervalSince1970: 0) }, lookupClient: client)
        #expect(engine.lookupSupport == nil)
    }

    @Test func messagesThatNeverReachTheFlowFetchNothing() async throws {
        let client = RecordingClient(answer: Self.shipped)
        let setup = try setup(client)
        _ = try await send(setup.engine, "hi")
        #expect(try await send(setup.engine, "HELP").replies == [EngineConfig().helpText])
        _ = try await send(setup.engine, "STOP")
        #expect(try await send(setup.engine, "1234").replies.isEmpty)
        #expect(client.requests.isEmpty)
    }
}
