import FlowLanguage
import Foundation
import Testing
import TextClassifier

/// The corpus the project ships (Corpus/) has what the classifier issue asks of it.
struct ShippedCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    static func files(_ folder: String) throws -> [(path: String, text: String)] {
        let url = corpus.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".txt") }.sorted().map {
            ("Corpus/\(folder)/\($0)", try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
        }
    }

    static func text(_ name: String) throws -> (path: String, text: String) {
        ("Corpus/\(name)", try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8))
    }

    @Test("exactly the fourteen intents, at least 80 examples each, out-of-scope the largest, no text under two labels")
    func intents() throws {
        var counts: [String: Int] = [:]
        var all: [LabeledText] = []
        for file in try Self.files("intents") {
            let parsed = Corpus.examples(path: file.path, text: file.text)
            #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.map { DiagnosticRenderer.render($0) })")
            counts[parsed.examples.first?.label ?? file.path] = parsed.examples.count
            all += parsed.examples
        }
        #expect(Set(counts.keys) == [
            "billing", "order_status", "reschedule", "cancel", "confirm", "deny", "tech_support", "account", "agent", "complaint",
            "greeting", "thanks", "opt_out", "oos",
        ])
        for (intent, count) in counts { #expect(count >= 80, "\(intent): \(count) examples") }
        #expect(counts["oos"] == counts.values.max())
        #expect(Corpus.conflicts(all).isEmpty)
    }

    @Test("three sentiment files and a lexicon with negators, intensifiers and contrast words, all without problems")
    func sentimentAndLexicon() throws {
        let sentiment = try Self.files("sentiment")
        #expect(sentiment.map(\.path) == ["Corpus/sentiment/negative.txt", "Corpus/sentiment/neutral.txt", "Corpus/sentiment/positive.txt"])
        for file in sentiment { #expect(Corpus.examples(path: file.path, text: file.text).examples.count >= 200) }
        let (lexicon, problems) = SentimentLexicon.parse(
            valence: try Self.text("lexicon/valence.tsv"), negators: try Self.text("lexicon/negators.txt"),
            intensifiers: try Self.text("lexicon/intensifiers.tsv"), contrast: try Self.text("lexicon/contrast.txt"))
        #expect(problems.isEmpty, "\(problems.map { DiagnosticRenderer.render($0) })")
        #expect(lexicon.valence.count >= 4_000)
        #expect(["not", "never"].allSatisfy(lexicon.negators.contains))
        #expect(lexicon.intensifiers["really"] ?? 0 > 0)
        #expect(lexicon.contrast.contains("but"))
    }

    @Test("keyword rules catch requests for a person, profanity and urgency")
    func keywordRules() throws {
        let file = try Self.text("keywords.tsv")
        let (rules, problems) = KeywordRules.parse(path: file.path, text: file.text)
        #expect(problems.isEmpty, "\(problems.map { DiagnosticRenderer.render($0) })")
        for text in ["agent", "human", "can i get a real person", "representative please", "i need to talk to someone", "are you a bot? i want not a bot"] {
            #expect(rules.matches(text).contains { $0.category == "agent_request" }, "\(text)")
        }
        #expect(rules.matches("this is bullshit").contains { $0.category == "profanity" })
        #expect(rules.matches("i need this fixed asap").contains { $0.category == "urgency" })
        #expect(rules.matches("where is my order").isEmpty)
    }
}
