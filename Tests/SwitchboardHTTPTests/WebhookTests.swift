import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SwitchboardEngine
import SwitchboardHTTP
import Testing
import TwilioWire

@Suite("Twilio webhooks")
struct WebhookTests {
    static let xmlHeader = #"<?xml version="1.0" encoding="UTF-8"?>"#

    @Test("an inbound text is answered with TwiML, one <Message> per reply")
    func inboundAnsweredWithTwiML() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let response = try await client.twilio(body: "hi", sid: "SM0001")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/xml; charset=utf-8")
            #expect(response.text.hasPrefix(Self.xmlHeader + "<Response><Message>Hi there! Thanks for texting Acme."))
            #expect(response.text.hasSuffix("</Message></Response>"))
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND provider_id = 'SM0001'") == 1)
    }

    @Test("replies are XML-escaped")
    func repliesAreEscaped() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            // The profile name reaches the greeting: a name with markup must come back escaped.
            _ = try fixture.engine.importContacts([(["phone", "name"], 1), (["+12025550101", "<b>Tom & Jerry</b>"], 2)])
            let response = try await client.twilio(body: "hi", sid: "SM0002")
            #expect(response.text.contains("Hi &lt;b&gt;Tom &amp; Jerry&lt;/b&gt;!"))
        }
    }

    @Test("a retried MessageSid gets the first replies and is stored once; the idempotency token dedupes too")
    func duplicatesAreAnsweredOnce() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            let first = try await client.twilio(body: "hi", sid: "SM0003")
            let again = try await client.twilio(body: "hi", sid: "SM0003")
            #expect(again.text == first.text)
            let token: HTTPFields = [HTTPField.Name("I-Twilio-Idempotency-Token")!: "tok-1"]
            let withToken = try await client.twilio(body: "B", sid: "SM0004", headers: token)
            let retried = try await client.twilio(body: "B", sid: "SM0005", headers: token)
            #expect(retried.text == withToken.text)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == 2)
    }

    @Test("a keyword Twilio's Advanced Opt-Out matched (OptOutType) is recorded in any language and answered with an empty response")
    func optOutTypeIsHonoured() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            _ = try await client.twilio(body: "hi", sid: "SM0020")
            let stop = try await client.form("/webhooks/twilio", [
                ("MessageSid", "SM0021"), ("From", "+12025550101"), ("To", "+18005550199"), ("Body", "PARAR"), ("OptOutType", "STOP"),
            ])
            #expect(stop.text == Self.xmlHeader + "<Response/>")
            let start = try await client.form("/webhooks/twilio", [
                ("MessageSid", "SM0022"), ("From", "+12025550101"), ("To", "+18005550199"), ("Body", "ACEPTO"), ("OptOutType", "START"),
            ])
            #expect(start.text == Self.xmlHeader + "<Response/>")
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM consent_events WHERE keyword = 'PARAR' AND change = 'opt_out'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM consent_events WHERE keyword = 'ACEPTO' AND change = 'opt_in'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM contacts WHERE consent = 'subscribed'") == 1)
    }

    @Test("what a sender wrote cannot close the XML comment of an error response")
    func errorCommentCannotBeClosedEarly() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            var headers: HTTPFields = [:]
            headers[.contentType] = "application/x-www-form-urlencoded"
            let response = try await client.execute(
                uri: "/webhooks/twilio", method: .post, headers: headers, body: ByteBuffer(string: "x---><Message>Injected</Message><!--=%zz"))
            #expect(response.status == .badRequest)
            // The comment closes once, at its end: the sender's "<Message>" stays inside it.
            #expect(response.text.components(separatedBy: "-->").count == 2, "\(response.text)")
            #expect(response.text.hasSuffix(" --><Response/>"))
        }
    }

    @Test("STOP is confirmed once, then nothing is sent; a second STOP gets an empty response")
    func stopThenSilence() async throws {
        let fixture = try ServerFixture()
        try await fixture.live { client in
            _ = try await client.twilio(body: "hi", sid: "SM0010")
            let stop = try await client.twilio(body: "Stop.", sid: "SM0011")
            #expect(stop.text == Self.xmlHeader + "<Response><Message>\(EngineConfig().stopConfirmation.replacingOccurrences(of: "'", with: "&apos;"))</Message></Response>"
                || stop.text == Self.xmlHeader + "<Response><Message>\(EngineConfig().stopConfirmation)</Message></Response>")
            let after = try await client.twilio(body: "hello?", sid: "SM0012")
            #expect(after.text == Self.xmlHeader + "<Response/>")
            let json = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"A","id":"x1"}"#)
            #expect(json.object["replies"] as? [String] == [])
            #expect(json.object["opted_out"] as? Bool == true)
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM consent_events WHERE change = 'opt_out'") == 1)
    }

    @Test("with TWILIO_AUTH_TOKEN set, a valid signature passes and a missing or wrong one gets 403 with nothing stored")
    func signaturesAreChecked() async throws {
        let fixture = try ServerFixture(settings: ServerSettings(twilioAuthToken: "secret-token", publicURL: "https://sms.example.com", senderPollInterval: 0.05))
        let pairs = [("MessageSid", "SM0020"), ("From", "+12025550101"), ("To", "+18005550199"), ("Body", "hi & bye"), ("NumMedia", "0")]
        let signature = TwilioSignature.compute(url: "https://sms.example.com/webhooks/twilio", parameters: FormBody(pairs.map { FormParameter(name: $0.0, value: $0.1) }), authToken: "secret-token")
        try await fixture.live { client in
            let missing = try await client.form("/webhooks/twilio", pairs)
            #expect(missing.status == .forbidden)
            #expect(missing.text.hasSuffix("<Response/>"))
            let wrong = try await client.form("/webhooks/twilio", pairs, headers: [HTTPField.Name("X-Twilio-Signature")!: "AAAA" + signature.dropFirst(4)])
            #expect(wrong.status == .forbidden)
            let tampered = try await client.form("/webhooks/twilio", pairs.map { $0.0 == "Body" ? ($0.0, "hi") : $0 }, headers: [HTTPField.Name("X-Twilio-Signature")!: signature])
            #expect(tampered.status == .forbidden)
            #expect(try fixture.count("SELECT COUNT(*) FROM messages") == 0)
            let good = try await client.form("/webhooks/twilio", pairs, headers: [HTTPField.Name("X-Twilio-Signature")!: signature])
            #expect(good.status == .ok)
            #expect(good.text.contains("<Message>"))
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == 1)
        #expect(fixture.logs.lines(atLeast: .warning).contains { $0.contains("bad signature") })
    }

    @Test("without --public-url the signature covers the URL as the request reached the server")
    func signatureFromRequestURL() async throws {
        let fixture = try ServerFixture(settings: ServerSettings(twilioAuthToken: "secret-token", senderPollInterval: 0.05))
        try await fixture.live { client in
            let pairs = [("MessageSid", "SM0030"), ("From", "+12025550101"), ("To", "+18005550199"), ("Body", "hi")]
            // The test client sends `Host: localhost`; the query string is signed exactly as sent.
            let url = "http://localhost/webhooks/twilio?tenant=a%20b"
            let signature = TwilioSignature.compute(url: url, parameters: FormBody(pairs.map { FormParameter(name: $0.0, value: $0.1) }), authToken: "secret-token")
            let headers: HTTPFields = [HTTPField.Name("X-Twilio-Signature")!: signature, .contentType: "application/x-www-form-urlencoded"]
            let response = try await client.execute(uri: "/webhooks/twilio?tenant=a%20b", method: .post, headers: headers, body: ByteBuffer(string: FormEncoding.encode(pairs)))
            #expect(response.status == .ok)
        }
    }

    @Test("a status callback updates the transcript line and never moves it back from a final state")
    func statusCallbacksUpdateDelivery() async throws {
        let fake = FakeTwilio()
        try await fake.run { baseURL in
            let account = FakeTwilio.account(baseURL: baseURL)
            let fixture = try ServerFixture(settings: ServerSettings(agents: [Agents.alice], sender: .twilio(account), senderPollInterval: 0.05))
            try await fixture.live { client in
                _ = try await client.twilio(body: "agent", sid: "SM0040")
                let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
                _ = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"Hi, Alice here."}"#, token: "alice-token")
                #expect(try await eventually { try fixture.count("SELECT COUNT(*) FROM messages WHERE delivery_status = 'sent' AND provider_id LIKE 'SM%'") == 1 })
                let sid = try #require(fake.sent.first?.sid)
                for status in ["sending", "sent", "queued", "delivered", "sent", "failed"] {
                    let response = try await client.form("/webhooks/twilio/status", [("MessageSid", sid), ("MessageStatus", status), ("AccountSid", FakeTwilio.accountSID)])
                    #expect(response.status == .ok)
                }
            }
            #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE delivery_status = 'delivered'") == 1)
        }
    }

    @Test("status callback error 21610 opts the number out")
    func carrierUnsubscribeOptsOut() async throws {
        let fake = FakeTwilio()
        try await fake.run { baseURL in
            let account = FakeTwilio.account(baseURL: baseURL)
            let fixture = try ServerFixture(settings: ServerSettings(agents: [Agents.alice], sender: .twilio(account), senderPollInterval: 0.05))
            try await fixture.live { client in
                _ = try await client.twilio(body: "agent", sid: "SM0050")
                let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
                _ = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"Hello"}"#, token: "alice-token")
                #expect(try await eventually { !fake.sent.isEmpty })
                let sid = try #require(fake.sent.first?.sid)
                _ = try await client.form("/webhooks/twilio/status", [("MessageSid", sid), ("MessageStatus", "undelivered"), ("ErrorCode", "21610")])
                let later = try await client.json("/v1/conversations/\(id)/messages", #"{"body":"Are you there?"}"#, token: "alice-token")
                #expect(later.status == .conflict)
            }
            #expect(try fixture.count("SELECT COUNT(*) FROM contacts WHERE consent = 'opted_out'") == 1)
            #expect(try fixture.count("SELECT COUNT(*) FROM consent_events WHERE keyword = 'carrier_21610'") == 1)
        }
    }
}
