import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SwitchboardEngine
import SwitchboardHTTP
import SwitchboardSQLite
import SwitchboardTestSupport
import Testing

@Suite("Outbound: proactive messages and the sender")
struct OutboundTests {
    @Test("a proactive message starts a node, is sent through Twilio's API, and the reply continues there")
    func proactiveMessageFlow() async throws {
        let fake = FakeTwilio()
        try await fake.run { baseURL in
            let account = FakeTwilio.account(baseURL: baseURL)
            let fixture = try ServerFixture(settings: ServerSettings(sender: .twilio(account), senderPollInterval: 0.05))
            try await fixture.live { client in
                let response = try await client.json("/v1/outbound", #"{"to":"(202) 555-0101","node":"main_menu"}"#)
                #expect(response.status == .accepted)
                #expect(response.object["held_until"] is NSNull)
                #expect(try await eventually { fake.sent.count == 1 })
                #expect(fake.sent.first?.to == "+12025550101")
                #expect(fake.sent.first?.from == "+18005550199")
                #expect(fake.sent.first?.body.hasPrefix("Hi there! Thanks for texting Acme") == true)
                let reply = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"B","id":"r1"}"#)
                #expect((reply.object["replies"] as? [String])?.first?.lowercased().contains("order") == true)
            }
            #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND provider_id LIKE 'SM%'") == 1)
        }
    }

    @Test("409 for an opted-out number, 400 for an unknown node or a bad number")
    func proactiveRefusals() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            _ = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"STOP","id":"s1"}"#)
            let refused = try await client.json("/v1/outbound", #"{"to":"+12025550101","node":"main_menu"}"#)
            #expect(refused.status == .conflict)
            #expect((refused.object["error"] as? String)?.contains("opted out") == true)
            #expect(try await client.json("/v1/outbound", #"{"to":"+12025550102","node":"nowhere"}"#).status == .badRequest)
            let bad = try await client.json("/v1/outbound", #"{"to":"hello","node":"main_menu"}"#)
            #expect(bad.status == .badRequest)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox") == 0)
    }

    @Test("Idempotency-Key (or the body's id): a retried request answers 200 with the first result; reused for another request, 422")
    func outboundIdempotencyKey() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let keyed: HTTPFields = [.contentType: "application/json", HTTPField.Name("Idempotency-Key")!: "reminder-77"]
            let body = #"{"to":"+12025550101","node":"main_menu"}"#
            let first = try await client.execute(uri: "/v1/outbound", method: .post, headers: keyed, body: ByteBuffer(string: body))
            #expect(first.status == .accepted)
            #expect(first.object["duplicate"] as? Bool == false)
            let retried = try await client.execute(uri: "/v1/outbound", method: .post, headers: keyed, body: ByteBuffer(string: body))
            #expect(retried.status == .ok)
            #expect(retried.object["duplicate"] as? Bool == true)
            #expect(retried.object["outbox_ids"] as? [Int] == first.object["outbox_ids"] as? [Int])
            let sameKeyInBody = try await client.json("/v1/outbound", #"{"to":"+12025550101","node":"main_menu","id":"reminder-77"}"#)
            #expect(sameKeyInBody.status == .ok)
            let other = try await client.execute(
                uri: "/v1/outbound", method: .post, headers: keyed, body: ByteBuffer(string: #"{"to":"+12025550102","node":"main_menu"}"#))
            #expect(other.status == .unprocessableContent)
            #expect((other.object["error"] as? String)?.contains("idempotency key") == true)
            let differ = try await client.execute(
                uri: "/v1/outbound", method: .post, headers: keyed, body: ByteBuffer(string: #"{"to":"+12025550101","node":"main_menu","id":"x"}"#))
            #expect(differ.status == .badRequest)
            let tooLong = try await client.json("/v1/outbound", #"{"to":"+12025550101","node":"main_menu","id":"\#(String(repeating: "k", count: 256))"}"#)
            #expect(tooLong.status == .badRequest)
            #expect((tooLong.object["error"] as? String)?.contains("field 'id'") == true)
        }
        #expect(try fixture.count("SELECT COUNT(DISTINCT conversation_id) FROM outbox") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM proactive_requests") == 1)
    }

    @Test("quiet hours hold a proactive message until morning in the contact's time zone")
    func quietHoursHold() async throws {
        // 04:30 UTC is 23:30 in New York (the default zone) and 05:30 in London.
        let clock = TestClock("2026-11-23T04:30:00Z")
        let fixture = try ServerFixture(settings: ServerSettings(senderPollInterval: 0.05), clock: clock)
        _ = try fixture.engine.importContacts([(["phone", "time_zone"], 1), (["+442071838750", "Europe/London"], 2)])
        try await fixture.live { client in
            let held = try await client.json("/v1/outbound", #"{"to":"+12025550101","node":"main_menu"}"#)
            #expect(held.object["held_until"] as? String == "2026-11-23T13:00:00Z")
            let london = try await client.json("/v1/outbound", #"{"to":"+442071838750","node":"main_menu"}"#)
            #expect(london.status == .accepted, "\(london.text)")
            #expect(london.object["held_until"] as? String == "2026-11-23T08:00:00Z")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'queued'") == 2)
            clock.advance(3.5 * 3600)  // 08:00 UTC: London's morning
            #expect(try await eventually { try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1 })
            clock.advance(5 * 3600)  // 13:00 UTC: New York's
            #expect(try await eventually { try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 2 })
        }
    }

    @Test("temporary failures are retried with backoff; nothing goes to a number that opted out meanwhile")
    func retriesAndOptOut() async throws {
        let fake = FakeTwilio(failFirst: 2)
        try await fake.run { baseURL in
            let account = FakeTwilio.account(baseURL: baseURL)
            let clock = TestClock()
            let fixture = try ServerFixture(settings: ServerSettings(agents: [Agents.alice], sender: .twilio(account), retryBase: 2, senderPollInterval: 0.05), clock: clock)
            try await fixture.live { client in
                _ = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"agent","id":"a1"}"#)
                let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
                _ = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"first"}"#, token: "alice-token")
                // Each failure is recorded (attempts, retry time) before the test clock moves on.
                let waitingRetry = "SELECT COUNT(*) FROM outbox WHERE status = 'queued' AND next_attempt IS NOT NULL AND attempts = "
                #expect(try await eventually { try fixture.count(waitingRetry + "1") == 1 })
                try await Task.sleep(for: .milliseconds(300))
                #expect(fake.requests == 1)  // waiting 2 s of (test) clock before the retry
                clock.advance(2)
                #expect(try await eventually { try fixture.count(waitingRetry + "2") == 1 })
                #expect(fake.requests == 2)
                clock.advance(3)
                try await Task.sleep(for: .milliseconds(300))
                #expect(fake.requests == 2)  // the second backoff is 4 s
                clock.advance(1)
                #expect(try await eventually { fake.sent.count == 1 })
            }
            // The server (and its sender) stopped: queue a text while subscribed, then STOP arrives
            // before the sender gets to it.
            let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
            _ = try fixture.engine.reply(id, agent: "alice", text: "second")
            _ = try await fixture.engine.handle(InboundMessage(from: "+12025550101", body: "STOP", providerID: "stop1"))
            await fixture.server.outbox.sendDue()
            #expect(fake.sent.map(\.body) == ["first"])
            #expect(try fixture.count("SELECT attempts FROM outbox WHERE body = 'first'") == 3)
            #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE body = 'second' AND status = 'suppressed'") == 1)
        }
    }

    @Test("a text claimed for sending when the process stopped is not sent again after a restart")
    func noDoubleSendAcrossRestart() async throws {
        let database = TemporaryDatabase(prefix: "restart")
        let path = database.path
        defer { withExtendedLifetime(database) {} }
        let first = try ServerFixture(path: path)
        _ = try first.engine.handleNow(InboundMessage(from: "+12025550101", body: "agent", providerID: "a1"))
        let id = try #require(try first.engine.conversationID(phone: "+12025550101"))
        let receipt = try first.engine.reply(id, agent: "alice", text: "in flight")
        _ = try first.engine.reply(id, agent: "alice", text: "not yet claimed")
        #expect(try first.engine.beginSend(receipt.outboxID) != nil)  // then the process "dies"
        let fake = FakeTwilio()
        try await fake.run { baseURL in
            let account = FakeTwilio.account(baseURL: baseURL)
            let second = try ServerFixture(settings: ServerSettings(sender: .twilio(account), senderPollInterval: 0.05), path: path)
            try await second.live { _ in
                #expect(try await eventually { fake.sent.count == 1 })
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(fake.sent.map(\.body) == ["not yet claimed"])
            #expect(try second.count("SELECT COUNT(*) FROM outbox WHERE status = 'interrupted'") == 1)
        }
    }
}

@Suite("Outbound: quiet hours")
struct QuietHoursTests {
    @Test("a held message does not move the conversation; a customer who texts meanwhile gets the bot as usual")
    func heldMessageLeavesConversationAlone() async throws {
        let clock = TestClock("2026-11-23T04:30:00Z")  // 23:30 in New York
        let fixture = try ServerFixture(settings: ServerSettings(senderPollInterval: 0.05), clock: clock)
        try await fixture.live { client in
            _ = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"hi","id":"h1"}"#)
            let held = try await client.json("/v1/outbound", #"{"to":"+12025550101","node":"appointments.find_appointment"}"#)
            #expect(held.status == .accepted)
            #expect((held.object["texts"] as? [String])?.first?.contains("appointment") == true)
            // "B" still answers the main menu (order status), not the held reminder.
            let reply = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"B","id":"h2"}"#)
            #expect((reply.object["replies"] as? [String])?.first?.contains("order number") == true)
            clock.advance(8.5 * 3600)  // 13:00 UTC, 08:00 in New York
            #expect(try await eventually { try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND body LIKE '%appointment%'") == 1 })
            #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'started'") == 1)
        }
    }

    @Test("a held message is canceled when a person has the conversation by morning, suppressed after STOP")
    func heldMessageCanceledOrSuppressed() async throws {
        let clock = TestClock("2026-11-23T04:30:00Z")
        let fixture = try ServerFixture(settings: ServerSettings(senderPollInterval: 0.05), clock: clock)
        try await fixture.live { client in
            _ = try await client.json("/v1/outbound", #"{"to":"+12025550101","node":"main_menu"}"#)
            _ = try await client.json("/v1/outbound", #"{"to":"+12025550102","node":"main_menu"}"#)
            _ = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"agent","id":"c1"}"#)
            _ = try await client.json("/v1/messages", #"{"from":"+12025550102","body":"STOP","id":"c2"}"#)
            clock.advance(9 * 3600)
            #expect(try await eventually { try fixture.count("SELECT COUNT(*) FROM outbox WHERE status IN ('canceled', 'suppressed')") == 2 })
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'canceled'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'suppressed'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 0)
    }
}
