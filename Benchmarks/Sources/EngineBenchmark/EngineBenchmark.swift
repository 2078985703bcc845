import FlowLanguage
import FlowRuntime
import Foundation
import SwitchboardEngine
import SwitchboardSQLite
import TextClassifier

/// Messages per second through `Engine.handle` with durable SQLite state (WAL, synchronous=NORMAL,
/// a file in the temporary folder), replies returned only after their transaction committed.
///
/// Scenario "one number": CONCURRENCY tasks send MESSAGES messages in total to one number.
/// Scenario "distinct numbers": NUMBERS numbers send one message each ("hi", then a menu choice for
/// every tenth). Both classify every message with the classifier trained from Corpus/.
@main
enum EngineBenchmark {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        let messages = Int(environment["MESSAGES"] ?? "") ?? 20_000
        let numbers = Int(environment["NUMBERS"] ?? "") ?? 100_000
        let concurrency = Int(environment["CONCURRENCY"] ?? "") ?? 64
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let program = try compile(root: root)
        let classifier = try train(root: root)
        print("engine: \(concurrency) concurrent senders; classifier on; durable SQLite (WAL, synchronous=NORMAL)")

        let oneNumber = try await run(label: "one number", program: program, classifier: classifier, concurrency: concurrency, total: messages) { index in
            InboundMessage(from: "+12025550101", body: ["hi", "b", "12345678", "2", "agent"][index % 3], providerID: "one-\(index)")
        }
        print(oneNumber)
        let distinct = try await run(label: "distinct numbers", program: program, classifier: classifier, concurrency: concurrency, total: numbers) { index in
            let phone = "+1202\(String(format: "%07d", 2_000_000 + index))"
            return InboundMessage(from: phone, body: index % 10 == 0 ? "where is my package" : "hi", providerID: "n-\(index)")
        }
        print(distinct)
    }

    static func run(
        label: String, program: Program, classifier: Classifier, concurrency: Int, total: Int, message: @escaping @Sendable (Int) -> InboundMessage
    ) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteStore(path: path)
        let engine = Engine(program: program, classifier: classifier, store: store, clock: { Date() })
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    var index = worker
                    while index < total {
                        let begin = clock.now
                        _ = try await engine.handle(message(index))
                        let elapsed = clock.now - begin
                        mine.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
                        index += concurrency
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) + ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0)
        let integrity = try store.integrityCheck()
        return String(
            format: "%@: %d messages in %.2f s = %.0f msg/s; latency p50 %.2f ms, p99 %.2f ms; database %.1f MB; RSS %.0f MB; integrity %@",
            label as NSString, total, seconds, Double(total) / seconds, latencies[latencies.count / 2], latencies[latencies.count * 99 / 100],
            Double(size) / 1_048_576, residentMB(), integrity as NSString)
    }

    static func residentMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    static func compile(root: URL) throws -> Program {
        func load(_ folder: String, _ suffix: String) throws -> [SourceFile] {
            let url = root.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(suffix) }.sorted().map {
                SourceFile(path: "\(folder)/\($0)", text: try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
            }
        }
        guard let program = FlowCompiler.compile(flows: try load("Flows", ".yaml"), tables: try load("Flows/data", ".csv")).program else {
            fatalError("the shipped flows have errors")
        }
        return program
    }

    static func train(root: URL) throws -> Classifier {
        let corpus = root.appendingPathComponent("Corpus")
        func files(_ folder: String) throws -> [(path: String, text: String)] {
            let url = corpus.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".txt") }.sorted().map {
                ("Corpus/\(folder)/\($0)", try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
            }
        }
        func file(_ name: String) throws -> (path: String, text: String) {
            ("Corpus/\(name)", try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8))
        }
        var sources = CorpusSources()
        sources.intents = try files("intents")
        sources.sentiment = try files("sentiment")
        sources.valence = try file("lexicon/valence.tsv")
        sources.negators = try file("lexicon/negators.txt")
        sources.intensifiers = try file("lexicon/intensifiers.tsv")
        sources.contrast = try file("lexicon/contrast.txt")
        sources.keywords = try file("keywords.tsv")
        guard case .success(let bundle) = CorpusTraining.train(sources, folds: 0),
            case .success(let classifier) = CorpusTraining.classifier(sources, bundle: bundle)
        else { fatalError("the corpus does not train") }
        return classifier
    }
}
