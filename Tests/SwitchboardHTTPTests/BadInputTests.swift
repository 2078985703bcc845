import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SwitchboardEngine
import SwitchboardHTTP
import Testing

@Suite("Bad input over HTTP: clear errors, nothing stored")
struct BadInputTests {
    @Test("a body over 64 KiB gets 413 on the JSON and Twilio routes")
    func oversizedBodies() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let big = String(repeating: "a", count: 70_000)
            let json = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"\#(big)"}"#)
            #expect(json.status == .contentTooLarge)
            #expect((json.object["error"] as? String)?.contains("64 KiB") == true)
            let twilio = try await client.twilio(body: big, sid: "SMbig")
            #expect(twilio.status == .contentTooLarge)
            #expect(twilio.text.hasSuffix("<Response/>"))
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages") == 0)
    }

    @Test("a chunked body over 64 KiB gets 413 too")
    func oversizedChunkedBody() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let port = try #require(client.port)
            let chunk = String(repeating: "a", count: 16_384)
            var request = "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            for _ in 0..<5 { request += String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n" }
            request += "0\r\n\r\n"
            let response = try await RawHTTP.readStream(port: port, request: request, until: "}", timeout: 5)
            #expect(response.hasPrefix("HTTP/1.1 413"))
            #expect(response.contains("64 KiB"))
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages") == 0)
    }

    @Test("missing From or Body gets 400 naming the field")
    func missingFields() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let noFrom = try await client.form("/webhooks/twilio", [("MessageSid", "SM1"), ("To", "+18005550199"), ("Body", "hi")])
            #expect(noFrom.status == .badRequest)
            #expect(noFrom.text.contains("From"))
            let noBody = try await client.form("/webhooks/twilio", [("MessageSid", "SM2"), ("To", "+18005550199"), ("From", "+12025550101")])
            #expect(noBody.status == .badRequest)
            #expect(noBody.text.contains("Body"))
            let jsonNoBody = try await client.json("/v1/messages", #"{"from":"+12025550101"}"#)
            #expect(jsonNoBody.status == .badRequest)
            #expect(jsonNoBody.object["error"] as? String == "missing field 'body'")
            let wrongType = try await client.json("/v1/messages", #"{"from":12025550101,"body":"hi"}"#)
            #expect(wrongType.object["error"] as? String == "field 'from' must be a string")
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages") == 0)
    }

    @Test("an unparseable phone number gets 400")
    func badPhone() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let twilio = try await client.twilio(from: "not-a-number", body: "hi", sid: "SM3")
            #expect(twilio.status == .badRequest)
            let json = try await client.json("/v1/messages", #"{"from":"12","body":"hi"}"#)
            #expect(json.status == .badRequest)
            #expect((json.object["error"] as? String)?.hasPrefix("field 'from': not a phone number") == true)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages") + fixture.count("SELECT COUNT(*) FROM contacts") == 0)
    }

    @Test("the wrong content type gets 415; an unknown route 404 with a JSON body")
    func contentTypeAndRoutes() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let json = try await client.execute(uri: "/v1/messages", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "hi"))
            #expect(json.status == .unsupportedMediaType)
            #expect(json.object["error"] as? String == "expected application/json")
            let twilio = try await client.json("/webhooks/twilio", #"{"From":"+12025550101","Body":"hi"}"#)
            #expect(twilio.status == .unsupportedMediaType)
            let missing = try await client.get("/v1/nothing-here")
            #expect(missing.status == .notFound)
            #expect(missing.object["error"] as? String == "no route GET /v1/nothing-here")
        }
    }

    @Test("malformed JSON gets 400 with the position")
    func malformedJSON() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let response = try await client.json("/v1/messages", "{\"from\": \"+12025550101\",\n \"body\": hi}")
            #expect(response.status == .badRequest)
            let error = try #require(response.object["error"] as? String)
            #expect(error.hasPrefix("malformed JSON: at byte"))
            #expect(error.contains("line 2"))
            let truncated = try await client.json("/v1/messages", "{\"from\": \"+1202")
            #expect((truncated.object["error"] as? String)?.contains("malformed JSON") == true)
            let array = try await client.json("/v1/messages", "[1,2]")
            #expect(array.object["error"] as? String == "the body must be a JSON object")
            let empty = try await client.json("/v1/messages", "")
            #expect(empty.status == .badRequest)
            #expect(empty.object["error"] as? String == "the body is empty; expected a JSON object")
            let garbage = try await client.json("/v1/messages", #"{"from":"garbage","body":"hi"}"#)
            #expect(garbage.status == .badRequest)
            #expect(garbage.object["error"] as? String == "field 'from': not a phone number")
            let webhook = try await client.twilio(from: "garbage", body: "hi", sid: "SMgarbage")
            #expect(webhook.status == .badRequest)
            #expect(webhook.text.contains("<!-- field 'From': not a phone number -->"), "\(webhook.text)")
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages") == 0)
    }

    @Test("a client that disconnects mid-body, or trickles and stalls, leaves no half-handled message")
    func disconnectsAndSlowClients() async throws {
        let fixture = try ServerFixture()
        try await fixture.live(idleTimeout: .seconds(1)) { client in
            let port = try #require(client.port)
            let body = FormEncoding.encode([("MessageSid", "SMcut"), ("From", "+12025550101"), ("Body", "hello there")])
            let head = "POST /webhooks/twilio HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            // Half the body, then gone.
            let cut = try RawHTTP.connect(port: port)
            RawHTTP.send(cut, head + String(body.prefix(body.count / 2)))
            try await Task.sleep(for: .milliseconds(100))
            close(cut)
            // Half the body, then silence: the idle timeout closes the connection.
            let slow = try RawHTTP.connect(port: port)
            RawHTTP.send(slow, head + String(body.prefix(body.count / 2)))
            let (_, closed) = try await RawHTTP.read(slow, until: nil, timeout: 4)
            close(slow)
            #expect(closed)
            // The server still answers (on a new connection: the test client's own one idled out too).
            let health = try await RawHTTP.readStream(port: port, request: "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", until: "\"ok\"", timeout: 3)
            #expect(health.hasPrefix("HTTP/1.1 200"))
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages") == 0)
        #expect(try fixture.count("SELECT COUNT(*) FROM processed_messages") == 0)
    }
}
