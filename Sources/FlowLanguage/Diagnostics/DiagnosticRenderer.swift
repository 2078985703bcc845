/// Turns diagnostics into text: the one place that does.
public enum DiagnosticRenderer {
    /// Renders one diagnostic as `path:line:col: severity: message [CODE]`, then notes, then
    /// (when the source is given) the source line and a caret under the column.
    /// - Parameters:
    ///   - diagnostic: The diagnostic.
    ///   - source: The file's text, for the snippet.
    /// - Returns: One or more lines, without a trailing newline.
    public static func render(_ diagnostic: Diagnostic, source: String? = nil) -> String {
        render(diagnostic, sourceLines: source.map(lines(of:)))
    }

    /// A file's lines, as ``render(_:sourceLines:)`` takes them (split once per file, not per diagnostic).
    /// - Parameter source: The file's text.
    /// - Returns: Its lines.
    public static func lines(of source: String) -> [Substring] {
        source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// Renders one diagnostic with the file's lines already split (see ``lines(of:)``).
    /// - Parameters:
    ///   - diagnostic: The diagnostic.
    ///   - sourceLines: The file's lines, for the snippet.
    /// - Returns: One or more lines, without a trailing newline.
    public static func render(_ diagnostic: Diagnostic, sourceLines: [Substring]?) -> String {
        var lines = ["\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.code)]"]
        if let sourceLines {
            if diagnostic.location.line >= 1, diagnostic.location.line <= sourceLines.count {
                let line = String(sourceLines[diagnostic.location.line - 1]).replacingTabsAndCR()
                lines.append("    \(line)")
                let pad = max(0, min(diagnostic.location.column - 1, line.unicodeScalars.count))
                lines.append("    " + String(repeating: " ", count: pad) + "^")
            }
        }
        lines += diagnostic.notes.map { "    note: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// A one-line summary such as `2 errors, 1 warning`.
    /// - Parameter diagnostics: All diagnostics of a run.
    /// - Returns: The summary.
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}

extension String {
    fileprivate func replacingTabsAndCR() -> String {
        String(unicodeScalars.compactMap { $0 == "\r" ? nil : ($0 == "\t" ? " " : Character($0)) })
    }
}
