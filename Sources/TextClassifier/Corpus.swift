import FlowLanguage

/// Parses the plain-text corpus files and CSV imports into labelled examples, reporting problems as
/// diagnostics with file and line. Reads no files itself: callers pass the contents.
public enum Corpus {
    /// Examples from one intent or sentiment file: one example per line, `#` comments, blank lines
    /// ignored; the label is the file's base name.
    /// - Parameters:
    ///   - path: The file's path (its base name is the label).
    ///   - text: The contents.
    /// - Returns: The examples and any problems.
    public static func examples(path: String, text: String) -> (examples: [LabeledText], diagnostics: [Diagnostic]) {
        let label = baseName(path)
        var examples: [LabeledText] = []
        var diagnostics: [Diagnostic] = []
        guard isValidLabel(label) else {
            return ([], [DiagnosticCode.corpusProblem("the file name must be the label: lower-case letters, digits and '_' (got '\(label)')", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = String(line).trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let bad = trimmed.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                diagnostics.append(DiagnosticCode.corpusProblem("control character U+\(String(bad.value, radix: 16, uppercase: true)) in an example", at: SourceLocation(file: path, line: index + 1, column: 1)))
                continue
            }
            examples.append(LabeledText(text: trimmed, label: label, source: "\(path):\(index + 1)"))
        }
        if examples.isEmpty {
            diagnostics.append(DiagnosticCode.corpusProblem("no examples in '\(label)'", at: SourceLocation(file: path, line: 1, column: 1)))
        }
        return (examples, diagnostics)
    }

    /// Reports texts that appear under two labels, compared as the tokenizer reads them ("YES." is "yes").
    /// - Parameter examples: Examples from all files.
    /// - Returns: One diagnostic per conflicting text, at its second occurrence.
    public static func conflicts(_ examples: [LabeledText]) -> [Diagnostic] {
        var seen: [String: LabeledText] = [:]
        var diagnostics: [Diagnostic] = []
        for example in examples {
            // Texts the tokenizer reads the same ("YES." and "yes") give the model identical features.
            let tokens = Tokenizer.tokens(example.text)
            let key = tokens.isEmpty ? example.text.trimmingWhitespace().lowercased() : tokens.joined(separator: " ")
            if let first = seen[key] {
                guard first.label != example.label else { continue }
                let same = first.text.trimmingWhitespace().lowercased() == example.text.trimmingWhitespace().lowercased()
                let what = same ? "is also an example of '\(first.label)'" : "reads the same as '\(first.text)', an example of '\(first.label)'"
                diagnostics.append(DiagnosticCode.corpusProblem("'\(example.text)' \(what) (\(first.source)); a text may have one label", at: location(example.source)))
            } else {
                seen[key] = example
            }
        }
        return diagnostics
    }

    /// Examples from a CSV file: a header row, the first column the text, the second the label
    /// (RFC 4180 quoting, embedded newlines allowed).
    /// - Parameters:
    ///   - path: The file's path, for diagnostics.
    ///   - text: The contents.
    /// - Returns: The examples and any problems.
    public static func csv(path: String, text: String) -> (examples: [LabeledText], diagnostics: [Diagnostic]) {
        let records: [CSVParser.Record]
        do {
            records = try CSVParser.parse(text)
        } catch {
            return ([], [DiagnosticCode.malformedCSV(error.message, at: SourceLocation(file: path, line: error.line, column: error.column))])
        }
        guard let header = records.first, header.fields.count >= 2 else {
            return ([], [DiagnosticCode.malformedCSV("expected a header row with at least two columns (text, label)", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        var examples: [LabeledText] = []
        var diagnostics: [Diagnostic] = []
        for record in records.dropFirst() {
            guard record.fields.count >= 2 else {
                diagnostics.append(DiagnosticCode.malformedCSV("row has \(record.fields.count) field; expected text and label", at: SourceLocation(file: path, line: record.line, column: 1)))
                continue
            }
            let text = record.fields[0].trimmingWhitespace(), label = record.fields[1].trimmingWhitespace()
            if text.isEmpty || label.isEmpty {
                diagnostics.append(DiagnosticCode.malformedCSV(text.isEmpty ? "empty text" : "empty label", at: SourceLocation(file: path, line: record.line, column: 1)))
                continue
            }
            examples.append(LabeledText(text: text, label: label, source: "\(path):\(record.line)"))
        }
        return (examples, diagnostics)
    }

    /// A stable hash of files' paths and contents (``FlowLanguage/ContentHash``).
    /// - Parameter files: (path, contents) pairs.
    /// - Returns: The hash.
    public static func hash(_ files: [(path: String, text: String)]) -> String {
        ContentHash.of(files)
    }

    static func baseName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.split(separator: ".").first.map(String.init) ?? name
    }

    static func isValidLabel(_ label: String) -> Bool {
        !label.isEmpty && label.unicodeScalars.allSatisfy { ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "_" }
    }

    static func location(_ source: String) -> SourceLocation {
        let parts = source.split(separator: ":")
        if parts.count >= 2, let line = Int(parts.last!) {
            return SourceLocation(file: parts.dropLast().joined(separator: ":"), line: line, column: 1)
        }
        return SourceLocation(file: source, line: 1, column: 1)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
