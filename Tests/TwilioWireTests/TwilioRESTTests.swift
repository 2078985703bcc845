import Testing
import TwilioWire

@Suite("Twilio REST helpers")
struct TwilioRESTTests {
    static let accountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let authToken = "9f2b5c0e4d7a8b1c3e6f9a0b2c4d6e8f"

    @Test("a message from a number: URL, method, headers and form body")
    func requestFromNumber() throws {
        let message = OutgoingMessage(
            to: "+14155550100",
            sender: .number("+12125550123"),
            body: "Grüße & 100% ~ok* \"x\"",
            statusCallback: "https://bot.example.com/twilio/status?tenant=acme"
        )
        let request = try TwilioREST.createMessageRequest(
            message,
            accountSid: Self.accountSid,
            authToken: Self.authToken
        )
        #expect(request.method == "POST")
        #expect(request.url == "https://api.twilio.com/2010-04-01/Accounts/\(Self.accountSid)/Messages.json")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["Accept"] == "application/json")
        // base64("ACaaa…:9f2b…"), computed with Python's base64 module.
        #expect(
            request.headers["Authorization"]
                == "Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTo5ZjJiNWMwZTRkN2E4YjFjM2U2ZjlhMGIyYzRkNmU4Zg=="
        )
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "To=%2B14155550100&From=%2B12125550123&Body=Gr%C3%BC%C3%9Fe+%26+100%25+~ok%2A+%22x%22"
                + "&StatusCallback=https%3A%2F%2Fbot.example.com%2Ftwilio%2Fstatus%3Ftenant%3Dacme"
        )
    }

    @Test("a message through a Messaging Service sends MessagingServiceSid, not From; no StatusCallback when unset")
    func requestFromService() throws {
        let message = OutgoingMessage(
            to: "+14155550100",
            sender: .messagingService("MGbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
            body: "Hi"
        )
        let request = try TwilioREST.createMessageRequest(
            message,
            accountSid: Self.accountSid,
            authToken: Self.authToken,
            baseURL: "http://localhost:8080/"
        )
        #expect(request.url == "http://localhost:8080/2010-04-01/Accounts/\(Self.accountSid)/Messages.json")
        let form = try FormBody(decoding: request.body)
        #expect(form.parameters.map(\.name) == ["To", "MessagingServiceSid", "Body"])
        #expect(form.first("MessagingServiceSid") == "MGbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
        #expect(!form.contains("From"))
        #expect(!form.contains("StatusCallback"))
    }

    @Test("an account SID that is not AC + 32 hex digits is refused (it goes into the URL path)")
    func badAccountSid() throws {
        let message = OutgoingMessage(to: "+1", sender: .number("+2"), body: "x")
        for bad in [
            "", "AC123", "../../Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaa", "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ACgggggggggggggggggggggggggggggggg",
        ] {
            let error = try #require(throws: TwilioWireError.self) {
                try TwilioREST.createMessageRequest(message, accountSid: bad, authToken: "t")
            }
            #expect(error.field == "AccountSid")
        }
    }

    @Test("a request's description shows neither the token nor the body")
    func requestDescription() throws {
        let message = OutgoingMessage(to: "+14155550100", sender: .number("+12125550123"), body: "secret text")
        let request = try TwilioREST.createMessageRequest(
            message,
            accountSid: Self.accountSid,
            authToken: Self.authToken
        )
        let text = String(describing: request)
        #expect(!text.contains("4155550100") && !text.contains("secret text") && !text.contains("Basic"))
        #expect(text.hasPrefix("POST https://api.twilio.com/"))
    }

    @Test("201 with the Message resource is accepted with its sid and status")
    func created() throws {
        let body = """
            {"account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "api_version": "2010-04-01", "body": "Hi \\u00d8 \\ud83d\\ude00",
             "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": null, "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000",
             "direction": "outbound-api", "error_code": null, "error_message": null, "from": "+12125550123",
             "messaging_service_sid": null, "num_media": "0", "num_segments": "1", "price": null, "price_unit": "USD",
             "sid": "SMdddddddddddddddddddddddddddddddd", "status": "queued",
             "subresource_uris": {"media": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SMdddddddddddddddddddddddddddddddd/Media.json"},
             "to": "+14155550100", "uri": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SMdddddddddddddddddddddddddddddddd.json"}
            """
        let result = try TwilioREST.parseCreateMessageResponse(status: 201, body: Array(body.utf8))
        #expect(result == .accepted(sid: "SMdddddddddddddddddddddddddddddddd", status: .queued))
        #expect(!result.isPermanent && !result.isRetryable && !result.isUnsubscribed)
    }

    @Test("a Messaging Service answers with status accepted; an unknown status is kept as nil, not an error")
    func createdOtherStatuses() throws {
        let accepted = try TwilioREST.parseCreateMessageResponse(
            status: 201,
            body: Array(#"{"sid":"SM1","status":"accepted"}"#.utf8)
        )
        #expect(accepted == .accepted(sid: "SM1", status: .accepted))
        let unknown = try TwilioREST.parseCreateMessageResponse(
            status: 201,
            body: Array(#"{"sid":"SM1","status":"warp_speed"}"#.utf8)
        )
        #expect(unknown == .accepted(sid: "SM1", status: nil))
    }

    @Test("a 2xx without a sid throws, since the message may exist")
    func createdWithoutSid() throws {
        for body in ["", "{}", #"{"sid":""}"#, "<html>ok</html>"] {
            let error = try #require(throws: TwilioWireError.self) {
                try TwilioREST.parseCreateMessageResponse(status: 201, body: Array(body.utf8))
            }
            #expect(error.code == .unexpectedResponse)
        }
    }

    @Test("error 21610: rejected, permanent, and the recipient unsubscribed")
    func unsubscribed() throws {
        let body =
            #"{"code": 21610, "message": "Attempt to send to unsubscribed recipient", "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400}"#
        let result = try TwilioREST.parseCreateMessageResponse(status: 400, body: Array(body.utf8))
        #expect(result == .rejected(code: 21610, message: "Attempt to send to unsubscribed recipient", status: 400))
        #expect(result.isPermanent && !result.isRetryable && result.isUnsubscribed)
    }

    @Test(
        "4xx other than 429 are permanent; 429 and 5xx are retryable",
        arguments: [
            (400, true), (401, true), (403, true), (404, true), (429, false), (500, false), (502, false), (503, false),
        ]
    )
    func permanence(status: Int, permanent: Bool) throws {
        let body =
            #"{"code": 20001, "message": "Something", "more_info": "https://www.twilio.com/docs/errors/20001", "status": \#(status)}"#
        let result = try TwilioREST.parseCreateMessageResponse(status: status, body: Array(body.utf8))
        #expect(result.isPermanent == permanent)
        #expect(result.isRetryable == !permanent)
        #expect(!result.isUnsubscribed)
        #expect(result == .rejected(code: 20001, message: "Something", status: status))
    }

    @Test("an error body that is not Twilio JSON still gives a rejection, without a code")
    func nonJSONError() throws {
        let result = try TwilioREST.parseCreateMessageResponse(
            status: 502,
            body: Array("<html>Bad Gateway</html>".utf8)
        )
        guard case .rejected(let code, let message, let status) = result else {
            Issue.record("expected a rejection, got \(result)")
            return
        }
        #expect(code == nil)
        #expect(status == 502)
        #expect(message.contains("502"))
        #expect(result.isRetryable)
    }

    @Test("a result's description leaves out Twilio's message text, which may quote the number")
    func resultDescription() throws {
        let body =
            #"{"code": 21211, "message": "The 'To' number +14155550100 is not a valid phone number.", "status": 400}"#
        let result = try TwilioREST.parseCreateMessageResponse(status: 400, body: Array(body.utf8))
        #expect(!result.description.contains("4155550100"))
        #expect(result.description == "rejected: Twilio error 21211, HTTP 400, permanent")
    }

    @Test("the Basic authorization value is base64 of sid:token")
    func basicAuthorization() {
        #expect(TwilioREST.basicAuthorization(accountSid: "user", authToken: "pass") == "Basic dXNlcjpwYXNz")
    }
}
