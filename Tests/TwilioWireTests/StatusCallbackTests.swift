import Testing
import TwilioWire

@Suite("Status callbacks")
struct StatusCallbackTests {
    static func statusCases() throws -> [FormSignatureCase] {
        try SignatureVectors.formCases().filter { $0.id.hasPrefix("status-") }
    }

    @Test("the vector file's status callbacks parse from their form bodies", arguments: try statusCases())
    func vectors(_ vector: FormSignatureCase) throws {
        let form = try FormBody(decoding: vector.formBody)
        let callback = try StatusCallback(form: form)
        #expect(callback.messageSid == vector.params["MessageSid"])
        #expect(callback.status.rawValue == vector.params["MessageStatus"])
        #expect(callback.errorCode == vector.params["ErrorCode"].flatMap { Int($0) })
        #expect(callback.to == vector.params["To"])
        #expect(callback.from == vector.params["From"])
        #expect(callback.accountSid == vector.params["AccountSid"])
        #expect(callback.parameters == form)
    }

    @Test("the vectors include failures with error codes")
    func vectorErrorCodes() throws {
        let codes = try Self.statusCases().compactMap { vector in
            try StatusCallback(form: FormBody(decoding: vector.formBody)).errorCode
        }
        #expect(Set(codes) == [30003, 30007])
    }

    @Test("legacy SmsSid and SmsStatus are used when MessageSid and MessageStatus are absent")
    func legacyFields() throws {
        let callback = try StatusCallback(form: ["SmsSid": "SM1", "SmsStatus": "sent"])
        #expect(callback.messageSid == "SM1")
        #expect(callback.status == .sent)
        #expect(callback.errorCode == nil)
        #expect(callback.to == nil && callback.from == nil)
    }

    @Test("MessageStatus wins over SmsStatus")
    func messageStatusWins() throws {
        let callback = try StatusCallback(form: [
            "MessageSid": "SM1", "SmsStatus": "sent", "MessageStatus": "delivered",
        ])
        #expect(callback.status == .delivered)
    }

    @Test("partially_delivered and the Messaging Service statuses parse")
    func otherStatuses() throws {
        for raw in ["partially_delivered", "accepted", "scheduled", "canceled", "read"] {
            let callback = try StatusCallback(form: ["MessageSid": "SM1", "MessageStatus": raw])
            #expect(callback.status.rawValue == raw)
        }
    }

    @Test("an unknown status is an error naming the field")
    func unknownStatus() throws {
        let error = try #require(throws: TwilioWireError.self) {
            try StatusCallback(form: ["MessageSid": "SM1", "MessageStatus": "teleported"])
        }
        #expect(error.code == .invalidField)
        #expect(error.field == "MessageStatus")
        #expect(error.description == "invalid field 'MessageStatus': unknown status 'teleported'")

        let legacy = try #require(throws: TwilioWireError.self) {
            try StatusCallback(form: ["MessageSid": "SM1", "SmsStatus": "bogus"])
        }
        #expect(legacy.field == "SmsStatus")
    }

    @Test("an unknown status that is not a plain word is not echoed")
    func unknownStatusNotEchoed() throws {
        let error = try #require(throws: TwilioWireError.self) {
            try StatusCallback(form: ["MessageSid": "SM1", "MessageStatus": "+14155550100"])
        }
        #expect(!error.description.contains("4155550100"))
    }

    @Test(
        "missing MessageSid or status is an error naming the field",
        arguments: [
            (["MessageStatus": "sent"], "MessageSid"),
            (["MessageSid": "", "MessageStatus": "sent"], "MessageSid"),
            (["MessageSid": "SM1"], "MessageStatus"),
            (["MessageSid": "SM1", "MessageStatus": ""], "MessageStatus"),
        ] as [([String: String], String)]
    )
    func missingFields(params: [String: String], field: String) throws {
        let error = try #require(throws: TwilioWireError.self) { try StatusCallback(form: formBody(params)) }
        #expect(error.code == .missingField)
        #expect(error.description == "missing field '\(field)'")
    }

    @Test("a non-numeric ErrorCode is an error naming the field; an empty one is no code")
    func errorCodeField() throws {
        let error = try #require(throws: TwilioWireError.self) {
            try StatusCallback(form: ["MessageSid": "SM1", "MessageStatus": "failed", "ErrorCode": "30x"])
        }
        #expect(error.field == "ErrorCode")
        #expect(
            try StatusCallback(form: ["MessageSid": "SM1", "MessageStatus": "failed", "ErrorCode": ""]).errorCode == nil
        )
    }
}
