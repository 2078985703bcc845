import Foundation
import HummingbirdTesting
import NIOCore
import SwitchboardEngine
import SwitchboardHTTP
import Testing

@Suite("Outbound: the sender when Twilio fails")
struct SenderFailureTests {
    /// A number waiting for a person, with one agent reply queued.
    private func queueReply(_ fixture: ServerFixture, to phone: String = "+12025550101", text: String = "Hello from Alice") async throws {
        _ = try await fixture.engine.handle(InboundMessage(from: phone, body: "agent", providerID: "a-\(phone)"))
        let id = try #require(try fixture.engine.conversationID(phone: phone))
        _ = try fixture.engine.reply(id, agent: "alice", text: text)
    }

    @Test("no answer after the request was sent: the text is marked failed, never sent again")
    func timeoutIsNotResent() async throws {
        let fake = FakeTwilio(hangFirst: 1)
        try await fake.run { baseURL in
            let account = FakeTwilio.account(baseURL: baseURL, timeout: 0.5)
            let fixture = try ServerFixture(settings: ServerSettings(sender: .twilio(account), retryBase: 0.01, senderPollInterval: 0.05))
            try await queueReply(fixture)
            await fixture.server.outbox.sendDue()
            try await Task.sleep(for: .seconds(3.2))  // the fake answers (too late) and records the text
            await fixture.server.outbox.sendDue()
            #expect(fake.requests == 1)
            #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND last_error LIKE 'no answer from Twilio%'") == 1)
        }
    }

    @Test("a refused connection is retried")
    func refusedConnectionIsRetried() async throws {
        // A port nothing listens on: bind one, note it, close it.
        let account = FakeTwilio.account(baseURL: "http://127.0.0.1:9", timeout: 2)
        let fixture = try ServerFixture(settings: ServerSettings(sender: .twilio(account), retryBase: 60, senderPollInterval: 0.05))
        try await queueReply(fixture)
        await fixture.server.outbox.sendDue()
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'queued' AND attempts = 1 AND next_attempt IS NOT NULL AND last_error LIKE 'could not connect%'") == 1)
    }

    @Test("Twilio's error text, which quotes the number, stays out of logs at info and out of the outbox")
    func twilioErrorsStayPrivate() async throws {
        let fake = FakeTwilio(invalid: ["+12025550101"])
        try await fake.run { baseURL in
            let account = FakeTwilio.account(baseURL: baseURL)
            let fixture = try ServerFixture(settings: ServerSettings(sender: .twilio(account), senderPollInterval: 0.05))
            try await queueReply(fixture)
            await fixture.server.outbox.sendDue()
            #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND last_error = 'Twilio HTTP 400 error 21211'") == 1)
            for line in fixture.logs.lines(atLeast: .info) {
                #expect(!line.contains("5550101"), "a full phone number reached the log: \(line)")
            }
            #expect(fixture.logs.lines(atLeast: .trace).contains { $0.contains("is not a valid phone number") })
        }
    }
}
