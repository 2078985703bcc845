import Foundation
import TextClassifier

/// Single-thread classification latency: intent + sentiment + frustration + keywords for every
/// line of Corpus/sentiment (SMS-style messages, 1–25 words), timed per message over several
/// runs; prints the median and p99 of per-message times and the median of run means.
@main
enum ClassifierBenchmark {
    static func main() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let corpus = root.appendingPathComponent("Corpus")
        func files(_ folder: String, _ suffix: String) throws -> [(path: String, text: String)] {
            let url = corpus.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(suffix) }.sorted().map {
                ("Corpus/\(folder)/\($0)", try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
            }
        }
        func file(_ name: String) throws -> (path: String, text: String) {
            ("Corpus/\(name)", try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8))
        }
        var sources = CorpusSources()
        sources.intents = try files("intents", ".txt")
        sources.sentiment = try files("sentiment", ".txt")
        sources.valence = try file("lexicon/valence.tsv")
        sources.negators = try file("lexicon/negators.txt")
        sources.intensifiers = try file("lexicon/intensifiers.tsv")
        sources.contrast = try file("lexicon/contrast.txt")
        sources.keywords = try file("keywords.tsv")
        guard case .success(let bundle) = CorpusTraining.train(sources, folds: 0),
            case .success(let classifier) = CorpusTraining.classifier(sources, bundle: bundle)
        else { fatalError("corpus does not train") }
        let messages = sources.sentiment.flatMap { file in
            file.text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        }
        let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "") ?? 7
        var perMessage: [Double] = []
        var runMeans: [Double] = []
        var sink = 0.0
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let runStart = clock.now
            for message in messages {
                let start = clock.now
                let result = classifier.classify(message)
                let elapsed = clock.now - start
                sink += result.frustration
                perMessage.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
            let total = clock.now - runStart
            runMeans.append((Double(total.components.attoseconds) / 1e12 + Double(total.components.seconds) * 1e6) / Double(messages.count))
        }
        perMessage.sort()
        runMeans.sort()
        print("classify: \(messages.count) messages × \(runs) runs, single thread, \(bundle.intents.labels.count) intents")
        print(String(format: "per message: median %.2f µs, p99 %.2f µs; median of run means %.2f µs", perMessage[perMessage.count / 2], perMessage[perMessage.count * 99 / 100], runMeans[runMeans.count / 2]))
        // Where the time goes: each stage alone, mean over all messages (median of 5 passes).
        func stage(_ name: String, _ body: (String) -> Double) {
            var means: [Double] = []
            for _ in 0..<5 {
                let start = clock.now
                for message in messages { sink += body(message) }
                let total = clock.now - start
                means.append((Double(total.components.attoseconds) / 1e12 + Double(total.components.seconds) * 1e6) / Double(messages.count))
            }
            means.sort()
            print(String(format: "  %-34@ %.2f µs", name as NSString, means[2]))
        }
        print("stages:")
        stage("tokenize") { Double(Tokenizer.tokens($0).count) }
        let hasher = FeatureHasher(config: bundle.intents.metadata.features)
        stage("tokenize + features") { Double(hasher.features(of: $0).buckets.count) }
        stage("tokenize + features + intent scores") { Double(bundle.intents.scores($0)[0]) }
        stage("sentiment (lexicon + model)") { classifier.sentiment.analyze($0).score }
        stage("keyword rules") { Double(classifier.keywords.matches($0).count) }
        for (category, pattern) in classifier.keywords.categoryPatterns {
            stage("keywords: \(category)") { (try? pattern.matches($0)) == true ? 1 : 0 }
        }
        stage("everything (classify)") { classifier.classify($0).frustration }
        if sink < 0 { print(sink) }
    }
}
