import FlowRuntime
import Foundation
import SwitchboardEngine
import SwitchboardSQLite
import SwitchboardTestSupport
import Testing

@Suite struct ComplianceTests {
    @Test(arguments: ["STOP", "stop", "  Stop! ", "StopAll", "unsubscribe.", "CANCEL", "end", "Quit", "revoke", "OPTOUT", "opt out", "Opt-Out!", "\u{FF33}\u{FF34}\u{FF2F}\u{FF30}"])
    func optOutKeywords(word: String) throws {
        let fixture = try EngineFixture(file: false)
        try fixture.send("hi")
        let result = try fixture.send(word, id: "SM-stop")
        #expect(result.optedOut)
        #expect(result.replies == [EngineConfig().stopConfirmation])
        #expect(try fixture.count("SELECT count(*) FROM consent_events WHERE change = 'opt_out'") == 1)
        // Nothing more is sent, whatever the customer writes, except the answer to HELP (CTIA).
        #expect(try fixture.send("hi").replies.isEmpty)
        #expect(try fixture.send("HELP").replies == [EngineConfig().helpText])
        #expect(try fixture.send(word).replies.isEmpty)
        #expect(try fixture.count("SELECT count(*) FROM consent_events") == 1)
    }

    @Test("two words are a keyword only as \"opt out\"; anything longer is a sentence")
    func twoWordKeywords() {
        #expect(ComplianceKeyword.match("opt out") == .optOut("OPT OUT"))
        #expect(ComplianceKeyword.match("opt in") == nil)
        #expect(ComplianceKeyword.match("stop now") == nil)
        #expect(ComplianceKeyword.match("please opt out") == nil)
    }

    @Test("a keyword the provider matched and answered (Twilio's OptOutType) is recorded whatever its words, with no second reply")
    func providerKeywords() throws {
        let fixture = try EngineFixture(file: false)
        try fixture.send("hi")
        var stop = InboundMessage(from: "+12025550101", body: "PARAR", providerID: "SM-parar")
        stop.providerKeyword = .stop
        let stopped = try fixture.engine.handleNow(stop)
        #expect(stopped.optedOut)
        #expect(stopped.replies.isEmpty)
        #expect(try fixture.count("SELECT count(*) FROM consent_events WHERE change = 'opt_out' AND keyword = 'PARAR'") == 1)
        var help = InboundMessage(from: "+12025550101", body: "AYUDA", providerID: "SM-ayuda")
        help.providerKeyword = .help
        #expect(try fixture.engine.handleNow(help).replies.isEmpty)
        var start = InboundMessage(from: "+12025550101", body: "ACEPTO", providerID: "SM-acepto")
        start.providerKeyword = .start
        let started = try fixture.engine.handleNow(start)
        #expect(!started.optedOut)
        #expect(started.replies.isEmpty)
        #expect(try fixture.send("hi").replies.isEmpty == false)
    }

    @Test("a message id already used by another number is refused; the same number's retry is a duplicate")
    func messageIDsBelongToTheirSender() throws {
        let fixture = try EngineFixture(file: false)
        let first = try fixture.send("hi", from: "+12025550101", id: "x1")
        let retry = try fixture.send("hi", from: "+12025550101", id: "x1")
        #expect(retry.duplicate && retry.replies == first.replies)
        #expect(throws: EngineError.self) { try fixture.send("hello", from: "+12025550102", id: "x1") }
        try fixture.send("hi", from: "+12025550103")
        #expect(throws: EngineError.self) { try fixture.send("hello", from: "+12025550103", id: "x1") }
        #expect(try fixture.count("SELECT count(*) FROM messages WHERE direction = 'in'") == 2)
    }

    @Test("the same text twice is not a failure when both were good answers (a slot, then a rating)")
    func twoGoodAnswersAlikeDoNotEscalate() throws {
        let fixture = try EngineFixture(file: false)
        for text in ["hi", "d", "2", "2"] {
            let result = try fixture.send(text)
            #expect(result.handoff == nil, "\(text): \(result.replies)")
            #expect(result.replies.first != EngineConfig().escalationNotice, "\(text)")
        }
        #expect(try fixture.count("SELECT count(*) FROM handoffs") == 0)
        // A text that failed and comes again still counts as a repeat.
        try fixture.send("hi")
        try fixture.send("zzz")
        #expect(try fixture.send("zzz").handoff != nil)
    }

    @Test func cancelInsideASentenceIsAFlowMatter() throws {
        let fixture = try EngineFixture(file: false)
        try fixture.send("hi")
        let result = try fixture.send("cancel my appointment")
        #expect(!result.optedOut)
        #expect(result.replies.first?.hasPrefix("You have a furnace tune-up appointment") == true)
    }

    @Test func startAndYesOptBackIn() throws {
        let fixture = try EngineFixture(file: false)
        try fixture.send("hi")
        try fixture.send("b")
        try fixture.send("STOP")
        let yes = try fixture.send("yes")
        #expect(!yes.optedOut)
        #expect(yes.replies == [EngineConfig().startConfirmation])
        #expect(yes.state.status == .idle)
        #expect(try fixture.count("SELECT count(*) FROM consent_events WHERE change = 'opt_in' AND keyword = 'YES'") == 1)
        // START while subscribed confirms, but never reaches the running flow.
        try fixture.send("hi")
        let start = try fixture.send("START")
        #expect(start.replies == [EngineConfig().startConfirmation])
        #expect(start.state.position == NodeID(flow: "support", node: "main_menu"))
        // YES while subscribed is an ordinary answer.
        #expect(try fixture.send("YES").replies != [EngineConfig().startConfirmation])
    }

    @Test func helpAnswersWithoutTouchingTheFlow() throws {
        let fixture = try EngineFixture(file: false)
        try fixture.send("hi")
        try fixture.send("b")
        let help = try fixture.send("help")
        #expect(help.replies == [EngineConfig().helpText])
        #expect(help.state.position == NodeID(flow: "orders", node: "ask_order"))
    }

    @Test func agentRepliesAndReleasesNeverReachAnOptedOutNumber() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("agent")
        let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
        try fixture.send("STOP")
        #expect(throws: EngineError.self) { try fixture.engine.reply(id, agent: "alice", text: "hello?") }
        #expect(try fixture.engine.release(id).isEmpty)
        try fixture.engine.close(id, csat: true)
        #expect(try fixture.count("SELECT count(*) FROM outbox") == 0)
    }

    /// A property-style check: after STOP, random traffic of every kind sends nothing until START.
    @Test(arguments: [1, 2, 3, 4, 5])
    func randomTrafficAfterStopSendsNothing(seed: UInt64) throws {
        let fixture = try EngineFixture()
        var generator = SeededGenerator(seed: seed)
        let phone = "+12025550107"
        try fixture.send("hi", from: phone)
        try fixture.send("i want a human", from: phone)
        let id = try #require(try fixture.engine.conversationID(phone: phone))
        try fixture.send("stop", from: phone)
        let outboxBefore = try fixture.count("SELECT count(*) FROM outbox")
        let texts = ["hi", "b", "12345678", "agent", "HELP", "yes please", "menu", "😀", "", "STOP", "where is my order", "cancel"]
        var sent = 0
        for _ in 0..<60 {
            switch generator.next() % 5 {
            case 0, 1:
                // HELP is answered whatever the consent (CTIA); nothing else is.
                let text = texts[Int(generator.next() % UInt64(texts.count))]
                let replies = try fixture.send(text, from: phone).replies
                sent += text == "HELP" && replies == [EngineConfig().helpText] ? 0 : replies.count
            case 2:
                _ = try? fixture.engine.reply(id, agent: "alice", text: "are you there?")
            case 3:
                sent += (try? fixture.engine.release(id))?.count ?? 0
            default:
                try? fixture.engine.close(id, csat: true)
            }
        }
        #expect(sent == 0)
        #expect(try fixture.count("SELECT count(*) FROM outbox") == outboxBefore)
        #expect(try fixture.send("START", from: phone).replies == [EngineConfig().startConfirmation])
    }
}

/// SplitMix64 for reproducible random traffic.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct EngineBehaviourTests {
    @Test func idempotentProviderIDs() throws {
        let fixture = try EngineFixture()
        let first = try fixture.send("hi", id: "SM1")
        let again = try fixture.send("something else entirely", id: "SM1")
        #expect(again.duplicate)
        #expect(again.replies == first.replies)
        #expect(try fixture.count("SELECT count(*) FROM messages WHERE direction = 'in'") == 1)
    }

    @Test func sessionExpiresAfterIdleTimeout() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("b")
        fixture.clock.advance(29 * 60)
        #expect(try fixture.send("1234").state.position == NodeID(flow: "orders", node: "ask_order"))
        fixture.clock.advance(31 * 60)
        let restarted = try fixture.send("hello")
        #expect(restarted.state.position == NodeID(flow: "support", node: "main_menu"))
        #expect(restarted.replies.first?.hasPrefix("Hi there!") == true)
    }

    @Test func aPersonHoldingTheConversationSilencesTheBot() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        let handoff = try fixture.send("a")
        #expect(handoff.handoff == nil)
        try fixture.send("1")
        let escalated = try fixture.send("double charge on 11/20 for $49.99")
        #expect(escalated.handoff?.queue == "billing")
        #expect(escalated.status == .queued)
        #expect(try fixture.send("hello??").replies.isEmpty)
        let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
        try fixture.engine.claim(id, agent: "alice")
        #expect(try fixture.send("anyone?").replies.isEmpty)
        #expect(try fixture.count("SELECT count(*) FROM messages WHERE direction = 'in'") == 6)
        let brief = try fixture.engine.brief(id)
        #expect(brief.summary.hasPrefix("Wants billing help"))
        #expect(brief.slots["billing_detail"] == "double charge on 11/20 for $49.99")
        #expect(brief.transcript.count >= 10)
    }

    @Test func engineNoticeWhenItEscalatesItself() throws {
        // One miss is the limit here; the main menu would only ask again, so the engine escalates
        // with its notice instead of the menu's reprompt; later texts are silent.
        var config = EngineConfig()
        config.maxConsecutiveFailures = 1
        let fixture = try EngineFixture(config: config)
        try fixture.send("hi")
        let missed = try fixture.send("zzz")
        #expect(missed.handoff?.reason == "repeated_failure")
        #expect(missed.handoff?.queue == "general")
        #expect(missed.replies == [EngineConfig().escalationNotice])
        #expect(try fixture.send("zzz").replies.isEmpty)
    }

    @Test func aFlowThatHandsOffOnTheSameMessageSpeaksForItself() throws {
        // The second miss of the order-number prompt is a repeat (the engine would escalate) and the
        // prompt's own on_fail (a handoff): the flow's words, queue and reason win, with no second notice.
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("b")
        try fixture.send("my order is late")
        let twice = try fixture.send("my order is late")
        #expect(twice.handoff?.reason == "flow")
        #expect(twice.handoff?.queue == "orders")
        #expect(twice.replies == ["No problem, I'll get someone from our orders team to help. They'll text you here shortly."])
        #expect(twice.path.last?.description == "orders.order_number_failed")
        #expect(try fixture.send("my order is late").replies.isEmpty)
    }

    @Test func failuresAcrossNodesEscalate() throws {
        var config = EngineConfig()
        config.maxConsecutiveFailures = 3
        let fixture = try EngineFixture(config: config)
        try fixture.send("hi")
        try fixture.send("zzz")  // main menu miss 1
        try fixture.send("b")
        try fixture.send("1234")  // collect miss: failures in a row reset by the choice, so 1
        let result = try fixture.send("5678")  // second collect miss: the flow hands off to orders itself
        #expect(result.handoff?.queue == "orders")
    }

    @Test func claimingIsExclusive() async throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("agent please")
        let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
        let engine = fixture.engine
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for agent in ["alice", "bob", "carol", "dave"] {
                group.addTask { (try? engine.claim(id, agent: agent)) != nil }
            }
            var results: [Bool] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try fixture.count("SELECT count(*) FROM handoffs WHERE status = 'assigned'") == 1)
    }

    @Test func afterHoursHandoffSaysWhenPeopleAreBack() throws {
        let fixture = try EngineFixture()
        fixture.clock.advance(8 * 3600)  // 23:00 UTC = 18:00 in New York, billing closed
        try fixture.send("hi")
        try fixture.send("a")
        try fixture.send("2")
        // The flow's own after-hours branch speaks for the flow's handoff…
        let flow = try fixture.send("refund for the blender please")
        #expect(flow.replies == ["Thanks! Our billing team is in Mon-Fri 9am-5pm ET and will text you here when they're back."])
        // …and the queue's own notice goes with the engine's notice (one miss in a row is the limit here).
        var config = EngineConfig()
        config.maxConsecutiveFailures = 1
        let strict = try EngineFixture(config: config)
        strict.clock.advance(8 * 3600)
        try strict.send("hi")
        try strict.send("a")
        let escalated = try strict.send("huh")
        #expect(escalated.handoff?.queue == "billing")
        #expect(escalated.replies == [EngineConfig().escalationNotice, "Our billing team is back Tue 9:00 AM EST and will text you then."])
    }

    @Test func aFlowHandoffWhileTheQueueIsClosedGetsTheAfterHoursLineUnlessTheFlowCheckedTheHours() throws {
        let fixture = try EngineFixture()
        fixture.clock.advance(8 * 3600)  // 23:00 UTC = 18:00 in New York, billing closed
        try fixture.send("hi")
        try fixture.send("a")
        // The global agent handler hands off to the department without looking at the hours.
        let handoff = try fixture.send("agent")
        #expect(handoff.handoff?.queue == "billing")
        #expect(handoff.replies == ["Sure. I'm connecting you with a person. Someone will reply here shortly.", "Our billing team is back Tue 9:00 AM EST and will text you then."])
        // In opening hours the flow's words stand alone.
        let open = try EngineFixture()
        try open.send("hi")
        try open.send("a")
        #expect(try open.send("agent").replies == ["Sure. I'm connecting you with a person. Someone will reply here shortly."])
    }

    @Test func agentActions() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("agent")
        let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
        #expect(try fixture.engine.waiting().map(\.conversationID) == [id])
        #expect(try fixture.engine.waiting(queue: "billing").isEmpty)
        try fixture.engine.claim(id, agent: "alice")
        #expect(throws: EngineError.self) { try fixture.engine.reply(id, agent: "bob", text: "me too") }
        try fixture.engine.reply(id, agent: "alice", text: "Hi, Alice here")
        try fixture.engine.transfer(id, to: "tech")
        #expect(try fixture.engine.waiting(queue: "tech").map(\.conversationID) == [id])
        #expect(throws: EngineError.self) { try fixture.engine.transfer(id, to: "nowhere") }
        let texts = try fixture.engine.release(id, at: "tech.tech_area")
        #expect(texts.first?.hasPrefix("Tech support: what needs help?") == true)
        #expect(try fixture.send("2").state.position == NodeID(flow: "tech", node: "restarted"))
        try fixture.send("agent")
        try fixture.engine.close(id, csat: true)
        #expect(try fixture.send("4").replies == [EngineConfig().csatThanks])
        #expect(try fixture.count("SELECT count(*) FROM outbox") == 3)
    }

    @Test("a rating may come as \"5 stars\", \"4/5\", \"3 out of 5\" or stars; other text is not a rating", arguments: [
        ("5 stars", "5"), ("4/5", "4"), ("3 out of 5!", "3"), ("\u{2B50}\u{2B50}", "2"), ("6", nil), ("5 times worse", nil),
    ])
    func ratingsInWords(text: String, score: String?) throws {
        let fixture = try EngineFixture(file: false)
        try fixture.send("hi")
        try fixture.send("agent")
        let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
        try fixture.engine.claim(id, agent: "alice")
        try fixture.engine.close(id, csat: true)
        let result = try fixture.send(text)
        #expect((result.replies == [EngineConfig().csatThanks]) == (score != nil), "\(result.replies)")
        #expect(result.state.slots["csat"] == score)
    }

    @Test func releasingToAHandoffNodeOpensAHandoff() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("agent")
        let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
        try fixture.engine.release(id, at: "orders.order_number_failed")
        #expect(try fixture.engine.waiting(queue: "orders").map(\.conversationID) == [id])
        #expect(try fixture.engine.brief(id).status == .queued)
    }

    @Test func stateSurvivesReopeningTheFile() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("b")
        let reopened = try SQLiteStore(path: fixture.path)
        let engine = Engine(program: Shipped.program, classifier: nil, store: reopened, clock: { fixture.clock.now })
        let result = try engine.handleNow(InboundMessage(from: "+12025550101", body: "12345678"))
        #expect(result.replies.first == "Order 12345678 is shipped with UPS. Estimated delivery: Nov 26.")
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test func badInputGetsARepliesOrAClearErrorAndLosesNothing() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        let before = try fixture.count("SELECT count(*) FROM messages")
        for body in ["", String(repeating: "x", count: 10_000), "\u{0}\u{7}\u{1B}[31m", "😀😀😀", "'; DROP TABLE messages; --", "\u{202E}evil"] {
            _ = try fixture.send(body)
        }
        #expect(try fixture.count("SELECT count(*) FROM messages") > before)
        #expect(try fixture.count("SELECT count(*) FROM messages WHERE body LIKE '%DROP TABLE%'") == 1)
        for phone in ["", "abc", "911", "12345", "+1 (555) 555-5555"] {
            #expect(throws: EngineError.self) { try fixture.send("hi", from: phone) }
        }
        #expect(try fixture.count("SELECT count(*) FROM contacts") == 1)
        #expect(try fixture.store.integrityCheck() == "ok")
    }
}

@Suite struct ConcurrencyTests {
    /// 8 tasks × 500 messages to one number: every message in the transcript, each task's in order.
    @Test func eightTasksToOneNumber() async throws {
        let fixture = try EngineFixture()
        let engine = fixture.engine
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<500 {
                        _ = try await engine.handle(InboundMessage(from: "+12025550101", body: "t\(task) m\(index)", providerID: "t\(task)-\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let bodies = try await fixture.store.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM messages WHERE direction = 'in' ORDER BY id")
        }
        #expect(bodies.count == 4000)
        for task in 0..<8 {
            let mine = bodies.filter { $0.hasPrefix("t\(task) ") }.map { Int($0.split(separator: "m").last!)! }
            #expect(mine == Array(0..<500))
        }
        #expect(try fixture.count("SELECT count(*) FROM processed_messages") == 4000)
        #expect(try fixture.count("SELECT version FROM conversations") == 4000)
        #expect(try fixture.store.integrityCheck() == "ok")
    }

    @Test func manyNumbersConcurrently() async throws {
        let fixture = try EngineFixture()
        let engine = fixture.engine
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<50 {
                group.addTask {
                    let phone = "+1202555\(String(format: "%04d", 1000 + number))"
                    for body in ["hi", "b", "12345678"] {
                        _ = try await engine.handle(InboundMessage(from: phone, body: body))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try fixture.count("SELECT count(*) FROM conversations") == 50)
        #expect(try fixture.count("SELECT count(*) FROM messages WHERE body LIKE 'Order 12345678 is shipped%'") == 50)
    }
}

@Suite struct CacheTests {
    /// Another process (an agent's command) changes the conversation under a running engine: the
    /// engine notices the newer version, rereads it, and loses nothing.
    @Test func anotherWriterIsNoticed() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("b")
        let other = Engine(program: Shipped.program, classifier: nil, store: try SQLiteStore(path: fixture.path), clock: { fixture.clock.now })
        try other.handleNow(InboundMessage(from: "+12025550101", body: "menu"))
        // The first engine's cache still says orders.ask_order; the database says main_menu.
        let result = try fixture.send("c")
        #expect(result.state.position == NodeID(flow: "tech", node: "tech_area"))
        #expect(try fixture.count("SELECT version FROM conversations") == 4)
    }
}

@Suite struct ContactImportTests {
    @Test func importsProfilesAndReportsBadRows() throws {
        let fixture = try EngineFixture()
        try fixture.send("STOP", from: "+12025550102")
        let (imported, problems) = try fixture.engine.importContacts([
            (["phone", "name", "Email"], 1),
            (["(202) 555-0101", "Sam", "sam@example.com"], 2),
            (["555-1234", "Nobody", ""], 3),
            (["+1 202 555 0102", "Maria", ""], 4),
            (["+12025550103"], 5),
        ])
        #expect(imported == 2)
        #expect(problems.map(\.line) == [3, 5])
        #expect(problems.map(\.message) == ["column 'phone': too short", "row has 1 fields, the header has 3"])
        #expect(try fixture.send("hi").replies.first?.hasPrefix("Hi Sam!") == true)
        // Importing never changes consent.
        #expect(try fixture.send("hi", from: "+12025550102").optedOut)
        #expect(try fixture.engine.importContacts([(["name"], 1)]).problems.first?.message == "the header needs a 'phone' column")
    }

    @Test func rowsThatWouldMisleadAreReportedAndSkipped() throws {
        let fixture = try EngineFixture()
        let long = String(repeating: "x", count: 45)
        let (imported, problems) = try fixture.engine.importContacts([
            (["phone", "name", "time_zone"], 1),
            (["+12025550101", "Sam", "America/Chicago"], 2),
            (["+12025550102", long, ""], 3),
            (["+12025550103", "Kim", "Mars/Base"], 4),
            (["(202) 555-0101", "Samuel", ""], 5),
        ])
        #expect(imported == 1)
        #expect(problems.map { "line \($0.line): \($0.message)" } == [
            "line 3: column 'name': 45 characters, the flows declare at most 20 (contact: name: 20); this row is skipped",
            "line 4: column 'time_zone': 'Mars/Base' is not a time zone such as America/Chicago; this row is skipped",
            "line 5: column 'phone': +12025550101 is also on line 2; this row is skipped",
        ])
        #expect(try fixture.send("hi").replies.first?.hasPrefix("Hi Sam!") == true)
        // A column named twice refuses the file.
        let twice = try fixture.engine.importContacts([(["phone", "name", "Name"], 1), (["+12025550104", "a", "b"], 2)])
        #expect(twice.imported == 0)
        #expect(twice.problems.map(\.message) == ["column 'name' appears twice in the header"])
    }
}

@Suite struct BatchTests {
    /// Bad senders in a group-commit batch fail alone; the rest of the batch commits.
    @Test func invalidSendersInABatchFailAlone() async throws {
        let fixture = try EngineFixture()
        let engine = fixture.engine
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let from = index % 4 == 0 ? "not a number \(index)" : "+1202555\(String(format: "%04d", 3000 + index))"
                    return (try? await engine.handle(InboundMessage(from: from, body: "hi", providerID: "batch-\(index)"))) != nil
                }
            }
            var results: [Bool] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(outcomes.filter { $0 }.count == 30)
        #expect(try fixture.count("SELECT count(*) FROM conversations") == 30)
        #expect(try fixture.count("SELECT count(*) FROM processed_messages") == 30)
    }
}
