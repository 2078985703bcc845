import Testing
import TwilioWire

@Suite("Inbound message webhooks")
struct InboundWebhookTests {
    static func inboundCases() throws -> [FormSignatureCase] {
        try SignatureVectors.formCases().filter { $0.id.hasPrefix("inbound-") }
    }

    @Test(
        "the vector file's inbound webhooks parse from their form bodies, values untouched",
        arguments: try inboundCases()
    )
    func vectors(_ vector: FormSignatureCase) throws {
        let form = try FormBody(decoding: vector.formBody)
        let inbound = try InboundWebhook(form: form)
        #expect(inbound.messageSid == vector.params["MessageSid"])
        #expect(inbound.from == vector.params["From"])
        #expect(inbound.to == vector.params["To"])
        #expect(Array(inbound.body.unicodeScalars) == Array((vector.params["Body"] ?? "").unicodeScalars))
        #expect(inbound.numMedia == Int(vector.params["NumMedia"] ?? "0"))
        #expect(inbound.optOutType?.rawValue == vector.params["OptOutType"])
        #expect(inbound.accountSid == vector.params["AccountSid"])
        #expect(inbound.messagingServiceSid == vector.params["MessagingServiceSid"])
        #expect(inbound.parameters == form)
    }

    @Test("MMS attachments are read in index order (MediaUrl10 after MediaUrl9)")
    func media() throws {
        let vector = try #require(try Self.inboundCases().first { $0.id == "inbound-mms-media" })
        let inbound = try InboundWebhook(form: FormBody(decoding: vector.formBody))
        #expect(inbound.numMedia == 11)
        #expect(inbound.media.count == 11)
        for (index, item) in inbound.media.enumerated() {
            #expect(item.url == vector.params["MediaUrl\(index)"])
            #expect(item.contentType == "image/jpeg")
        }
    }

    @Test("opt-out keywords map to the known types")
    func optOut() throws {
        let base: FormBody = ["MessageSid": "SM1", "From": "+12125550123", "To": "+14155550100", "Body": "STOP"]
        var form = base
        form.append("OptOutType", "STOP")
        #expect(try InboundWebhook(form: form).optOutType == .stop)
        #expect(try InboundWebhook(form: base).optOutType == nil)
    }

    @Test(
        "the message id falls back to SmsMessageSid, then SmsSid",
        arguments: [
            (["MessageSid": "SM1", "SmsMessageSid": "SM2", "SmsSid": "SM3"], "SM1"),
            (["SmsMessageSid": "SM2", "SmsSid": "SM3"], "SM2"),
            (["MessageSid": "", "SmsSid": "SM3"], "SM3"),
        ] as [([String: String], String)]
    )
    func sidFallback(ids: [String: String], expected: String) throws {
        var form = formBody(ids)
        form.append("From", "+12125550123")
        form.append("To", "+14155550100")
        form.append("Body", "hi")
        #expect(try InboundWebhook(form: form).messageSid == expected)
    }

    @Test(
        "a missing required field is an error whose message names it",
        arguments: [
            (["MessageSid": "SM1", "To": "+1", "Body": "hi"], "From"),
            (["MessageSid": "SM1", "From": "", "To": "+1", "Body": "hi"], "From"),
            (["MessageSid": "SM1", "From": "+1", "Body": "hi"], "To"),
            (["From": "+1", "To": "+1", "Body": "hi"], "MessageSid"),
            (["MessageSid": "SM1", "From": "+1", "To": "+1"], "Body"),
            (["MessageSid": "SM1", "From": "+1", "To": "+1", "NumMedia": "0"], "Body"),
        ] as [([String: String], String)]
    )
    func missingField(params: [String: String], field: String) throws {
        let error = try #require(throws: TwilioWireError.self) { try InboundWebhook(form: formBody(params)) }
        #expect(error.code == .missingField)
        #expect(error.field == field)
        #expect(error.description == "missing field '\(field)'")
    }

    @Test("Body may be empty, and may be absent only when NumMedia is above 0")
    func bodyRules() throws {
        let empty = try InboundWebhook(form: ["MessageSid": "SM1", "From": "+1", "To": "+2", "Body": ""])
        #expect(empty.body == "")

        let mms = try InboundWebhook(form: [
            "MessageSid": "MM1", "From": "+1", "To": "+2", "NumMedia": "1",
            "MediaUrl0": "https://api.twilio.com/m/0", "MediaContentType0": "image/png",
        ])
        #expect(mms.body == "")
        #expect(mms.media == [InboundMedia(url: "https://api.twilio.com/m/0", contentType: "image/png")])
    }

    @Test("a NumMedia that is not a number is an error naming the field")
    func badNumMedia() throws {
        for bad in ["-1", "two", "1.0", "99999999999999999999"] {
            let error = try #require(throws: TwilioWireError.self) {
                try InboundWebhook(form: ["MessageSid": "SM1", "From": "+1", "To": "+2", "Body": "x", "NumMedia": bad])
            }
            #expect(error.code == .invalidField)
            #expect(error.field == "NumMedia")
        }
    }

    @Test("a huge NumMedia does not make parsing slow, and only attachments present are listed")
    func hugeNumMedia() throws {
        let inbound = try InboundWebhook(form: [
            "MessageSid": "SM1", "From": "+1", "To": "+2", "NumMedia": "999999999", "MediaUrl0": "https://x/0",
        ])
        #expect(inbound.numMedia == 999_999_999)
        #expect(inbound.media.map(\.url) == ["https://x/0"])
        #expect(inbound.media.first?.contentType == nil)
    }

    @Test("unknown parameters are kept")
    func unknownParameters() throws {
        let inbound = try InboundWebhook(form: [
            "MessageSid": "SM1", "From": "whatsapp:+1", "To": "whatsapp:+2", "Body": "hi", "ProfileName": "Ada",
        ])
        #expect(inbound.parameters.first("ProfileName") == "Ada")
        #expect(inbound.from == "whatsapp:+1")
    }
}
