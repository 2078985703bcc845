import FlowLanguage
import Foundation
import Testing
import TextClassifier

struct IntentModelTests {
    static let examples: [LabeledText] = {
        let data: [(String, [String])] = [
            ("order_status", ["where is my order", "wheres my package", "track my delivery", "when will my order arrive", "has my parcel shipped", "tracking number for my order", "my package hasnt arrived", "order status please", "is my order on the way", "delivery eta?"]),
            ("billing", ["i was charged twice", "refund my payment", "why is my bill so high", "question about my invoice", "wrong charge on my card", "cancel the extra fee on my bill", "how much do i owe", "payment failed", "billing question", "overcharged this month"]),
            ("oos", ["whats the weather", "tell me a joke", "who won the game", "best pizza recipe", "how tall is everest", "what time is it in tokyo", "sing me a song", "capital of france", "do you like cats", "help with my homework"]),
        ]
        return data.flatMap { label, texts in texts.map { LabeledText(text: $0, label: label) } }
    }()

    @Test func learnsAndPredicts() {
        let model = IntentTrainer().train(Self.examples, corpusHash: "h", folds: 0)
        #expect(model.labels == ["billing", "oos", "order_status"])
        #expect(model.predict("where's my order??").label == "order_status")
        #expect(model.predict("i got charged 2x").label == "billing")
        let prediction = model.predict("where is my package")
        #expect(prediction.ranked.count == 3)
        #expect(prediction.confidence > 0.34 && prediction.confidence <= 1)
        #expect(abs(prediction.ranked.map(\.score).reduce(0, +) - 1) < 1e-6)
    }

    @Test func trainingIsDeterministic() {
        let one = IntentTrainer().train(Self.examples, corpusHash: "h", folds: 3).encoded()
        let two = IntentTrainer().train(Self.examples, corpusHash: "h", folds: 3).encoded()
        #expect(one == two)
        var other = IntentTrainer()
        other.seed = 7
        #expect(other.train(Self.examples, corpusHash: "h", folds: 3).predict("track my order").label == "order_status")
    }

    @Test func crossValidationFindsThresholdAndCalibration() {
        let model = IntentTrainer().train(Self.examples, corpusHash: "abc", folds: 3)
        #expect(model.metadata.outOfScopeLabel == "oos")
        #expect(model.metadata.outOfScopeThreshold != nil)
        #expect(model.metadata.crossValidatedAccuracy ?? 0 > 0.5)
        #expect(model.metadata.temperature > 0)
        #expect(model.metadata.corpusHash == "abc")
    }

    @Test func fileRoundTripAndBadFiles() throws {
        let model = IntentTrainer().train(Self.examples, corpusHash: "h", folds: 0)
        let decoded = try IntentModel.decode(model.encoded())
        #expect(decoded.metadata == model.metadata)
        for text in ["where is my order", "refund", "weather"] {
            // Weights are stored in half precision.
            for (a, b) in zip(decoded.scores(text), model.scores(text)) { #expect(abs(a - b) < 0.01) }
            #expect(decoded.predict(text).label == model.predict(text).label)
        }
        let bundle = ModelBundle(intents: model, sentiment: model)
        #expect(try ModelBundle.decode(bundle.encoded()).corpusHash == "h")
        #expect(throws: IntentModel.FormatError.self) { try IntentModel.decode(Data("hello".utf8)) }
        #expect(throws: IntentModel.FormatError.self) { try IntentModel.decode(model.encoded().prefix(200)) }
        #expect(throws: IntentModel.FormatError.self) { try ModelBundle.decode(bundle.encoded().prefix(30)) }
        var newer = bundle.encoded()
        newer[4] = 9
        #expect(throws: IntentModel.FormatError.self) { try ModelBundle.decode(newer) }
        // A feature row beyond the weights would be read out of bounds at prediction time.
        var corrupt = model.encoded()
        let header = Int(corrupt[8]) | Int(corrupt[9]) << 8 | Int(corrupt[10]) << 16 | Int(corrupt[11]) << 24
        let firstRow = 12 + header + 4 + 4
        for offset in 0..<4 { corrupt[firstRow + offset] = 0x7F }
        #expect(throws: IntentModel.FormatError.self) { try IntentModel.decode(corrupt) }
        let single = IntentTrainer().train(Self.examples.filter { $0.label == "oos" }, corpusHash: "h", folds: 0)
        #expect(throws: IntentModel.FormatError.self) { try IntentModel.decode(single.encoded()) }
    }

    @Test func evaluationMetrics() {
        let evaluation = Evaluation(gold: ["a", "a", "b", "oos", "oos"], predicted: ["a", "b", "b", "oos", "a"], outOfScopeLabel: "oos")
        #expect(evaluation.accuracy == 0.6)
        #expect(evaluation.inScopeAccuracy == 2.0 / 3.0)
        #expect(evaluation.outOfScopeRecall == 0.5)
        #expect(evaluation.confusions.first.map { [$0.gold, $0.predicted] } == ["a", "b"])
        #expect(evaluation.labels.first { $0.label == "b" }?.precision == 0.5)
    }
}
