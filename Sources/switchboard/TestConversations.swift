import ArgumentParser
import ConversationTesting
import ConversationTestingEngine
import FlowRuntime
import Foundation
import SwitchboardEngine

/// `switchboard test`: run conversation test files against the flows.
struct TestConversations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run conversation tests (*.convo) through the engine; exit 1 on any failure.",
        discussion: "Messages go through the whole engine with the settings of --config, as `serve` handles them: STOP/START/HELP, escalation to a person, session expiry and CSAT included. With --flows-only they go to the flows alone. The format is described in docs/flows.md (section 'Conversation tests')."
    )

    @OptionGroup var options: FlowOptions
    @OptionGroup var classifierOptions: ClassifierOptions
    @Option(help: "Settings file whose queues and hours override the flows' (the default is used only when it exists; a file named here must exist).") var config: String = "switchboard.yaml"

    @Argument(help: "Test files or folders (default: Tests/Conversations).")
    var paths: [String] = ["Tests/Conversations"]

    @Flag(help: "List the nodes and edges of the flows that no conversation exercised.")
    var coverage = false

    @Flag(help: "Run the flows alone, without the engine's rules (compliance keywords, escalation, session expiry, CSAT).")
    var flowsOnly = false

    func run() async throws {
        let (program, _) = try options.loadProgram(settings: config)
        let classifier = try classifierOptions.load()
        let runner: ScriptRunner
        if flowsOnly {
            var classify: (@Sendable (String) -> Understanding)?
            if let classifier {
                classify = { text in classifier.classify(text).understanding }
            }
            runner = ScriptRunner(program: program, classify: classify)
        } else {
            runner = ScriptRunner(program: program, mode: .engine(classifier: classifier, config: try EngineSettings.load(path: config)))
        }
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            if isDirectory.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
                files += names.filter { $0.hasSuffix(".convo") }.map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else { throw ValidationError("no .convo files in \(paths.joined(separator: ", "))") }
        var passed = 0, failed = 0
        var covered = Coverage()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                print("\(file):1: error: cannot read the file as UTF-8")
                failed += 1
                continue
            }
            let failures: [ScriptRunner.Failure]
            let problems = ConversationScript.problems(in: text)
            if problems.isEmpty, let script = try? ConversationScript(parsing: text) {
                failures = await runner.run(script, coverage: &covered)
            } else {
                failures = problems.map { ScriptRunner.Failure(line: $0.line, message: $0.message) }
            }
            if failures.isEmpty {
                passed += 1
                print("PASS \(file)")
            } else {
                failed += 1
                print("FAIL \(file)")
                for failure in failures { print("\(file):\(failure.line): error: \(failure.message)") }
            }
        }
        if coverage {
            let nodes = covered.uncoveredNodes(in: program)
            let edges = covered.uncoveredEdges(in: program)
            let totalEdges = program.flows.values.reduce(0) { $0 + $1.nodes.values.reduce(0) { $0 + $1.edges.count } }
            print("coverage: \(covered.nodes.count) nodes entered, \(totalEdges - edges.count) of \(totalEdges) edges taken")
            for node in nodes { print("  node never entered: \(node)") }
            for (edge, label) in edges { print("  edge never taken: \(edge)\(label.isEmpty ? "" : " (\(label))")") }
        }
        print("conversation files: \(passed) passing, \(failed) failing")
        if failed > 0 { throw ExitCode(1) }
    }
}
