import FlowRuntime
import Foundation
@testable import SwitchboardEngine
import SwitchboardSQLite
import Testing

/// Burst coalescing: texts from one number that wait in the same batch within the window are one turn.
struct BurstTests {
    func items(_ engine: Engine, _ texts: [(String, TimeInterval)], from phone: String = "+12025550101") -> [Engine.Prepared] {
        let start = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!
        return texts.enumerated().map { index, text in
            engine.prepare(InboundMessage(from: phone, body: text.0, providerID: "b-\(index)-\(phone)", receivedAt: start + text.1))
        }
    }

    @Test func aSplitThoughtGetsOneAnswer() throws {
        var config = EngineConfig()
        config.burstWindow = 2
        let fixture = try EngineFixture(config: config)
        try fixture.send("hi")
        let engine = fixture.engine
        let batch = engine.coalesce(items(engine, [("i have a question", 0), ("about my bill", 0.8), ("the amount is wrong", 1.5)]))
        #expect(batch.map(\.absorbed) == [true, true, false])
        #expect(batch[2].body == "i have a question about my bill the amount is wrong")
        let results = try fixture.store.transaction { tx in try batch.map { try engine.processFresh($0, in: tx) } }
        #expect(results[0].replies.isEmpty && results[1].replies.isEmpty)
        #expect(results[2].replies.first?.hasPrefix("Billing: is this about") == true)
        #expect(try fixture.count("SELECT count(*) FROM messages WHERE direction = 'in'") == 4)
        #expect(try fixture.count("SELECT count(*) FROM messages WHERE body = 'about my bill'") == 1)
        #expect(try fixture.count("SELECT count(*) FROM processed_messages") == 3)
    }

    @Test func windowKeywordsAndOtherNumbersKeepTurnsApart() throws {
        var config = EngineConfig()
        config.burstWindow = 2
        let fixture = try EngineFixture(config: config)
        let engine = fixture.engine
        #expect(engine.coalesce(items(engine, [("hi", 0), ("there", 5)])).map(\.absorbed) == [false, false])
        #expect(engine.coalesce(items(engine, [("hi", 0), ("STOP", 0.5)])).map(\.absorbed) == [false, false])
        // Nothing merges across a keyword: text before START is not answered after it.
        #expect(engine.coalesce(items(engine, [("x", 0), ("START", 0.3), ("y", 0.6)])).map(\.absorbed) == [false, false, false])
        let mixed = items(engine, [("hi", 0)], from: "+12025550101") + items(engine, [("hello", 0.5)], from: "+12025550102")
        #expect(engine.coalesce(mixed).map(\.absorbed) == [false, false])
        // Off by default.
        let plain = try EngineFixture()
        #expect(plain.engine.coalesce(items(plain.engine, [("a", 0), ("b", 0.1)])).map(\.absorbed) == [false, false])
    }
}
