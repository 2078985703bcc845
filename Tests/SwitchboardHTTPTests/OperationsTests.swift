import Foundation
import HummingbirdTesting
import SwitchboardEngine
import SwitchboardHTTP
import Testing

@Suite("Metrics, health and logs")
struct OperationsTests {
    @Test("/metrics counts messages, handoffs by queue and reason, opt-outs and containment; /healthz answers")
    func metricsAndHealth() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            var twimlReplies = 0
            for (from, body, sid) in [("+12025550101", "hi", "SM1"), ("+12025550102", "agent", "SM2"), ("+12025550103", "STOP", "SM3")] {
                twimlReplies += try await client.twilio(from: from, body: body, sid: sid).text.components(separatedBy: "<Message>").count - 1
            }
            #expect(twimlReplies >= 3)
            _ = try await client.twilio(from: "+12025550103", body: "STOP", sid: "SM3")  // a retry: counted apart
            let before = try await client.get("/metrics").text
            #expect(before.contains(#"switchboard_queue_waiting{queue="general"} 1"#))
            let id = try #require(try fixture.engine.conversationID(phone: "+12025550102"))
            fixture.clock.advance(90)
            _ = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"Hi, Alice here"}"#, token: "alice-token")
            _ = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"Still there?"}"#, token: "alice-token")
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok)
            let text = metrics.text
            #expect(text.contains(#"switchboard_messages_in_total{channel="twilio"} 3"#))
            #expect(text.contains(#"switchboard_messages_out_total{kind="reply",outcome="twiml"} \#(twimlReplies)"#))
            #expect(try await client.execute(uri: "/healthz", method: .head).status == .ok)
            // Replies in the JSON API's response are not TwiML.
            let api = try await client.json("/v1/messages", #"{"from":"+12025550109","body":"hi","id":"metrics-api"}"#)
            let apiReplies = (api.object["replies"] as? [String])?.count ?? 0
            #expect(apiReplies == 1)
            #expect(try await client.get("/metrics").text.contains(#"switchboard_messages_out_total{kind="reply",outcome="response"} 1"#))
            // The agent's two replies go out through the background sender.
            let sentLine = #"switchboard_messages_out_total{kind="outbox",outcome="sent"} 2"#
            var sent = false
            for _ in 0..<200 where !sent {
                sent = try await client.get("/metrics").text.contains(sentLine)
                if !sent { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(sent, "no '\(sentLine)' in /metrics")
            #expect(text.contains(#"switchboard_handoffs_total{queue="general",reason="agent_request"} 1"#))
            #expect(text.contains("switchboard_opted_out_numbers 1"))
            #expect(text.contains(#"switchboard_opt_outs_total{source="keyword"} 1"#))
            #expect(text.contains(#"switchboard_duplicate_messages_total{channel="twilio"} 1"#))
            #expect(text.contains("switchboard_first_response_seconds_count 1"))
            #expect(text.contains(#"switchboard_first_response_seconds_bucket{le="60.0"} 0"#))
            #expect(text.contains(#"switchboard_first_response_seconds_bucket{le="120.0"} 1"#))
            #expect(text.contains(#"switchboard_queue_waiting{queue="general"} 0"#))  // claimed by the reply
            #expect(text.contains(#"switchboard_queue_waiting{queue="tech"} 0"#))
            #expect(text.contains("switchboard_handling_seconds_bucket"))
            let containment = text.split(separator: "\n").first { $0.hasPrefix("switchboard_containment_ratio ") }
            let ratio = try #require(containment.flatMap { Double($0.split(separator: " ").last ?? "") })
            #expect(abs(ratio - 2.0 / 3.0) < 0.001)
            let health = try await client.get("/healthz")
            #expect(health.object["status"] as? String == "ok")
        }
    }

    @Test("logs at info and above mask phone numbers and never contain message bodies")
    func logsArePrivate() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            _ = try await client.twilio(body: "my secret code is 12345", sid: "SM1")
            _ = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"agent please","id":"j1"}"#)
            let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
            _ = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"private agent words"}"#, token: "alice-token")
            let reply = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"private agent words 2"}"#, token: "alice-token")
            #expect(reply.status == .accepted, "\(reply.text)")
            #expect(try await eventually { try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 2 })
        }
        let lines = fixture.logs.lines(atLeast: .info)
        #expect(lines.contains { $0.contains("inbound") && $0.contains("request_id=") })
        #expect(lines.contains { $0.contains("phone=+1******0101") })
        for line in lines {
            #expect(!line.contains("5550101"), "a full phone number reached the log: \(line)")
            #expect(!line.contains("secret code") && !line.contains("private agent words") && !line.contains("agent please"), "a message body reached the log: \(line)")
        }
    }
}
