import ArgumentParser
import Foundation
import TextClassifier

/// `switchboard classify`: intent, sentiment, frustration and keywords as JSON lines.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify TEXT, or each line of stdin, as one JSON line.",
        discussion: #"{"text":…,"intent":…,"confidence":0–1,"intents":[{"intent":…,"score":…}×3],"sentiment":…,"sentiment_score":…,"frustration":0–1,"keywords":[…]}"#
    )

    @Option(help: "The corpus folder the classifier is trained from.") var corpus: String = "Corpus"
    @Option(help: "The model file (default: <corpus>/.switchboard.model; trained on the fly when missing or stale).") var model: String?
    @Argument(help: "The text (default: read lines from stdin).") var text: String?

    func run() throws {
        let classifier = try ClassifierLoading.load(corpus: corpus, modelPath: model)
        if let text {
            print(Self.json(text, classifier.classify(text)))
            return
        }
        while let line = readLine(strippingNewline: true) {
            print(Self.json(line, classifier.classify(line)))
            flushOutput()
        }
    }

    static func json(_ text: String, _ result: Classification) -> String {
        func rounded(_ value: Double) -> JSONValue { .number((value * 10_000).rounded() / 10_000) }
        return JSONValue.object([
            ("text", .string(text)),
            ("intent", .string(result.intent)),
            ("confidence", rounded(result.confidence)),
            ("intents", .array(result.intents.map { .object([("intent", .string($0.intent)), ("score", rounded($0.score))]) })),
            ("sentiment", .string(result.sentiment.rawValue)),
            ("sentiment_score", rounded(result.sentimentScore)),
            ("frustration", rounded(result.frustration)),
            ("keywords", .array(result.keywords.map { .string($0) })),
        ]).text
    }
}
