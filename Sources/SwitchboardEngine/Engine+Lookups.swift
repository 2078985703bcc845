import Dispatch
import FlowRuntime
import Foundation

/// HTTP lookups, fetched before a message enters the writer queue.
///
/// The interpreter cannot call out, so `handle` first runs the flow step on the number's stored
/// state in suspend mode: when the step stops at an HTTP lookup, the request is fetched through the
/// ``HTTPLookupClient`` and the step is run again with the response, up to ``maxLookupRounds``
/// times (a lookup's URL may use slots the previous lookup set). The outcomes travel with the
/// message; the real step inside the transaction uses them, and takes `failed` for any request it
/// still lacks (the conversation changed in between), so the writer never waits for the network.
///
/// Meanwhile the number's later messages wait before entering the queue, so they keep their order.
extension Engine {
    /// The most requests one message may fetch, one after the other.
    static let maxLookupRounds = 5
    /// How long past a node's timeout the engine waits for a client that has not answered.
    static let lookupGrace: Duration = .seconds(1)

    /// Fetches the HTTP lookups `prepared`'s flow step will need into `prepared.lookupOutcomes`,
    /// then waits until the number's earlier messages are queued.
    /// - Parameter prepared: The message; its outcomes are filled in.
    /// - Returns: The message's place in its number's line: call `leave()` once it is queued.
    func prefetchLookups(_ prepared: inout Prepared) async -> LookupLine.Turn? {
        guard let lookupSupport, case .success(let phone) = prepared.phone else { return nil }
        let turn = lookupSupport.line.join(phone)  // before any suspension: arrival order
        prepared.lookupOutcomes = await fetchLookups(for: prepared, phone: phone, support: lookupSupport)
        await turn.waitForEarlierMessages()
        return turn
    }

    private func fetchLookups(
        for item: Prepared, phone: String, support: LookupSupport
    ) async -> [HTTPLookupRequest: HTTPLookupOutcome] {
        // The store read blocks, so it runs on the support queue rather than the caller's thread.
        let loaded = await withCheckedContinuation { continuation in
            support.queue.async {
                continuation.resume(returning: try? self.store.read { tx -> (ContactRecord?, ConversationRecord?, Bool) in
                    let seen = try item.message.providerID.map { try tx.processedReplies(providerID: $0) != nil } ?? false
                    return (try tx.contact(phone: phone), try tx.conversation(phone: phone), seen)
                })
            }
        }
        // A store error or a provider id seen before: nothing to fetch (the step takes `failed` if it must).
        guard let (contact, conversation, seen) = loaded, !seen,
            let (state, context) = flowStepInput(
                item, contact: contact ?? ContactRecord(phone: phone),
                conversation: conversation ?? ConversationRecord(phone: phone, now: item.now))
        else { return [:] }
        var suspending = context
        suspending.unfetchedLookups = .suspend
        var outcomes: [HTTPLookupRequest: HTTPLookupOutcome] = [:]
        for _ in 0..<Self.maxLookupRounds {
            suspending.lookupOutcomes = outcomes
            guard let pending = interpreter.step(state, input: item.body, context: suspending).pendingLookup else { break }
            outcomes[pending.request] = await Self.fetch(pending, with: support.client)
        }
        return outcomes
    }

    /// The state and context of the flow step `process` would run for this message, or nil when
    /// the engine answers it without the flow. Mirrors `process` and `converse`: keep them in step.
    func flowStepInput(
        _ item: Prepared, contact: ContactRecord, conversation: ConversationRecord
    ) -> (ConversationState, StepContext)? {
        switch item.complianceKeyword {
        case .optOut: return nil
        case .optIn(let word) where word != "YES" || contact.consent == .optedOut: return nil
        case .help: return nil
        default: if contact.consent == .optedOut { return nil }
        }
        if conversation.awaitingCSAT, Self.csatScore(item.body) != nil { return nil }
        if let classification = item.classification, classification.intent == "opt_out",
            classification.confidence >= config.freeTextOptOutConfidence
        {
            return nil
        }
        var conversation = conversation
        expireIdleSession(&conversation, now: item.now)
        if conversation.status == .queued || conversation.status == .agent { return nil }
        let failures = conversation.state.consecutiveFailures
        let normalized = TextMatching.normalize(item.body)
        let repeated = failures > 0 && !normalized.isEmpty && normalized == conversation.lastInbound
        let frustration = conversationFrustration(item.classification?.frustration ?? 0, failures: failures, repeated: repeated)
        // An escalating message fetches nothing: the flow's own handoff is taken only when it needs no lookup.
        if escalationReason(item.classification, frustration: frustration, repeated: repeated, failures: failures) != nil {
            return nil
        }
        return (conversation.state, stepContext(item, contact: contact))
    }

    /// The context of a message's flow step: its time, classification, contact and fetched lookups.
    func stepContext(_ item: Prepared, contact: ContactRecord) -> StepContext {
        var profile = contact.profile
        profile["phone"] = contact.phone
        return StepContext(now: item.now, understanding: item.classification?.understanding, contact: profile, lookupOutcomes: item.lookupOutcomes)
    }

    /// Session expiry: an idle bot conversation restarts at its flow's start.
    func expireIdleSession(_ conversation: inout ConversationRecord, now: Date) {
        if conversation.status == .bot || conversation.status == .closed,
            now.timeIntervalSince(conversation.lastActivity) > config.sessionTimeout, conversation.state.status != .idle
        {
            conversation.state.status = .idle
            conversation.state.position = nil
            conversation.state.consecutiveFailures = 0
        }
    }

    /// A CSAT answer: a number from 1 to 5, punctuation and spaces ignored.
    static func csatScore(_ body: String) -> Int? {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).lowercased()
        // "⭐⭐⭐⭐": one star per point.
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ $0 == "\u{2B50}" || $0 == "\u{FE0F}" || $0 == " " }) {
            let stars = text.unicodeScalars.filter { $0 == "\u{2B50}" }.count
            return (1...5).contains(stars) ? stars : nil
        }
        // "4", "4 stars", "4/5", "4 out of 5".
        let words = text.split(whereSeparator: { $0 == " " || $0 == "/" }).map(String.init)
        guard let first = words.first, let score = Int(first), (1...5).contains(score),
            words.dropFirst().allSatisfy({ ["star", "stars", "out", "of", "5"].contains($0) })
        else { return nil }
        return score
    }

    /// Asks the client, but waits at most the node's timeout plus ``lookupGrace``.
    private static func fetch(_ pending: PendingLookup, with client: any HTTPLookupClient) async -> HTTPLookupOutcome {
        await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let fetching = Task {
                answer.give(await client.fetch(pending.request, timeout: pending.timeout))
            }
            answer.onTimeout = Task {
                do { try await Task.sleep(for: pending.timeout + lookupGrace) } catch { return }
                if answer.give(.failure(.timeout)) { fetching.cancel() }
            }
        }
    }
}

/// Resumes a continuation with the first outcome given, once; cancels the watchdog when the client answers.
private final class FirstAnswer: @unchecked Sendable {
    // @unchecked: `continuation` and `watchdog` only change under `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPLookupOutcome, Never>?
    private var watchdog: Task<Void, Never>?

    init(_ continuation: CheckedContinuation<HTTPLookupOutcome, Never>) { self.continuation = continuation }

    /// The timeout task, cancelled when the client answers first.
    var onTimeout: Task<Void, Never>? {
        get { lock.withLock { watchdog } }
        set {
            let finished = lock.withLock {
                watchdog = newValue
                return continuation == nil
            }
            if finished { newValue?.cancel() }
        }
    }

    /// Resumes with `outcome` unless an outcome was already given.
    /// - Returns: Whether this outcome was the first.
    @discardableResult
    func give(_ outcome: HTTPLookupOutcome) -> Bool {
        let (first, timer) = lock.withLock {
            let first = continuation
            continuation = nil
            return (first, watchdog)
        }
        guard let first else { return false }
        first.resume(returning: outcome)
        timer?.cancel()
        return true
    }
}

/// The client and the per-number lines of an engine that fetches HTTP lookups.
final class LookupSupport: Sendable {
    /// Performs the requests.
    let client: any HTTPLookupClient
    /// Keeps each number's messages in order while they wait for lookups.
    let line = LookupLine()
    /// Where the blocking store read before a fetch runs.
    let queue = DispatchQueue(label: "switchboard.engine.lookups", attributes: .concurrent)

    /// Support for `program`, or nil when none of its nodes is an HTTP lookup (nothing to fetch).
    init?(client: any HTTPLookupClient, program: Program) {
        let hasLookups = program.flows.values.contains { flow in
            flow.nodes.values.contains { if case .httpLookup = $0.kind { true } else { false } }
        }
        guard hasLookups else { return nil }
        self.client = client
    }
}

/// One line per phone number: a message enters the writer queue only after the number's earlier
/// messages did, however long their lookups took.
final class LookupLine: @unchecked Sendable {
    // @unchecked: `last` only changes under `lock`.
    private let lock = NSLock()
    private var last: [String: Turn] = [:]

    /// Takes the next place in the number's line.
    func join(_ phone: String) -> Turn {
        lock.withLock {
            let turn = Turn(phone: phone, previous: last[phone], line: self)
            last[phone] = turn
            return turn
        }
    }

    fileprivate func remove(_ turn: Turn) {
        lock.withLock { if last[turn.phone] === turn { last[turn.phone] = nil } }
    }

    /// One message's place in its number's line.
    final class Turn: @unchecked Sendable {
        // @unchecked: `previous`, `done` and `waiters` only change under `lock`.
        fileprivate let phone: String
        private let lock = NSLock()
        private var previous: Turn?
        private var done = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        private let line: LookupLine

        fileprivate init(phone: String, previous: Turn?, line: LookupLine) {
            self.phone = phone
            self.previous = previous
            self.line = line
        }

        /// Returns once every earlier message of the number has left the line.
        func waitForEarlierMessages() async {
            guard let previous = lock.withLock({ previous }) else { return }
            await previous.waitUntilDone()
            lock.withLock { self.previous = nil }
        }

        private func waitUntilDone() async {
            await withCheckedContinuation { continuation in
                let ready = lock.withLock {
                    if !done { waiters.append(continuation) }
                    return done
                }
                if ready { continuation.resume() }
            }
        }

        /// Leaves the line (the message is queued): the number's next message may go.
        func leave() {
            let waiting = lock.withLock {
                done = true
                defer { waiters = [] }
                return waiters
            }
            line.remove(self)
            for waiter in waiting { waiter.resume() }
        }
    }
}
