import SwitchboardEngine
import SwitchboardTestSupport
import Testing

/// The engine's own escalations with the classifier trained from Corpus/: an upset complaint, and
/// frustration that failures in a row push over the threshold.
struct EscalationTests {
    @Test("an upset complaint goes to a person at once, with reason complaint")
    func upsetComplaint() throws {
        let fixture = try EngineFixture(classifier: try #require(Shipped.classifier))
        try fixture.send("hi", id: "1")
        let result = try fixture.send("this is the THIRD delay!!! unbelievable", id: "2")
        #expect(result.handoff?.reason == "complaint")
        #expect(result.handoff?.queue == "general")
    }

    @Test("frustration just under the threshold escalates after a failed turn, with reason frustration")
    func frustrationRaisedByFailures() throws {
        let angry = "WHY DOES MY APP KEEP CRASHING?!?! ugh"
        let calm = try EngineFixture(classifier: try #require(Shipped.classifier))
        try calm.send("hi", id: "1")
        #expect(try calm.send(angry, id: "2").handoff == nil)  // ≈ 0.77, under the 0.8 threshold

        let fixture = try EngineFixture(classifier: try #require(Shipped.classifier))
        try fixture.send("hi", id: "1")
        #expect(try fixture.send("zzz", id: "2").handoff == nil)  // a miss: one failure
        let result = try fixture.send(angry, id: "3")
        #expect(result.handoff?.reason == "frustration")
        #expect(try fixture.count("SELECT COUNT(*) FROM handoffs WHERE reason = 'frustration'") == 1)
    }
}
