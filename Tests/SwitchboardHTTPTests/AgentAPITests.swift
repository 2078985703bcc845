import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SwitchboardEngine
import SwitchboardHTTP
import Testing

@Suite("Agent API")
struct AgentAPITests {
    /// A customer who asked for a person: waiting in `general`.
    private func handoff(_ client: any TestClientProtocol, from phone: String = "+12025550101", sid: String = "SM1") async throws -> Int64 {
        let response = try await client.json("/v1/messages", #"{"from":"\#(phone)","body":"agent","id":"\#(sid)"}"#)
        let handoff = try #require(response.object["handoff"] as? [String: Any])
        #expect(handoff["queue"] as? String == "general")
        return try #require(response.object["conversation_id"] as? Int64 ?? (response.object["conversation_id"] as? Int).map(Int64.init))
    }

    /// A customer who only said hello: the conversation stays with the bot.
    private func botConversation(_ client: any TestClientProtocol, sid: String) async throws -> Int {
        let first = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"hi","id":"\#(sid)"}"#)
        return try #require(first.object["conversation_id"] as? Int)
    }

    @Test("401 without a valid token, 403 outside the agent's queues")
    func authentication() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let id = try await handoff(client)
            #expect(try await client.get("/v1/queues").status == .unauthorized)
            #expect(try await client.get("/v1/queues", token: "wrong").status == .unauthorized)
            let unauthorized = try await client.get("/v1/me", token: "alice-tokenX")
            #expect(unauthorized.status == .unauthorized)
            #expect((unauthorized.object["error"] as? String)?.contains("token") == true)
            #expect(try await client.get("/v1/queues/general/conversations", token: "tina-token").status == .forbidden)
            #expect(try await client.get("/v1/conversations/\(id)", token: "tina-token").status == .forbidden)
            #expect(try await client.json("/v1/conversations/\(id)/claim", "{}", token: "tina-token").status == .forbidden)
            let me = try await client.get("/v1/me", token: "alice-token")
            #expect(me.object["queues"] as? [String] == ["general", "billing"])
        }
    }

    @Test("queues, the waiting list and the brief with its transcript")
    func queuesAndBrief() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            _ = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"hi","id":"a"}"#)
            let id = try await handoff(client)
            fixture.clock.advance(42)
            let queues = try await client.get("/v1/queues", token: "alice-token").object["queues"] as? [[String: Any]]
            let general = try #require(queues?.first { $0["name"] as? String == "general" })
            #expect(general["waiting"] as? Int == 1)
            #expect((general["oldest_wait_seconds"] as? Double ?? 0) >= 42)
            let list = try await client.get("/v1/queues/general/conversations", token: "alice-token").object["conversations"] as? [[String: Any]]
            #expect(list?.count == 1)
            #expect(list?.first?["reason"] as? String == "agent_request")
            #expect(list?.first?["phone"] as? String == "+12025550101")
            let brief = try await client.get("/v1/conversations/\(id)", token: "alice-token").object
            #expect(brief["status"] as? String == "queued")
            let transcript = try #require(brief["transcript"] as? [[String: Any]])
            #expect(transcript.first?["body"] as? String == "hi")
            #expect(transcript.first?["author"] as? String == "customer")
            #expect((brief["brief"] as? [String: Any])?["summary"] as? String != nil)
            #expect(try await client.get("/v1/conversations/999", token: "alice-token").status == .notFound)
            #expect(try await client.get("/v1/conversations/abc", token: "alice-token").status == .badRequest)
        }
    }

    @Test("claim: one agent wins, the other gets 409; reply, transfer, release and close")
    func claimReplyTransferReleaseClose() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let id = try await handoff(client)
            let claimed = try await client.json("/v1/conversations/\(id)/claim", "{}", token: "alice-token")
            #expect(claimed.status == .ok)
            let second = try await client.json("/v1/conversations/\(id)/claim", "{}", token: "bob-token")
            #expect(second.status == .conflict)
            #expect((second.object["error"] as? String)?.contains("alice") == true)
            #expect(try await client.json("/v1/conversations/\(id)/messages", #"{"body":"hi from bob"}"#, token: "bob-token").status == .conflict)
            // Bob works the same queue but may not take Alice's conversation away.
            #expect(try await client.json("/v1/conversations/\(id)/transfer", #"{"queue":"general"}"#, token: "bob-token").status == .conflict)
            #expect(try await client.json("/v1/conversations/\(id)/release", "{}", token: "bob-token").status == .conflict)
            #expect(try await client.json("/v1/conversations/\(id)/close", "{}", token: "bob-token").status == .conflict)
            #expect(try fixture.count("SELECT COUNT(*) FROM handoffs WHERE agent = 'alice' AND status = 'assigned'") == 1)
            let reply = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"Hi, this is Alice. How can I help?"}"#, token: "alice-token")
            #expect(reply.status == .accepted)
            #expect(reply.object["encoding"] as? String == "GSM-7")
            #expect(reply.object["segments"] as? Int == 1)
            // The customer writes while an agent has it: stored, the bot stays silent.
            let during = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"my bill is wrong","id":"m2"}"#)
            #expect(during.object["replies"] as? [String] == [])
            let transfer = try await client.json("/v1/conversations/\(id)/transfer", #"{"queue":"billing"}"#, token: "alice-token")
            #expect(transfer.status == .ok)
            #expect(try await client.json("/v1/conversations/\(id)/transfer", #"{"queue":"nowhere"}"#, token: "alice-token").status == .badRequest)
            let release = try await client.json("/v1/conversations/\(id)/release", "{}", token: "alice-token")
            #expect(release.status == .ok)
            #expect((release.object["replies"] as? [String])?.first?.contains("Thanks for texting Acme") == true)
            // With the bot again, it has no one to close it: 409. A new request for a person, then close.
            #expect(try await client.json("/v1/conversations/\(id)/close", "{}", token: "alice-token").status == .conflict)
            _ = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"agent","id":"m3"}"#)
            let close = try await client.json("/v1/conversations/\(id)/close", #"{"csat":true}"#, token: "alice-token")
            #expect(close.status == .ok)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE body LIKE 'Hi, this is Alice%'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE body = '\(EngineConfig().csatQuestion)'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM handoffs WHERE status = 'closed'") == 2)
    }

    @Test("a /v1/messages id that another number already used gets 409 and the message is not dropped silently")
    func messageIDsAreNotSharedBetweenNumbers() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let first = try await client.json("/v1/messages", #"{"from":"+12025556001","body":"hi","id":"x1"}"#)
            #expect(first.status == .ok)
            let other = try await client.json("/v1/messages", #"{"from":"+12025556002","body":"hello","id":"x1"}"#)
            #expect(other.status == .conflict)
            #expect((other.object["error"] as? String)?.contains("already used for another number") == true, "\(other.text)")
            let retry = try await client.json("/v1/messages", #"{"from":"+12025556001","body":"hi","id":"x1"}"#)
            #expect(retry.object["duplicate"] as? Bool == true)
        }
    }

    @Test("a conversation with the bot cannot be claimed or answered: 409")
    func noHandoffNoAgentAction() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let id = try await botConversation(client, sid: "n1")
            let reply = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"unsolicited"}"#, token: "alice-token")
            #expect(reply.status == .conflict)
            #expect(reply.object["error"] as? String == "conversation \(id) is not waiting for a person")
            #expect(try await client.json("/v1/conversations/\(id)/claim", "{}", token: "alice-token").status == .conflict)
            #expect(try await client.get("/v1/queues?access_token=alice-token").status == .unauthorized)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox") == 0)
    }

    @Test("a conversation only the bot has had is no agent's to read; an unknown queue is 404")
    func botConversationsArePrivate() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let id = try await botConversation(client, sid: "p1")
            let read = try await client.get("/v1/conversations/\(id)", token: "alice-token")
            #expect(read.status == .forbidden)
            #expect(read.object["error"] as? String == "conversation \(id) is with the bot; agents see conversations handed to a person")
            #expect(try await client.get("/v1/queues/nope/conversations", token: "alice-token").status == .notFound)
        }
    }

    @Test("an agent's reply over 1,600 characters is refused, and one to a customer who opted out says so")
    func replyLimits() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let id = try await handoff(client)
            let long = String(repeating: "x", count: 1_601)
            let tooLong = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"\#(long)"}"#, token: "alice-token")
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.object["error"] as? String == "the reply is 1601 characters; an SMS reply may have at most 1600")
            _ = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"STOP","id":"stop1"}"#)
            let afterStop = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"still there?"}"#, token: "alice-token")
            #expect(afterStop.status == .conflict)
            #expect(afterStop.object["error"] as? String == "the customer opted out (STOP); nothing can be sent until they text START")
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox") == 0)
    }

    @Test("the event stream announces a new handoff in the agent's queues")
    func eventStreamAnnouncesHandoffs() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let port = try #require(client.port)
            let socket = try RawHTTP.connect(port: port)
            defer { close(socket) }
            RawHTTP.send(socket, "GET /v1/events?access_token=alice-token HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            // The first snapshot first: a handoff is news only after the stream has seen the queues.
            let first = try await RawHTTP.read(socket, until: "event: queues", timeout: 15).text
            _ = try await handoff(client)
            let text = try await first + RawHTTP.read(socket, until: "event: handoff", timeout: 15).text
            #expect(text.contains("text/event-stream"))
            #expect(text.contains("event: queues"))
            #expect(text.contains("event: handoff"))
            #expect(text.contains(#""reason":"agent_request""#))
        }
    }
}

@Suite("API token")
struct APITokenTests {
    @Test("with api_token_sha256 set, /v1/messages and /v1/outbound need the token")
    func apiTokenGuardsMessageRoutes() async throws {
        let fixture = try ServerFixture(settings: ServerSettings(apiTokenSHA256: AgentAccount.hash(token: "api-secret"), senderPollInterval: 0.05))
        try await fixture.live { client async throws in
            #expect(try await client.json("/v1/messages", #"{"from":"+12025550101","body":"hi"}"#).status == .unauthorized)
            #expect(try await client.json("/v1/outbound", #"{"to":"+12025550101","node":"main_menu"}"#, token: "wrong").status == .unauthorized)
            #expect(try await client.json("/v1/messages", #"{"from":"+12025550101","body":"hi"}"#, token: "api-secret").status == .ok)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == 1)
    }
}
