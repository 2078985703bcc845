import ArgumentParser
import FlowLanguage
import FlowRuntime
import Foundation

/// The `--flows` option shared by every command that runs flows.
struct FlowOptions: ParsableArguments {
    @Option(name: .long, help: "The folder of flow files (with data/*.csv beside them).")
    var flows: String = "Flows"

    /// Compiles the flows, printing diagnostics to standard error; exits with status 1 on errors.
    /// - Parameter settings: The settings file (switchboard.yaml), whose `queues` and `hours`
    ///   override the flows'; ignored when there is no such file.
    func loadProgram(settings: String? = nil) throws -> (Program, SourceMap) {
        if let settings { try EngineSettings.requireExisting(settings) }
        let sources = FlowSources.load(paths: [flows])
        let result = FlowCompiler.compile(flows: sources.flows, tables: sources.tables, settings: settings.flatMap(FlowSources.settings(at:)), unreadable: sources.unreadable)
        let diagnostics = (sources.diagnostics + result.diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }
        guard let program = result.program, errors.isEmpty else {
            for diagnostic in errors { printError(DiagnosticRenderer.render(diagnostic)) }
            let withConfig = settings.map { $0 == EngineSettings.defaultPath ? "" : " --config \($0)" } ?? ""
            printError("error: the flows in \(flows) have errors; run 'switchboard check\(withConfig) \(flows)' for details")
            throw ExitCode(1)
        }
        return (program, result.sourceMap)
    }
}

/// Reads flow and table files from the paths a user names: the only place flows touch the disk.
enum FlowSources {
    struct Loaded {
        var flows: [SourceFile] = []
        var tables: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        var texts: [String: String] = [:]
        /// Files that exist but could not be read (the compiler then skips references into them).
        var unreadable: [String] = []
    }

    static func load(paths: [String]) -> Loaded {
        var loaded = Loaded()
        let fileManager = FileManager.default
        var dataFolders: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                loaded.diagnostics.append(DiagnosticCode.unreadable("no such file or folder", at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            let folder: String
            if isDirectory.boolValue {
                folder = path
                let names = ((try? fileManager.contentsOfDirectory(atPath: path)) ?? []).sorted()
                for name in names where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    read(join(path, name), table: false, loaded: &loaded)
                }
            } else {
                folder = (path as NSString).deletingLastPathComponent
                read(path, table: false, loaded: &loaded)
            }
            dataFolders.insert(join(folder.isEmpty ? "." : folder, "data"))
        }
        for folder in dataFolders.sorted() {
            let names = ((try? fileManager.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            for name in names where name.hasSuffix(".csv") {
                read(join(folder, name), table: true, loaded: &loaded)
            }
        }
        return loaded
    }

    /// The settings file as a source for the compiler, or nil when there is none.
    static func settings(at path: String) -> SourceFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return SourceFile(path: path, text: String(decoding: data, as: UTF8.self))
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func read(_ path: String, table: Bool, loaded: inout Loaded) {
        guard let data = FileManager.default.contents(atPath: path) else {
            loaded.diagnostics.append(DiagnosticCode.unreadable("permission denied or not a file", at: SourceLocation(file: path, line: 1, column: 1)))
            loaded.unreadable.append(path)
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let place = CorpusFiles.firstInvalidUTF8(data) ?? (1, 1)
            loaded.diagnostics.append(DiagnosticCode.unreadable("not valid UTF-8", at: SourceLocation(file: path, line: place.line, column: place.column)))
            loaded.unreadable.append(path)
            return
        }
        if table { loaded.tables.append(SourceFile(path: path, text: text)) } else { loaded.flows.append(SourceFile(path: path, text: text)) }
        loaded.texts[path] = text
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Flushes standard output (so a reader on a pipe sees each line at once).
func flushOutput() {
    fflush(nil)
}
