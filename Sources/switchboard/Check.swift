import ArgumentParser
import FlowLanguage
import Foundation

/// `switchboard check`: validate flows and report every problem with its position.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check flow files and their data tables; print every problem as path:line:col.",
        discussion: "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Flow files or folders.")
    var paths: [String] = ["Flows"]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Omit the source line and caret under each problem.")
    var brief = false

    @Option(help: "Settings file whose queues and hours override the flows' (the default is used only when it exists; a file named here must exist).")
    var config: String = "switchboard.yaml"

    func run() throws {
        let sources = FlowSources.load(paths: paths)
        let settings = FlowSources.settings(at: config)
        let result = FlowCompiler.compile(flows: sources.flows, tables: sources.tables, settings: settings, unreadable: sources.unreadable)
        var texts = sources.texts
        if let settings { texts[settings.path] = settings.text }
        // A settings file that is not YAML is already reported by the compiler (FL0001).
        let settingsParsed = !result.diagnostics.contains { $0.location.file == config && $0.code == "FL0001" }
        let settingsDiagnostics = settingsParsed ? try Self.settingsProblems(config, knownQueues: result.program.map { Set($0.queues.keys) }) : []
        let diagnostics = (sources.diagnostics + result.diagnostics + settingsDiagnostics).sorted { $0.location < $1.location }
        switch format {
        case .text:
            var split: [String: [Substring]] = [:]
            for diagnostic in diagnostics {
                let file = diagnostic.location.file
                if !brief, split[file] == nil, let text = texts[file] { split[file] = DiagnosticRenderer.lines(of: text) }
                print(DiagnosticRenderer.render(diagnostic, sourceLines: brief ? nil : split[file]))
            }
            let flowCount = sources.flows.count
            printError("checked \(flowCount) flow file\(flowCount == 1 ? "" : "s") and \(sources.tables.count) table\(sources.tables.count == 1 ? "" : "s"): \(DiagnosticRenderer.summary(diagnostics))")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for diagnostic in diagnostics {
                print(String(decoding: try encoder.encode(diagnostic), as: UTF8.self))
            }
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }

    /// What `chat`, `simulate`, `test` and `serve` would refuse in the settings file, as diagnostics.
    static func settingsProblems(_ path: String, knownQueues: Set<String>? = nil) throws -> [Diagnostic] {
        try EngineSettings.requireExisting(path)
        var collected: [SettingsError] = []
        var problems: [Diagnostic] = []
        let engineSettings = { _ = try EngineSettings.load(path: path) { collected.append($0) } }
        let serverSettings = {
            let loaded = try ServerConfigFile.load(path: path) { collected.append($0) }
            if let queues = knownQueues { collected += ServerConfigFile.unknownAgentQueues(loaded, path: path, known: queues) }
        }
        for load in [engineSettings, serverSettings] {
            do {
                try load()
            } catch let error as SettingsError {
                problems.append(error.diagnostic)
            } catch is ExitCode {
                // Unreadable (not UTF-8): the reader printed the place; report it as a problem too.
                problems.append(DiagnosticCode.unreadable("not valid UTF-8", at: SourceLocation(file: path, line: 1, column: 1)))
                break
            } catch {
                problems.append(DiagnosticCode.invalidSetting("\(error)", at: SourceLocation(file: path, line: 1, column: 1)))
            }
        }
        return collected.map(\.diagnostic) + problems
    }
}
