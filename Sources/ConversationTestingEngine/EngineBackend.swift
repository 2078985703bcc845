import ConversationTesting
import FlowRuntime
import Foundation
import SwitchboardEngine
import SwitchboardSQLite
import TextClassifier

/// The whole engine, as `switchboard serve` runs it: compliance keywords (STOP, START, HELP),
/// free-text opt-out, CSAT answers, session expiry, escalation on a request for a person, a
/// complaint, frustration or repeated failures, and the silence while a person holds the
/// conversation; state in a real SQLite database (in memory, one per case).
///
/// With `restartEachMessage` on, every message gets a new ``Engine`` over the same database, so
/// nothing survives between messages but what was stored: as if the server restarted each time.
public final class EngineBackend: ScriptBackend {
    private let program: Program
    private let classifier: Classifier?
    private let config: EngineConfig
    private let restartEachMessage: Bool
    private let store: SQLiteStore
    private let lookups = ScriptedLookups()
    private let clock = ScriptClock()
    private var engine: Engine

    /// Creates a backend with a fresh in-memory database.
    /// - Parameters:
    ///   - program: The compiled flows.
    ///   - classifier: The classifier, or nil.
    ///   - config: Engine settings.
    ///   - restartEachMessage: Whether every message gets a new engine over the same database.
    /// - Throws: When the database cannot be opened.
    public init(program: Program, classifier: Classifier?, config: EngineConfig, restartEachMessage: Bool) throws {
        self.program = program
        self.classifier = classifier
        self.config = config
        self.restartEachMessage = restartEachMessage
        store = try SQLiteStore(path: ":memory:", walFlushInterval: nil)
        engine = Engine(program: program, classifier: classifier, store: store, config: config, clock: { [clock] in clock.now }, lookupClient: lookups)
    }

    deinit { try? store.close() }

    private func restart() {
        engine = Engine(program: program, classifier: classifier, store: store, config: config, clock: { [clock] in clock.now }, lookupClient: lookups)
    }

    /// Handles one message through the engine.
    public func send(_ body: String, from: String, at now: Date, understanding: Understanding?) async throws -> Simulator.Turn {
        if restartEachMessage { restart() }
        clock.now = now
        var message = InboundMessage(from: from, body: body, receivedAt: now)
        if let understanding { message.classification = Self.classification(understanding, text: body, classifier: classifier) }
        let before = lookups.requests.count
        let result = try await engine.handle(message)
        let events = result.handoff.map { [Event.handoff(queue: $0.queue, reason: $0.reason, note: "")] } ?? []
        return Simulator.Turn(
            from: from, replies: result.replies, events: events, state: result.state, waitingAt: result.waitedAt,
            path: result.path, lookups: Array(lookups.requests.dropFirst(before)), taken: result.edges)
    }

    /// The script's intent and sentiment over the classifier's reading of the text (which still
    /// supplies frustration and keyword rules).
    static func classification(_ understanding: Understanding, text: String, classifier: Classifier?) -> Classification {
        var result = classifier?.classify(text) ?? Classification(intent: "", confidence: 0)
        if let intent = understanding.intent {
            result.intent = intent
            result.confidence = understanding.confidence
            result.intents = [(intent, understanding.confidence)]
        }
        if let sentiment = understanding.sentiment.flatMap(SentimentLabel.init(rawValue:)) {
            result.sentiment = sentiment
            result.sentimentScore = understanding.sentimentScore
        }
        return result
    }

    /// Sets a contact profile field as a contact import would (the field name in lower case).
    public func setContact(_ field: String, to value: String, phone: String) throws {
        let (_, problems) = try engine.importContacts([(["phone", field], 1), ([phone, value], 2)])
        if let problem = problems.first { throw EngineError(.invalidPhone, problem.message) }
    }

    /// Queues the response to the next HTTP lookup.
    public func queueLookupResponse(_ outcome: HTTPLookupOutcome) {
        lookups.queue(outcome)
    }
}

extension ScriptRunner.Mode {
    /// The whole engine with these settings and this classifier, state in an in-memory SQLite
    /// database, fresh for every case: what customers get from `switchboard serve`.
    /// - Parameters:
    ///   - classifier: The classifier, or nil to match menus by keys and words only.
    ///   - config: Engine settings.
    /// - Returns: The mode.
    public static func engine(classifier: Classifier?, config: EngineConfig) -> Self {
        .backend(name: "engine") { program, restarting in
            try EngineBackend(program: program, classifier: classifier, config: config, restartEachMessage: restarting)
        }
    }
}

/// The script's clock, read by the engine for anything not tied to a message.
private final class ScriptClock: @unchecked Sendable {
    // @unchecked: `now` is only touched under `lock`.
    private let lock = NSLock()
    private var value = ScriptRunner.defaultTime

    var now: Date {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Answers HTTP lookups with the script's `http` lines, in order, and records the requests; with
/// none left a lookup fails as unfetched, so it takes its `failed` edge as it would without a client.
private final class ScriptedLookups: HTTPLookupClient, @unchecked Sendable {
    // @unchecked: both arrays are only touched under `lock`.
    private let lock = NSLock()
    private var responses: [HTTPLookupOutcome] = []
    private var made: [HTTPLookupRequest] = []

    var requests: [HTTPLookupRequest] { lock.withLock { made } }

    func queue(_ outcome: HTTPLookupOutcome) {
        lock.withLock { responses.append(outcome) }
    }

    func fetch(_ request: HTTPLookupRequest, timeout: Duration) async -> HTTPLookupOutcome {
        lock.withLock {
            made.append(request)
            return responses.isEmpty ? .failure(.notFetched) : responses.removeFirst()
        }
    }
}
