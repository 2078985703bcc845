import FlowLanguage
import FlowRegex
import FlowRuntime
import Foundation
import Testing

/// The interpreter's own guarantees, beyond what conversation files cover.
struct InterpreterTests {
    static let now = Date(timeIntervalSince1970: 1_795_446_000)  // Mon 2026-11-23 15:00 UTC

    func program(_ yaml: String, tables: [SourceFile] = []) throws -> Program {
        let result = FlowCompiler.compile(flows: [SourceFile(path: "t.yaml", text: yaml)], tables: tables)
        return try #require(result.program, "\(result.diagnostics.map { DiagnosticRenderer.render($0) })")
    }

    static let menuFlow = """
        flow: t
        start: m
        nodes:
          m:
            kind: menu
            say: "Reply A or B."
            choices:
              - {key: A, label: apples, words: [apple, my apples], intents: [fruit], goto: a}
              - {key: B, label: bananas, words: [banana], goto: b}
            on_fail: failed
          a:
            kind: end
            say: "Apples!"
          b:
            kind: end
            say: "Bananas!"
          failed:
            kind: end
            say: "Giving up."
        """

    @Test func menuMatchesKeysPunctuationWordsAndIntents() throws {
        let interpreter = Interpreter(program: try program(Self.menuFlow))
        let started = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now))
        #expect(started.replies == ["Reply A or B."])
        for (input, expected) in [("a", "Apples!"), ("  A. ", "Apples!"), (" b)", "Bananas!"), ("I want MY apples!", "Apples!"), ("banana pls", "Bananas!"), ("B \u{1F44D}", "Bananas!"), ("\u{FF22}", "Bananas!"), ("\u{FF41}\u{FF50}\u{FF50}\u{FF4C}\u{FF45}", "Apples!")] {
            let result = interpreter.step(started.state, input: input, context: StepContext(now: Self.now))
            #expect(result.replies == [expected], "input \(input)")
        }
        let byIntent = interpreter.step(started.state, input: "something", context: StepContext(now: Self.now, understanding: Understanding(intent: "fruit", confidence: 0.9)))
        #expect(byIntent.replies == ["Apples!"])
        let lowConfidence = interpreter.step(started.state, input: "something", context: StepContext(now: Self.now, understanding: Understanding(intent: "fruit", confidence: 0.2)))
        #expect(lowConfidence.replies == ["Sorry, I didn't get that. Reply A for apples or B for bananas."])
    }

    @Test func missesRepromptThenFallBack() throws {
        let interpreter = Interpreter(program: try program(Self.menuFlow))
        var state = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now)).state
        let first = interpreter.step(state, input: "what", context: StepContext(now: Self.now))
        #expect(first.replies == ["Sorry, I didn't get that. Reply A for apples or B for bananas."])
        #expect(first.events == [.miss(node: NodeID(flow: "t", node: "m"), count: 1)])
        state = first.state
        let second = interpreter.step(state, input: "huh", context: StepContext(now: Self.now))
        #expect(second.replies == ["Giving up."])
        #expect(second.events.contains(.fallback(node: NodeID(flow: "t", node: "m"))))
        #expect(second.state.status == .idle)
        #expect(second.state.consecutiveFailures == 2)
    }

    @Test func missesStartOverWhenOnFailLeadsBackToTheSameMenu() throws {
        let interpreter = Interpreter(program: try program("""
            flow: t
            start: m
            nodes:
              m:
                kind: menu
                say: "Reply A."
                reprompt: "Please reply A."
                choices:
                  - {key: A, goto: done}
                on_fail: sorry
              sorry:
                kind: message
                say: "Let's try once more."
                next: m
              done:
                kind: end
            """))
        var state = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now)).state
        state = interpreter.step(state, input: "x", context: StepContext(now: Self.now)).state
        let fallback = interpreter.step(state, input: "x", context: StepContext(now: Self.now))
        #expect(fallback.replies == ["Let's try once more.", "Reply A."])
        // A fresh round: the next miss reprompts instead of falling back at once.
        let next = interpreter.step(fallback.state, input: "x", context: StepContext(now: Self.now))
        #expect(next.replies == ["Please reply A."])
    }

    @Test("a good answer ends the misses: coming back to the same menu gets its reprompt again")
    func aGoodAnswerResetsMisses() throws {
        let interpreter = Interpreter(program: try program("""
            flow: t
            start: m
            nodes:
              m:
                kind: menu
                say: "Reply A or H."
                reprompt: "Please reply A or H."
                max_misses: 2
                choices:
                  - {key: A, goto: done}
                  - {key: H, goto: hours}
                on_fail: failed
              hours:
                kind: message
                say: "We're open 9 to 5."
                next: m
              done:
                kind: end
              failed:
                kind: end
                say: "Getting a person."
            """))
        var state = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now)).state
        state = interpreter.step(state, input: "xyz", context: StepContext(now: Self.now)).state
        state = interpreter.step(state, input: "H", context: StepContext(now: Self.now)).state
        #expect(state.misses == 0)
        let typo = interpreter.step(state, input: "typo", context: StepContext(now: Self.now))
        #expect(typo.replies == ["Please reply A or H."])
    }

    @Test("branches test the classifier's intent with its confidence, the sentiment label and the sentiment score")
    func branchesOnUnderstanding() throws {
        let interpreter = Interpreter(program: try program("""
            flow: t
            start: m
            nodes:
              m:
                kind: menu
                say: "Reply A."
                choices:
                  - {key: A, goto: triage}
                on_fail: m
              triage:
                kind: branch
                cases:
                  - if: {intent: billing, min_confidence: 0.7}
                    goto: billing
                  - if: {any: [{sentiment: negative}, {sentiment_below: -0.3}]}
                    goto: upset
                else: other
              billing:
                kind: end
                say: "Billing."
              upset:
                kind: end
                say: "Sorry."
              other:
                kind: end
                say: "Other."
            """))
        let started = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now)).state
        func reply(_ understanding: Understanding) -> [String] {
            interpreter.step(started, input: "A", context: StepContext(now: Self.now, understanding: understanding)).replies
        }
        #expect(reply(Understanding(intent: "billing", confidence: 0.9)) == ["Billing."])
        #expect(reply(Understanding(intent: "billing", confidence: 0.5)) == ["Other."])
        #expect(reply(Understanding(intent: "order_status", confidence: 0.9, sentiment: "negative", sentimentScore: -0.1)) == ["Sorry."])
        #expect(reply(Understanding(intent: "order_status", confidence: 0.9, sentiment: "neutral", sentimentScore: -0.5)) == ["Sorry."])
        #expect(reply(Understanding(intent: "order_status", confidence: 0.9, sentiment: "neutral", sentimentScore: 0)) == ["Other."])
    }

    @Test func stepIsDeterministic() throws {
        let interpreter = Interpreter(program: try program(Self.menuFlow))
        let one = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now))
        let two = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now))
        #expect(one.replies == two.replies)
        #expect(one.state == two.state)
        #expect(one.state.encoded() == two.state.encoded())
    }

    @Test func stepBoundStopsARunawayLoop() throws {
        // The validator rejects such loops, so build the program by hand.
        let a = NodeID(flow: "t", node: "a"), b = NodeID(flow: "t", node: "b")
        let flow = Flow(id: "t", start: "a", nodes: [
            "a": Node(id: a, kind: .message(say: [Template(literal: "ping")], next: b)),
            "b": Node(id: b, kind: .goto(a)),
        ], globals: [], keepSlotsOnRestart: false)
        let program = Program(flows: ["t": flow], entryFlow: "t", queues: [:], tables: [:], fingerprint: "x")
        let result = Interpreter(program: program, stepLimit: 10).step(ConversationState(), input: "hi", context: StepContext(now: Self.now))
        #expect(result.events.last == .error(message: "step limit of 10 nodes reached at t.a"))
        #expect(result.replies.last == program.notices.internalError)
        #expect(result.replies.count == 6)
        #expect(result.state.status == .idle)
    }

    @Test func removedNodeRestartsWithANotice() throws {
        let old = try program(Self.menuFlow)
        let interpreter = Interpreter(program: old)
        let waiting = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now)).state
        let edited = try program(Self.menuFlow.replacingOccurrences(of: "start: m", with: "start: m2").replacingOccurrences(of: "  m:\n", with: "  m2:\n").replacingOccurrences(of: "on_fail: failed", with: "on_fail: failed\n  # edited"))
        let result = Interpreter(program: edited).step(waiting, input: "a", context: StepContext(now: Self.now))
        #expect(result.replies.first == edited.notices.flowChanged)
        #expect(result.events.first == .restarted(reason: "node t.m no longer exists"))
        #expect(result.state.position == NodeID(flow: "t", node: "m2"))
        #expect(result.state.programFingerprint == edited.fingerprint)
    }

    @Test func stateRoundTripsAndRejectsNewerVersions() throws {
        let interpreter = Interpreter(program: try program(Self.menuFlow))
        let state = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now)).state
        #expect(try ConversationState.decode(state.encoded()) == state)
        var newer = String(decoding: state.encoded(), as: UTF8.self)
        newer = newer.replacingOccurrences(of: "\"version\":1", with: "\"version\":99")
        #expect(throws: StateFormatError.self) { try ConversationState.decode(Data(newer.utf8)) }
    }

    @Test func handWrittenEncodingRoundTripsAwkwardValues() throws {
        var state = ConversationState()
        state.slots = [
            "note": "quote \" backslash \\ newline \n tab \t bell \u{7} emoji 😀", "a.b": "x",
            "separators": "line\u{2028}paragraph\u{2029}euro € dash – end \r\u{1F}", "": "",
        ]
        state.position = NodeID(flow: "f", node: "n")
        state.status = .waiting
        state.department = "billing"
        state.lastActivity = Date(timeIntervalSince1970: 1_795_446_000.123)
        state.lastUnderstanding = Understanding(intent: "billing", confidence: 0.87654321, sentiment: "negative", sentimentScore: -0.25)
        state.turns = 7
        let data = state.encoded()
        #expect(try ConversationState.decode(data) == state)
        #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#"line\u2028paragraph\u2029euro € dash – end \r\u001f"#))
        #expect(text.contains(#"bell \u0007 emoji 😀"#))
    }

    @Test func collectValidatesNormalisesAndCountsFailures() throws {
        let interpreter = Interpreter(program: try program("""
            flow: t
            start: ask
            nodes:
              ask:
                kind: collect
                say: "Order number?"
                slot: order
                pattern: '(\\d{4}[- ]?\\d{4})'
                normalize: [digits]
                reprompt: "8 digits please."
                max_failures: 3
                on_fail: gave_up
                next: done
              done:
                kind: end
                say: "Got {{order}}."
              gave_up:
                kind: end
                say: "Never mind."
            """))
        var state = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now)).state
        for attempt in 1...2 {
            let result = interpreter.step(state, input: "dunno", context: StepContext(now: Self.now))
            #expect(result.replies == ["8 digits please."])
            #expect(result.state.misses == attempt)
            state = result.state
        }
        let valid = interpreter.step(state, input: "its 1234-5678 ok", context: StepContext(now: Self.now))
        #expect(valid.replies == ["Got 12345678."])
        #expect(valid.events.contains(.slotSet(name: "order", value: "12345678")))
        #expect(valid.state.consecutiveFailures == 0)
    }

    @Test func branchUsesTheClockInTheHoursTimeZone() throws {
        let interpreter = Interpreter(program: try program("""
            flow: t
            start: when
            hours:
              office:
                timezone: America/New_York
                mon-fri: "09:00-17:00"
            nodes:
              when:
                kind: branch
                cases:
                  - if: {hours: office}
                    goto: open
                else: closed
              open:
                kind: end
                say: open
              closed:
                kind: end
                say: closed
            """))
        func say(at iso: String) -> [String] {
            let date = ISO8601DateFormatter().date(from: iso)!
            return interpreter.step(ConversationState(), input: "hi", context: StepContext(now: date)).replies
        }
        #expect(say(at: "2026-11-23T15:00:00Z") == ["open"])  // Mon 10:00 in New York
        #expect(say(at: "2026-11-23T13:59:00Z") == ["closed"])  // Mon 08:59
        #expect(say(at: "2026-11-23T22:00:00Z") == ["closed"])  // Mon 17:00, the end is exclusive
        #expect(say(at: "2026-11-28T15:00:00Z") == ["closed"])  // Saturday
        #expect(say(at: "2026-07-06T13:30:00Z") == ["open"])  // Mon 09:30 EDT
    }

    @Test func handoffWaitsSilentlyForAPerson() throws {
        let interpreter = Interpreter(program: try program("""
            flow: t
            start: h
            queues:
              general:
              tech:
            nodes:
              h:
                kind: handoff
                department: tech
                queue: department
                reason: agent_request
                note: "Wants a person"
                say: "Connecting you."
            """))
        let result = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now))
        #expect(result.replies == ["Connecting you."])
        #expect(result.events == [.handoff(queue: "tech", reason: "agent_request", note: "Wants a person")])
        let later = interpreter.step(result.state, input: "hello??", context: StepContext(now: Self.now))
        #expect(later.replies.isEmpty)
        #expect(later.state.status == .handoff)
        let back = interpreter.enter(later.state, at: NodeID(flow: "t", node: "h"), context: StepContext(now: Self.now))
        #expect(back.replies == ["Connecting you."])
    }
}
