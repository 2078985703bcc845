import Dispatch
import FlowRuntime
import Foundation
import PhoneNumbers
import TextClassifier

/// An inbound SMS as any channel hands it to the engine.
public struct InboundMessage: Sendable {
    /// The sender, in any format (normalised to E.164).
    public var from: String
    /// The text.
    public var body: String
    /// The provider's message id, for idempotency.
    public var providerID: String?
    /// When it arrived (default: the engine's clock).
    public var receivedAt: Date?
    /// Other keys the provider dedupes by (e.g. Twilio's `I-Twilio-Idempotency-Token`): a message
    /// whose provider id or any of these was processed is a duplicate.
    public var alternateIDs: [String] = []
    /// A compliance keyword the provider matched and already answered (Twilio's `OptOutType`):
    /// the engine records it whatever the words were (custom or other-language keywords) and sends
    /// no reply of its own, so the customer never gets two.
    public var providerKeyword: ProviderKeyword?
    /// A classification made elsewhere (a conversation test's `intent` line): when set, the
    /// engine's classifier is not run for this message.
    public var classification: Classification?

    /// Creates an inbound message.
    public init(from: String, body: String, providerID: String? = nil, receivedAt: Date? = nil) {
        self.from = from
        self.body = body
        self.providerID = providerID
        self.receivedAt = receivedAt
    }
}

/// What handling one inbound message produced.
public struct HandleResult: Sendable {
    /// Replies, in order; empty when nothing may or need be sent.
    public var replies: [String]
    /// The E.164 number.
    public var phone: String
    /// The conversation's id.
    public var conversationID: Int64
    /// The handoff this message caused, if any.
    public var handoff: (queue: String, reason: String)?
    /// Whether the number is opted out after the message.
    public var optedOut: Bool
    /// The number's consent changed with this message (STOP, free-text opt-out, START…), if it did.
    public var consentChange: ConsentState?
    /// Whether this provider id was seen before (the first replies were returned, nothing changed).
    public var duplicate: Bool
    /// Whether a later text of the same burst was answered for this one (burst coalescing).
    public var coalesced = false
    /// The classification, when the message reached the classifier.
    public var intent: String?
    /// Intent confidence.
    public var confidence: Double?
    /// Sentiment label.
    public var sentiment: String?
    /// Conversation-level frustration.
    public var frustration: Double?
    /// The conversation's state afterwards.
    public var state: ConversationState
    /// Who has the conversation afterwards.
    public var status: ConversationStatus
    /// The node the flow step left (where the conversation waited), if the flow ran from one.
    public var waitedAt: NodeID?
    /// The nodes the flow step entered, in order; empty when the engine answered without the flow.
    public var path: [NodeID] = []
    /// The labelled edges the flow step took, in order.
    public var edges: [TakenEdge] = []
}

/// An error handling a message or an agent action. The description never contains the phone number
/// or message text.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Broad kinds.
    public enum Kind: String, Sendable {
        /// The sender is not a phone number.
        case invalidPhone = "invalid phone number"
        /// No such conversation.
        case notFound = "not found"
        /// Another agent holds the conversation, or it is not waiting.
        case conflict
        /// The number opted out; nothing may be sent.
        case optedOut = "opted out"
        /// A bad argument (unknown queue or node, empty text).
        case invalid
        /// An idempotency key already used for a different request.
        case keyReused = "idempotency key reused"
    }

    /// The kind.
    public var kind: Kind
    /// What to do about it.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `kind: message`.
    public var description: String { "\(kind.rawValue): \(message)" }
}

/// The one entry point every channel calls: handle(inbound) → replies, with state, transcript,
/// handoffs and consent changes persisted in one transaction before the replies are returned.
///
/// Messages are handled by one writer in arrival order (so a number's messages never race), and
/// messages that arrive while a transaction is running are handled together in the next one
/// (group commit): each still gets its replies only after that transaction committed.
///
/// ```swift
/// let engine = Engine(program: program, classifier: classifier, store: try SQLiteStore(path: "switchboard.sqlite"), clock: { Date() })
/// let result = try await engine.handle(InboundMessage(from: "+12025550101", body: "hi", providerID: "SM1"))
/// result.replies
/// ```
public final class Engine: @unchecked Sendable {
    // @unchecked: mutable state (`pending`, `draining`) is only touched under `lock`; all store work
    // runs on the serial `writer` queue.

    /// The flows.
    public let program: Program
    /// The classifier, if any.
    public let classifier: Classifier?
    /// The settings.
    public let config: EngineConfig
    let store: any ConversationStore
    let clock: @Sendable () -> Date
    let interpreter: Interpreter
    /// The HTTP lookup client and per-number lines, when a client is configured and the flows
    /// have HTTP lookups (Engine+Lookups).
    let lookupSupport: LookupSupport?

    private let writer = DispatchQueue(label: "switchboard.engine.writer")
    private let lock = NSLock()
    private var pending: [(Prepared, @Sendable (Result<HandleResult, any Error>) -> Void)] = []
    private var draining = false

    /// Contacts and conversations as last committed, by phone: only the writer queue touches these,
    /// so the per-message path skips reading and decoding state it wrote itself. `batchCache`
    /// holds what the running transaction wrote; it becomes `cache` on commit.
    var cache: [String: (contact: ContactRecord, conversation: ConversationRecord)] = [:]
    var batchCache: [String: (contact: ContactRecord, conversation: ConversationRecord)] = [:]
    static let cacheLimit = 20_000

    /// Creates an engine.
    /// - Parameters:
    ///   - program: The compiled flows.
    ///   - classifier: The classifier, or nil to match menus by keys and words only.
    ///   - store: Where conversations live.
    ///   - config: Settings.
    ///   - clock: The time source (injected so tests control it).
    ///   - lookupClient: Performs the requests of HTTP lookup nodes; without one they take `failed`.
    public init(
        program: Program, classifier: Classifier?, store: any ConversationStore, config: EngineConfig = EngineConfig(),
        clock: @escaping @Sendable () -> Date, lookupClient: (any HTTPLookupClient)? = nil
    ) {
        self.program = program
        self.classifier = classifier
        self.store = store
        self.config = config
        self.clock = clock
        self.interpreter = Interpreter(program: program)
        self.lookupSupport = lookupClient.flatMap { LookupSupport(client: $0, program: program) }
    }

    /// Handles one inbound message; returns after its transaction committed.
    /// - Parameter message: The message.
    /// - Returns: Replies and what happened.
    /// - Throws: ``EngineError`` for an unusable sender; store errors.
    public func handle(_ message: InboundMessage) async throws -> HandleResult {
        // Normalising and classifying are pure CPU work: done on the caller's task, in parallel.
        var prepared = prepare(message)
        // So are HTTP lookups the flow step will need: fetched now, never on the writer queue.
        let turn = await prefetchLookups(&prepared)
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(prepared) { continuation.resume(with: $0) }
            turn?.leave()  // the number's next message may be queued now
        }
    }

    /// Handles one message synchronously (for command-line tools), in its own transaction. It
    /// fetches nothing: HTTP lookup nodes take their `failed` edge.
    /// - Parameter message: The message.
    /// - Returns: Replies and what happened.
    /// - Throws: ``EngineError`` or store errors.
    public func handleNow(_ message: InboundMessage) throws -> HandleResult {
        let prepared = prepare(message)
        return try writer.sync {
            do {
                let result = try store.transaction { tx in try processFresh(prepared, in: tx) }
                commitCache()
                store.maintain()
                return result
            } catch {
                dropCache()
                throw error
            }
        }
    }

    /// Processes in a savepoint; when the cached conversation turns out stale (another process
    /// wrote it), forgets it and processes once more from the database.
    func processFresh(_ item: Prepared, in tx: any StoreTransaction) throws -> HandleResult {
        do {
            return try tx.savepoint { try process(item, in: tx) }
        } catch let error as EngineError where error.kind == .conflict {
            if case .success(let phone) = item.phone {
                cache[phone] = nil
                batchCache[phone] = nil
            }
            return try tx.savepoint { try process(item, in: tx) }
        }
    }

    func commitCache() {
        if cache.count + batchCache.count > Self.cacheLimit { cache = [:] }
        cache.merge(batchCache) { $1 }
        batchCache = [:]
    }

    func dropCache() {
        cache = [:]
        batchCache = [:]
    }

    /// Runs `body` on the writer queue, after messages already queued. Agent actions change
    /// conversations outside `process`, so the cache is dropped.
    func writerSync<T>(_ body: () throws -> T) throws -> T {
        try writer.sync {
            dropCache()
            defer { store.maintain() }
            return try body()
        }
    }

    private func enqueue(_ prepared: Prepared, _ callback: @escaping @Sendable (Result<HandleResult, any Error>) -> Void) {
        lock.lock()
        pending.append((prepared, callback))
        let start = !draining
        draining = true
        lock.unlock()
        if start { writer.async { self.drain() } }
    }

    private func drain() {
        while true {
            lock.lock()
            let batch = pending
            pending = []
            if batch.isEmpty { draining = false }
            lock.unlock()
            if batch.isEmpty { return }
            let prepared = coalesce(batch.map(\.0))
            var results: [Result<HandleResult, any Error>] = []
            do {
                // Fast path: the whole batch in one transaction without a savepoint per message.
                // Any failure rolls it all back and the batch is redone message by message.
                try store.transaction { tx in
                    results = try prepared.map { item in
                        if case .failure(let error) = item.phone { return .failure(error) }
                        return .success(try self.process(item, in: tx))
                    }
                }
                commitCache()
            } catch {
                dropCache()
                do {
                    try store.transaction { tx in
                        results = prepared.map { item in
                            let saved = batchCache
                            let result = Result { try self.processFresh(item, in: tx) }
                            if case .failure = result { batchCache = saved }
                            return result
                        }
                    }
                    commitCache()
                } catch {
                    dropCache()
                    results = batch.map { _ in .failure(error) }
                }
            }
            // A message absorbed into a later one of the same burst answers with no replies.
            for index in prepared.indices where prepared[index].absorbed {
                results[index] = results[index].map { result in
                    var quiet = result
                    quiet.replies = []
                    quiet.handoff = nil
                    quiet.coalesced = true
                    return quiet
                }
            }
            // Resumed here rather than from a queue of their own: the extra hop measured a higher p99.
            for (index, item) in batch.enumerated() { item.1(results[index]) }
            store.maintain()
        }
    }

    /// A message with its normalised phone, time and classification.
    struct Prepared: Sendable {
        var message: InboundMessage
        var phone: Result<String, EngineError>
        var now: Date
        var body: String
        var classification: Classification?
        /// Responses to the HTTP lookups the flow step is expected to need, fetched before queueing.
        var lookupOutcomes: [HTTPLookupRequest: HTTPLookupOutcome] = [:]
        /// Earlier texts of the same burst, stored before this one and answered together with it.
        var burst: [Prepared] = []
        /// Whether a later message of the burst answers for this one.
        var absorbed = false

        /// The compliance keyword this message is: the provider's when it matched one (its words may
        /// be a custom or other-language keyword), else the engine's own match on the text.
        var complianceKeyword: ComplianceKeyword? {
            guard let keyword = message.providerKeyword else { return ComplianceKeyword.match(body) }
            let words = String(body.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().prefix(20))
            let word = words.isEmpty ? keyword.rawValue : words
            switch keyword {
            case .stop: return .optOut(word)
            // A provider opt-in counts even as "YES" from a subscribed number: it was an opt-in there.
            case .start: return .optIn(word == "YES" ? keyword.rawValue : word)
            case .help: return .help(word)
            }
        }
    }

    /// With a burst window: texts from one number that arrived within the window of each other and
    /// wait in the same batch become one turn, answered once (never across a compliance keyword).
    func coalesce(_ items: [Prepared]) -> [Prepared] {
        guard let window = config.burstWindow, items.count > 1 else { return items }
        var result = items
        var lastIndexByPhone: [String: Int] = [:]
        for index in result.indices {
            guard case .success(let phone) = result[index].phone else { continue }
            if result[index].complianceKeyword != nil {
                lastIndexByPhone[phone] = nil  // a keyword ends the burst: nothing merges across it
                continue
            }
            if let previous = lastIndexByPhone[phone], result[index].now.timeIntervalSince(result[previous].now) <= window {
                var merged = result[index]
                var earlier = result[previous]
                earlier.body = Self.sanitize(earlier.message.body)  // its own text, not the burst's
                earlier.burst = []
                merged.burst = result[previous].burst + [earlier]
                merged.body = (merged.burst.map(\.body) + [result[index].body]).filter { !$0.isEmpty }.joined(separator: " ")
                merged.classification = classifier?.classify(String(merged.body.prefix(1600)))
                merged.lookupOutcomes.merge(result[previous].lookupOutcomes) { own, _ in own }
                result[previous] = earlier
                result[previous].absorbed = true
                result[index] = merged
            }
            lastIndexByPhone[phone] = index
        }
        return result
    }

    func prepare(_ message: InboundMessage) -> Prepared {
        let now = message.receivedAt ?? clock()
        let phone = Result { () throws(EngineError) in try normalizedPhone(message.from) }
        let body = Self.sanitize(message.body)
        let classification = message.classification ?? (body.isEmpty ? nil : classifier?.classify(String(body.prefix(1600))))
        return Prepared(message: message, phone: phone, now: now, body: body, classification: classification)
    }

    /// The E.164 form of a number in the configured default region.
    func normalizedPhone(_ raw: String) throws(EngineError) -> String {
        do {
            return try PhoneNumbers.normalize(raw, defaultRegion: config.defaultRegion)
        } catch {
            // "not a phone number (not a phone number)" said nothing twice.
            let reason = error.reason == "not a phone number" ? "" : " (\(error.reason))"
            throw EngineError(.invalidPhone, "the sender is not a phone number\(reason)")
        }
    }

    /// Removes control characters (keeping line breaks and tabs) and surrounding whitespace.
    static func sanitize(_ body: String) -> String {
        // Most texts are printable ASCII: then only surrounding spaces can go.
        var utf8Body = body  // withUTF8 needs a variable; it copies nothing for a native string
        if let trimmed = utf8Body.withUTF8({ bytes -> String? in
            guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            guard let first = bytes.firstIndex(where: { $0 != 0x20 }), let last = bytes.lastIndex(where: { $0 != 0x20 }) else { return "" }
            return first == 0 && last == bytes.count - 1 ? body : String(decoding: UnsafeBufferPointer(rebasing: bytes[first...last]), as: UTF8.self)
        }) {
            return trimmed
        }
        let scalars = body.unicodeScalars.filter { scalar in
            scalar == "\n" || scalar == "\t" || !(scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format && scalar != "\u{200D}")
        }
        return String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
