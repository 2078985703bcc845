import FlowLanguage
import Yams

/// A mistake in the settings file and where it is: `check` reports it as a diagnostic, the other
/// commands print it and stop (exit 64).
struct SettingsError: Error, CustomStringConvertible {
    /// The settings file.
    var file: String
    /// The place in it, when known.
    var location: SourceLocation?
    /// What is wrong.
    var problem: String

    init(_ location: SourceLocation, _ problem: String) {
        self.file = location.file
        self.location = location
        self.problem = problem
    }

    init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    /// Where a YAML node of the file is.
    static func location(_ file: String, _ node: Yams.Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// `path:line:col: problem`.
    var description: String { "\(location.map { "\($0)" } ?? file): \(problem)" }

    /// The mistake as `check` reports it (FL0801).
    var diagnostic: Diagnostic {
        DiagnosticCode.invalidSetting(problem, at: location ?? SourceLocation(file: file, line: 1, column: 1))
    }
}
