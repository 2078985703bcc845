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

    @Argument(help: "Flow files or folders (default: Flows).")
    var paths: [String] = ["Flows"]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Omit the source line and caret under each problem.")
    var brief = false

    @Option(help: "Settings file whose queues and hours override the flows' (used when it exists).")
    var config: String = "switchboard.yaml"

    func run() throws {
        let sources = FlowSources.load(paths: paths)
        let settings = FlowSources.settings(at: config)
        let result = FlowCompiler.compile(flows: sources.flows, tables: sources.tables, settings: settings, unreadable: sources.unreadable)
        var texts = sources.texts
        if let settings { texts[settings.path] = settings.text }
        let diagnostics = (sources.diagnostics + result.diagnostics).sorted { $0.location < $1.location }
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
}
