import Foundation
import SwitchboardEngine
import Testing

@Suite("Engine: proactive idempotency keys and early delivery reports")
struct OutboundEngineTests {
    @Test("a proactive request repeated with its key queues nothing and answers the same; another request under the key is refused")
    func idempotencyKey() throws {
        let fixture = try EngineFixture()
        let first = try fixture.engine.startProactive(phone: "(202) 555-0101", node: "main_menu", slots: ["name": "Ann"], idempotencyKey: "k1")
        #expect(!first.duplicate)
        let again = try fixture.engine.startProactive(phone: "+12025550101", node: "main_menu", slots: ["name": "Ann"], idempotencyKey: "k1")
        #expect(again.duplicate)
        #expect(again.outboxIDs == first.outboxIDs)
        #expect(again.texts == first.texts)
        #expect(again.conversationID == first.conversationID)
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox") == first.outboxIDs.count)
        #expect(throws: EngineError(.keyReused, "this idempotency key was used for a different request")) {
            try fixture.engine.startProactive(phone: "+12025550101", node: "main_menu", slots: ["name": "Bob"], idempotencyKey: "k1")
        }
        // Without a key, or with another, it is a new message.
        _ = try fixture.engine.startProactive(phone: "+12025550101", node: "main_menu", idempotencyKey: "k2")
        _ = try fixture.engine.startProactive(phone: "+12025550101", node: "main_menu")
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox") == 3 * first.outboxIDs.count)
    }

    @Test("a refused request does not use up its key: after START the same key sends")
    func refusedRequestKeepsKeyFree() throws {
        let fixture = try EngineFixture()
        try fixture.send("STOP", id: "s1")
        #expect(throws: EngineError.self) { try fixture.engine.startProactive(phone: "+12025550101", node: "main_menu", idempotencyKey: "k") }
        try fixture.send("START", id: "s2")
        let sent = try fixture.engine.startProactive(phone: "+12025550101", node: "main_menu", idempotencyKey: "k")
        #expect(!sent.duplicate)
        #expect(try fixture.count("SELECT COUNT(*) FROM proactive_requests") == 1)
    }

    @Test("a delivery report that overtakes the provider's answer is applied when the sender records the id")
    func earlyReportApplied() throws {
        let fixture = try EngineFixture()
        let id = try fixture.proactiveTextBeingSent()
        let early = try fixture.engine.applyDeliveryStatus(providerID: "SMearly", status: "delivered", errorCode: nil)
        #expect(early.kept && !early.changed && !early.optedOut)
        #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE delivery_status = 'delivered'") == 0)
        try fixture.engine.finishSend(id, outcome: .sent(providerID: "SMearly"))
        #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE provider_id = 'SMearly' AND delivery_status = 'delivered'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM early_delivery_reports") == 0)
        // Later reports take the usual path and never move it back.
        let late = try fixture.engine.applyDeliveryStatus(providerID: "SMearly", status: "sent", errorCode: nil)
        #expect(!late.kept && !late.changed)
    }

    @Test("partially_delivered is not final: the report of the last segments replaces it")
    func partiallyDeliveredIsNotFinal() throws {
        let fixture = try EngineFixture()
        let id = try fixture.proactiveTextBeingSent()
        try fixture.engine.finishSend(id, outcome: .sent(providerID: "SMparts"))
        #expect(try fixture.engine.applyDeliveryStatus(providerID: "SMparts", status: "partially_delivered", errorCode: nil).changed)
        #expect(try fixture.engine.applyDeliveryStatus(providerID: "SMparts", status: "delivered", errorCode: nil).changed)
        #expect(!(try fixture.engine.applyDeliveryStatus(providerID: "SMparts", status: "partially_delivered", errorCode: nil).changed))
        #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE provider_id = 'SMparts' AND delivery_status = 'delivered'") == 1)
    }

    @Test("an early report of error 21610 opts the number out when the id is recorded; stale early reports are dropped")
    func earlyCarrierOptOutAndExpiry() throws {
        let fixture = try EngineFixture()
        _ = try fixture.engine.applyDeliveryStatus(providerID: "SMstale", status: "delivered", errorCode: nil)
        fixture.clock.advance(2 * 3600)
        let id = try fixture.proactiveTextBeingSent()
        _ = try fixture.engine.applyDeliveryStatus(providerID: "SM21610", status: "undelivered", errorCode: 21610)
        #expect(try fixture.count("SELECT COUNT(*) FROM early_delivery_reports WHERE provider_id = 'SMstale'") == 0)
        try fixture.engine.finishSend(id, outcome: .sent(providerID: "SM21610"))
        #expect(try fixture.count("SELECT COUNT(*) FROM contacts WHERE consent = 'opted_out'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM consent_events WHERE keyword = 'carrier_21610' AND source_message_id = 'SM21610'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM messages WHERE delivery_status = 'undelivered'") == 1)
    }
}

extension EngineFixture {
    /// Starts a proactive text to +12025550101 and claims it for sending; returns its outbox id.
    func proactiveTextBeingSent() throws -> Int64 {
        let result = try engine.startProactive(phone: "+12025550101", node: "main_menu")
        let id = try #require(result.outboxIDs.first)
        _ = try #require(try engine.beginSend(id))
        return id
    }
}
