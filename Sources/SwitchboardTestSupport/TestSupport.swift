import FlowLanguage
import FlowRuntime
import Foundation
import TextClassifier

/// The shipped flows, compiled once, for the engine's and the server's tests.
public enum Shipped {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Flows/*.yaml` with `Flows/data/*.csv`, compiled.
    public static let program: Program = {
        func load(_ folder: String, _ suffix: String) -> [SourceFile] {
            let url = root.appendingPathComponent(folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
            return names.map { SourceFile(path: "\(folder)/\($0)", text: (try? String(contentsOf: url.appendingPathComponent($0), encoding: .utf8)) ?? "") }
        }
        return FlowCompiler.compile(flows: load("Flows", ".yaml"), tables: load("Flows/data", ".csv")).program!
    }()

    /// The classifier trained from Corpus/, as the CLI trains it (once per test run); nil if the
    /// corpus does not train, so a test that needs it fails on `#require`.
    public static let classifier: Classifier? = {
        func text(_ path: String) -> (path: String, text: String) {
            (path, (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? "")
        }
        func folder(_ path: String) -> [(path: String, text: String)] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(path).path)) ?? []).filter { $0.hasSuffix(".txt") }
            return names.sorted().map { text("\(path)/\($0)") }
        }
        var sources = CorpusSources()
        sources.intents = folder("Corpus/intents")
        sources.sentiment = folder("Corpus/sentiment")
        sources.valence = text("Corpus/lexicon/valence.tsv")
        sources.negators = text("Corpus/lexicon/negators.txt")
        sources.intensifiers = text("Corpus/lexicon/intensifiers.tsv")
        sources.contrast = text("Corpus/lexicon/contrast.txt")
        sources.keywords = text("Corpus/keywords.tsv")
        guard case .success(let bundle) = CorpusTraining.train(sources, folds: 0),
            case .success(let classifier) = CorpusTraining.classifier(sources, bundle: bundle)
        else { return nil }
        return classifier
    }()
}

/// A clock tests move by hand.
public final class TestClock: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var current: Date

    /// A clock at an ISO-8601 time.
    public init(_ start: String = "2026-11-23T15:00:00Z") { current = ISO8601DateFormatter().date(from: start)! }

    /// The time now.
    public var now: Date { lock.lock(); defer { lock.unlock() }; return current }

    /// Moves the clock on.
    public func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}
