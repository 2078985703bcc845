import FlowRegex
import Foundation

/// The inputs of a step besides the text: the clock, the classifier's result and the contact.
public struct StepContext: Sendable {
    /// The current time; the interpreter never reads a clock itself.
    public var now: Date
    /// The classification of the inbound text, if a classifier ran.
    public var understanding: Understanding?
    /// Contact profile fields (`name`, `phone`, …) for `{{contact.x}}`.
    public var contact: [String: String]
    /// Responses to HTTP lookups, fetched before the step (the interpreter never calls out).
    public var lookupOutcomes: [HTTPLookupRequest: HTTPLookupOutcome]
    /// What an HTTP lookup whose request is not in ``lookupOutcomes`` does.
    public var unfetchedLookups: UnfetchedLookup

    /// Creates a context.
    /// - Parameters:
    ///   - now: The current time.
    ///   - understanding: The classification, if any.
    ///   - contact: Contact profile fields.
    ///   - lookupOutcomes: Responses to HTTP lookups, fetched before the step.
    ///   - unfetchedLookups: Take `failed` (the default) or suspend at a lookup without a response.
    public init(
        now: Date, understanding: Understanding? = nil, contact: [String: String] = [:],
        lookupOutcomes: [HTTPLookupRequest: HTTPLookupOutcome] = [:], unfetchedLookups: UnfetchedLookup = .takeFailed
    ) {
        self.now = now
        self.understanding = understanding
        self.contact = contact
        self.lookupOutcomes = lookupOutcomes
        self.unfetchedLookups = unfetchedLookups
    }
}

/// What a step produced.
public struct StepResult: Sendable {
    /// The state to store.
    public var state: ConversationState
    /// Texts to send, in order.
    public var replies: [String]
    /// What happened.
    public var events: [Event]
    /// The nodes the step entered, in order (for tracing and coverage).
    public var path: [NodeID]
    /// The graph edges the step took, in order, each named by its node and label as in
    /// ``Node/edges`` (a menu choice's key, `on_fail`, `valid`, a branch case, `found`…), so two
    /// edges to the same node stay apart (for coverage).
    public var edges: [TakenEdge] = []
    /// With ``UnfetchedLookup/suspend``: the HTTP lookup the step stopped at because its response
    /// was not supplied. The step then changed nothing: `state` is the state it was given, and
    /// there are no replies, events or path. Fetch the request and step again with its outcome.
    public var pendingLookup: PendingLookup?
}

/// An edge a step took: the node it left and the edge's label there (see ``Node/edges``).
public struct TakenEdge: Hashable, Sendable, CustomStringConvertible {
    /// The node the edge leaves.
    public var from: NodeID
    /// The edge's label at that node (empty for `next` and `goto`).
    public var label: String

    /// Creates a taken edge.
    /// - Parameters:
    ///   - from: The node the edge leaves.
    ///   - label: The edge's label there.
    public init(from: NodeID, label: String) {
        self.from = from
        self.label = label
    }

    /// `from [label]`.
    public var description: String { label.isEmpty ? from.description : "\(from) [\(label)]" }
}

/// Runs compiled flows one inbound message at a time, as a pure function.
///
/// No files, clock, network or randomness: the same program, state, text and context always
/// give the same result. HTTP lookups read responses the caller fetched beforehand
/// (``StepContext/lookupOutcomes``); in ``UnfetchedLookup/suspend`` mode a step that meets one
/// without its response stops and names the request in ``StepResult/pendingLookup``.
///
/// ```swift
/// let interpreter = Interpreter(program: program)
/// var state = ConversationState()
/// let result = interpreter.step(state, input: "hi", context: StepContext(now: now))
/// state = result.state   // store it; send result.replies
/// ```
public struct Interpreter: Sendable {
    /// The program being run.
    public let program: Program
    /// How many nodes one step may enter before it stops with an error event.
    public var stepLimit: Int

    /// Creates an interpreter.
    /// - Parameters:
    ///   - program: The compiled flows.
    ///   - stepLimit: The bound on nodes entered per step.
    public init(program: Program, stepLimit: Int = 100) {
        self.program = program
        self.stepLimit = stepLimit
    }

    /// Handles one inbound message.
    /// - Parameters:
    ///   - state: The conversation's state before the message.
    ///   - input: The message text.
    ///   - context: Clock, classification and contact.
    /// - Returns: The new state, the replies and the events.
    public func step(_ state: ConversationState, input: String, context: StepContext) -> StepResult {
        var run = Run(program: program, state: state, context: context, stepLimit: stepLimit, input: input)
        run.handle(input)
        return run.result(from: state)
    }

    /// Moves a conversation to a node without an inbound message: a proactive message, or an
    /// agent handing the conversation back to the bot.
    /// - Parameters:
    ///   - state: The conversation's state.
    ///   - node: Where to continue.
    ///   - context: Clock, classification and contact.
    /// - Returns: The new state, the replies and the events.
    public func enter(_ state: ConversationState, at node: NodeID, context: StepContext) -> StepResult {
        var run = Run(program: program, state: state, context: context, stepLimit: stepLimit)
        run.state.programFingerprint = program.fingerprint
        run.state.handoffQueue = nil
        run.state.misses = 0
        run.run(from: node)
        return run.result(from: state)
    }
}

/// One step's working state.
private struct Run {
    let program: Program
    var state: ConversationState
    let context: StepContext
    let stepLimit: Int
    var replies: [String] = []
    var events: [Event] = []
    var path: [NodeID] = []
    /// The labelled edges taken, in order.
    var taken: [TakenEdge] = []
    /// The HTTP lookup the step stopped at, when it suspends for one.
    var pending: PendingLookup?
    /// The step's input and its normalised form, computed once for every matcher.
    let input: String
    let normalizedInput: String

    init(program: Program, state: ConversationState, context: StepContext, stepLimit: Int, input: String = "") {
        self.program = program
        self.state = state
        self.context = context
        self.stepLimit = stepLimit
        self.input = input
        self.normalizedInput = TextMatching.normalize(input)
    }

    /// The step's result; a suspended step changed nothing.
    func result(from initial: ConversationState) -> StepResult {
        if let pending { return StepResult(state: initial, replies: [], events: [], path: [], pendingLookup: pending) }
        return StepResult(state: state, replies: replies, events: events, path: path, edges: taken)
    }

    private func normalized(_ text: String) -> String {
        text == input ? normalizedInput : TextMatching.normalize(text)
    }

    mutating func handle(_ input: String) {
        state.turns += 1
        state.lastActivity = context.now
        if let understanding = context.understanding { state.lastUnderstanding = understanding }
        if state.programFingerprint != program.fingerprint {
            state.programFingerprint = program.fingerprint
            if state.status != .idle, !positionIsValid() {
                replies.append(program.notices.flowChanged)
                events.append(.restarted(reason: "node \(state.position?.description ?? "?") no longer exists"))
                state.status = .idle
                state.position = nil
            }
        }
        switch state.status {
        case .handoff:
            return
        case .idle:
            open(with: input)
        case .csat:
            let answer = normalized(input)
            if let score = Int(answer), (1...5).contains(score), let position = state.position,
                case .end(let end)? = program.node(position)?.kind
            {
                state.slots["csat"] = String(score)
                events.append(.slotSet(name: "csat", value: String(score)))
                events.append(.csat(score: score))
                say([end.csatThanks])
                state.status = .idle
                state.position = nil
            } else {
                state.status = .idle
                state.position = nil
                open(with: input)
            }
        case .waiting:
            reply(input)
        }
    }

    private func positionIsValid() -> Bool {
        guard let position = state.position, let node = program.node(position) else { return false }
        switch (state.status, node.kind) {
        case (.waiting, .menu), (.waiting, .collect), (.csat, .end), (.handoff, .handoff): return true
        default: return false
        }
    }

    /// The first message of a conversation: global handlers, then the entry flow from its start.
    private mutating func open(with input: String) {
        let entry = program.entryPoint
        if !(program.flows[entry.flow]?.keepSlotsOnRestart ?? false) { state.slots = [:] }
        state.misses = 0
        state.department = nil
        state.handoffQueue = nil
        if let target = globalTarget(for: input, flows: [entry.flow]) {
            events.append(.global(target: target))
            run(from: target)
            return
        }
        run(from: entry, opening: input)
    }

    /// A reply to the node the conversation waits at.
    private mutating func reply(_ input: String) {
        guard let position = state.position, let node = program.node(position) else {
            open(with: input)
            return
        }
        var flows = [position.flow]
        if program.entryFlow != position.flow { flows.append(program.entryFlow) }
        if let target = globalTarget(for: input, flows: flows) {
            events.append(.global(target: target))
            state.misses = 0
            run(from: target)
            return
        }
        switch node.kind {
        case .menu(let menu):
            if let choice = select(input, in: menu, allowKeys: true) {
                taken.append(TakenEdge(from: position, label: choice.key))
                take(choice)
            } else {
                miss(at: position, limit: menu.maxMisses, onFail: menu.onFail, reprompt: menu.reprompt)
            }
        case .collect(let collect):
            switch validate(input, with: collect) {
            case .success(let value?):
                // A good value ends this visit's misses: coming back to the node starts afresh.
                state.consecutiveFailures = 0
                state.misses = 0
                state.slots[collect.slot] = value
                events.append(.slotSet(name: collect.slot, value: value))
                taken.append(TakenEdge(from: position, label: "valid"))
                run(from: collect.next)
            case .success(nil):
                miss(at: position, limit: collect.maxFailures, onFail: collect.onFail, reprompt: collect.reprompt)
            case .failure(let error):
                events.append(.error(message: error.description))
                miss(at: position, limit: collect.maxFailures, onFail: collect.onFail, reprompt: collect.reprompt)
            }
        default:
            open(with: input)
        }
    }

    private mutating func take(_ choice: Choice) {
        state.consecutiveFailures = 0
        state.misses = 0
        setSlots(of: choice)
        run(from: choice.target)
    }

    private mutating func setSlots(of choice: Choice) {
        for (slot, template) in choice.set {
            let value = render(template)
            state.slots[slot] = value
            events.append(.slotSet(name: slot, value: value))
        }
    }

    private mutating func miss(at position: NodeID, limit: Int, onFail: NodeID, reprompt: Template) {
        state.misses += 1
        state.consecutiveFailures += 1
        events.append(.miss(node: position, count: state.misses))
        if state.misses >= limit {
            events.append(.fallback(node: position))
            taken.append(TakenEdge(from: position, label: "on_fail"))
            state.misses = 0
            run(from: onFail)
        } else {
            say([reprompt])
        }
    }

    private func validate(_ input: String, with collect: Collect) -> Result<String?, RegexError> {
        do {
            guard let match = try collect.pattern.firstMatch(in: input),
                collect.valueGroup < match.captures.count, var value = match.captures[collect.valueGroup]
            else { return .success(nil) }
            for normalization in collect.normalize { value = normalization.apply(value) }
            return .success(value.isEmpty ? nil : value)
        } catch {
            return .failure(error)
        }
    }

    /// The choice a reply selects: its key or number, then its words, then its intents.
    private func select(_ input: String, in menu: Menu, allowKeys: Bool) -> Choice? {
        let text = normalized(input)
        if allowKeys {
            // "B 👍" is B: emoji beside a key are decoration.
            let key = TextMatching.withoutEmoji(text)
            if let choice = menu.choices.first(where: { $0.key == key || $0.number.map(String.init) == key }) {
                return choice
            }
        }
        var best: (choice: Choice, length: Int)?
        for choice in menu.choices {
            for phrase in choice.phrases where TextMatching.contains(phrase, in: text) {
                if phrase.count > (best?.length ?? 0) { best = (choice, phrase.count) }
            }
        }
        if let best { return best.choice }
        if let understanding = context.understanding, let intent = understanding.intent,
            understanding.confidence >= menu.minConfidence
        {
            return menu.choices.first(where: { $0.intents.contains(intent) })
        }
        return nil
    }

    private func globalTarget(for input: String, flows: [String]) -> NodeID? {
        let text = normalized(input)
        for flowID in flows {
            guard let flow = program.flows[flowID] else { continue }
            for handler in flow.globals {
                if handler.exact.contains(text) { return handler.target }
                if handler.contains.contains(where: { TextMatching.contains($0, in: text) }) { return handler.target }
                if let understanding = context.understanding, let intent = understanding.intent,
                    handler.intents.contains(intent), understanding.confidence >= handler.minConfidence
                {
                    return handler.target
                }
            }
        }
        return nil
    }

    /// Runs nodes from `start` until one waits for input, hands off or ends.
    mutating func run(from start: NodeID, opening: String? = nil) {
        var current = start
        var opening = opening
        for _ in 0..<stepLimit {
            guard let node = program.node(current) else {
                fail("node \(current) does not exist")
                return
            }
            path.append(current)
            if let department = node.department { state.department = department }
            switch node.kind {
            case .message(let texts, let next):
                say(texts)
                taken.append(TakenEdge(from: current, label: ""))
                current = next
            case .menu(let menu):
                if let text = opening, let choice = select(text, in: menu, allowKeys: false) {
                    opening = nil
                    setSlots(of: choice)
                    taken.append(TakenEdge(from: current, label: choice.key))
                    current = choice.target
                    continue
                }
                say(menu.prompt)
                wait(at: current, status: .waiting)
                return
            case .collect(let collect):
                say(collect.prompt)
                wait(at: current, status: .waiting)
                return
            case .branch(let cases, let otherwise):
                let chosen = cases.first(where: { holds($0.condition) })
                taken.append(TakenEdge(from: current, label: chosen?.label ?? "else"))
                current = chosen?.target ?? otherwise
            case .lookup(let lookup):
                let key = render(lookup.key)
                if let row = program.tables[lookup.table]?.sortedRow(matching: key, in: lookup.column) {
                    for (column, value) in row {
                        let slot = lookup.into + "." + column
                        state.slots[slot] = value
                        events.append(.slotSet(name: slot, value: value))
                    }
                    taken.append(TakenEdge(from: current, label: "found"))
                    current = lookup.found
                } else {
                    taken.append(TakenEdge(from: current, label: "not_found"))
                    current = lookup.notFound
                }
            case .httpLookup(let lookup):
                guard let next = call(lookup, at: current) else { return }
                current = next
            case .handoff(let handoff):
                say(handoff.say)
                let queue = handoff.queue ?? state.department ?? "general"
                events.append(.handoff(queue: queue, reason: handoff.reason, note: render(handoff.note)))
                state.handoffQueue = queue
                wait(at: current, status: .handoff)
                return
            case .goto(let target):
                taken.append(TakenEdge(from: current, label: ""))
                current = target
            case .end(let end):
                say(end.say)
                events.append(.flowEnded(current))
                if let question = end.csatQuestion {
                    say([question])
                    wait(at: current, status: .csat)
                } else {
                    state.status = .idle
                    state.position = nil
                    state.misses = 0
                }
                return
            }
        }
        fail("step limit of \(stepLimit) nodes reached at \(current)")
    }

    /// The edge an HTTP lookup takes, with its slots set; `nil` when the step suspends for it.
    private mutating func call(_ lookup: HTTPLookup, at node: NodeID) -> NodeID? {
        let request: HTTPLookupRequest
        switch lookup.request({ value(of: $0) }) {
        case .success(let rendered): request = rendered
        case .failure(let missing):
            let names = missing.names.map { "'\($0)'" }.joined(separator: ", ")
            events.append(.lookupFailed(node: node, reason: "no value for \(names)"))
            taken.append(TakenEdge(from: node, label: "failed"))
            return lookup.failed
        }
        guard let outcome = context.lookupOutcomes[request] else {
            if context.unfetchedLookups == .suspend {
                pending = PendingLookup(node: node, request: request, timeout: lookup.timeout)
                return nil
            }
            events.append(.lookupFailed(node: node, reason: HTTPLookupFailure.notFetched.reason))
            taken.append(TakenEdge(from: node, label: "failed"))
            return lookup.failed
        }
        switch lookup.answer(for: outcome) {
        case .found(let values):
            for (slot, value) in values {
                state.slots[slot] = value
                if let value { events.append(.slotSet(name: slot, value: value)) }
            }
            taken.append(TakenEdge(from: node, label: "found"))
            return lookup.found
        case .notFound:
            taken.append(TakenEdge(from: node, label: "not_found"))
            return lookup.notFound
        case .failed(let reason):
            events.append(.lookupFailed(node: node, reason: reason))
            taken.append(TakenEdge(from: node, label: "failed"))
            return lookup.failed
        }
    }

    private mutating func wait(at node: NodeID, status: ConversationState.Status) {
        if state.position != node || state.status != status { state.misses = 0 }
        state.position = node
        state.status = status
    }

    private mutating func fail(_ message: String) {
        events.append(.error(message: message))
        replies.append(program.notices.internalError)
        state.status = .idle
        state.position = nil
        state.misses = 0
    }

    private mutating func say(_ templates: [Template]) {
        for template in templates {
            let text = render(template)
            if !text.isEmpty { replies.append(text) }
        }
    }

    private mutating func render(_ template: Template) -> String {
        let (text, missing) = template.render { name in value(of: name) }
        for name in missing { events.append(.error(message: "template variable '\(name)' has no value")) }
        return text
    }

    private func value(of name: String) -> String? {
        if name.hasPrefix("contact.") { return context.contact[String(name.dropFirst("contact.".count))] }
        if name == "department" { return state.department }
        return state.slots[name]
    }

    private func holds(_ condition: Condition) -> Bool {
        switch condition {
        case .all(let conditions): return conditions.allSatisfy { holds($0) }
        case .any(let conditions): return conditions.contains { holds($0) }
        case .not(let inner): return !holds(inner)
        case .slotSet(let name): return !(value(of: name) ?? "").isEmpty
        case .slotEquals(let name, let values):
            let current = (value(of: name) ?? "").lowercased()
            return values.contains { $0.lowercased() == current }
        case .slotMatches(let name, let pattern):
            return (try? pattern.matches(value(of: name) ?? "")) ?? false
        case .intent(let intents, let minConfidence):
            guard let understanding = state.lastUnderstanding, let intent = understanding.intent else { return false }
            return intents.contains(intent) && understanding.confidence >= minConfidence
        case .sentiment(let labels):
            guard let label = state.lastUnderstanding?.sentiment else { return false }
            return labels.contains(label)
        case .sentimentBelow(let threshold):
            guard let understanding = state.lastUnderstanding, understanding.sentiment != nil else { return false }
            return understanding.sentimentScore < threshold
        case .within(let hours):
            return hours.contains(context.now)
        }
    }
}

extension BusinessHours {
    /// Whether `date` falls inside an open window, in the hours' time zone.
    /// - Parameter date: The instant to test.
    /// - Returns: `true` when open.
    public func contains(_ date: Date) -> Bool {
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = parts.weekday, let hour = parts.hour, let minute = parts.minute else { return false }
        let minutes = hour * 60 + minute
        return windows[weekday]?.contains { $0.contains(minutes) } ?? false
    }
}
