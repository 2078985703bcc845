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
/// Scenario "distinct numbers": NUMBERS numbers send one message each. Both classify every message
/// with the classifier trained from Corpus/.
///
/// The flows are Benchmarks/flows (an order-status loop: every text is an 8-digit order number, from
/// a cycle of 250, and gets a lookup and two texts back, in whatever order concurrent texts arrive).
/// SCENARIO=shipped runs the shipped Flows with the texts "hi", "b", "12345678" instead: concurrent
/// texts of one number arrive out of order, the conversation soon goes to a person, and from then
/// on the bot is silent, which is a lighter load.
@main
enum EngineBenchmark {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        let messages = Int(environment["MESSAGES"] ?? "") ?? 20_000
        let numbers = Int(environment["NUMBERS"] ?? "") ?? 100_000
        let concurrency = Int(environment["CONCURRENCY"] ?? "") ?? 64
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let shipped = environment["SCENARIO"] == "shipped"
        let program = try compile(root: root, flows: shipped ? "Flows" : "Benchmarks/flows")
        let classifier = try train(root: root)
        let bodies = shipped ? ["hi", "b", "12345678"] : try orderTexts(root: root)
        print("engine: \(concurrency) concurrent senders; classifier on; durable SQLite (WAL, synchronous=NORMAL); \(shipped ? "shipped flows" : "order loop")")

        let oneNumber = try await run(label: "one number", program: program, classifier: classifier, concurrency: concurrency, total: messages) { index in
            InboundMessage(from: "+12025550101", body: bodies[index % bodies.count], providerID: "one-\(index)")
        }
        print(oneNumber)
        let distinct = try await run(label: "distinct numbers", program: program, classifier: classifier, concurrency: concurrency, total: numbers) { index in
            let phone = "+1202\(String(format: "%07d", 2_000_000 + index))"
            return InboundMessage(from: phone, body: bodies[index % bodies.count], providerID: "n-\(index)")
        }
        print(distinct)
    }

    static func run(
        label: String, program: Program, classifier: Classifier, concurrency: Int, total: Int, message: @escaping @Sendable (Int) -> InboundMessage
    ) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        // The store's defaults unless CHECKPOINT_MS / WAL_FLUSH_MS (0: none) are set, for comparing them.
        let environment = ProcessInfo.processInfo.environment
        let checkpoint = Int(environment["CHECKPOINT_MS"] ?? "").map { Duration.milliseconds($0) } ?? .milliseconds(500)
        let flush = Int(environment["WAL_FLUSH_MS"] ?? "").map { $0 > 0 ? Duration.milliseconds($0) : nil } ?? .milliseconds(10)
        let store = try SQLiteStore(path: path, checkpointInterval: checkpoint, walFlushInterval: flush)
        let engine = Engine(program: program, classifier: classifier, store: store, clock: { Date() })
        let clock = ContinuousClock()
        let cpuBefore = threadCPU()
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
        // Threads that ended during the run are missed (their time is lost, not subtracted).
        let cpu = threadCPU().map { tid, after in after - (cpuBefore[tid] ?? 0) }
        let process = Double(cpu.reduce(0, +)) / 1e3 / Double(total)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) + ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0)
        let integrity = try store.integrityCheck()
        let stats = try engine.stats()
        return String(
            format: "%@: %d messages in %.2f s = %.0f msg/s; latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; CPU per message %.1f µs; database %.1f MB; RSS %.0f MB; integrity %@; with a person at the end: %d of %d conversations",
            label as NSString, total, seconds, Double(total) / seconds, latencies[latencies.count / 2], latencies[latencies.count * 99 / 100],
            latencies[latencies.count * 999 / 1000], latencies.last ?? 0, process,
            Double(size) / 1_048_576, residentMB(), integrity as NSString, stats.conversationsWithHandoff, stats.conversations)
    }

    /// CPU time each thread of this process has run, in nanoseconds, by thread id (Linux
    /// schedstat; empty elsewhere). Their sum per message is far steadier than msg/s on a shared
    /// machine, so it shows what a change saved.
    static func threadCPU() -> [String: Int] {
        var times: [String: Int] = [:]
        for tid in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? [] {
            if let stat = try? String(contentsOfFile: "/proc/self/task/\(tid)/schedstat", encoding: .utf8),
                let first = stat.split(separator: " ").first, let ns = Int(first)
            {
                times[tid] = ns
            }
        }
        return times
    }

    static func residentMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    /// The 200 order numbers of Benchmarks/flows/data/orders.csv and 50 that are not there.
    static func orderTexts(root: URL) throws -> [String] {
        let table = try String(contentsOf: root.appendingPathComponent("Benchmarks/flows/data/orders.csv"), encoding: .utf8)
        let known = table.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        return known + (0..<known.count / 4).map { String(format: "%08d", 10_000_000 + 7919 * $0) }
    }

    static func compile(root: URL, flows: String) throws -> Program {
        func load(_ folder: String, _ suffix: String) throws -> [SourceFile] {
            let url = root.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(suffix) }.sorted().map {
                SourceFile(path: "\(folder)/\($0)", text: try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
            }
        }
        guard let program = FlowCompiler.compile(flows: try load(flows, ".yaml"), tables: try load(flows + "/data", ".csv")).program else {
            fatalError("the flows in \(flows) have errors")
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
