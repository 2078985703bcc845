import Yams

/// Collects diagnostics while a compilation runs.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []
    func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
}

/// Reads one YAML file's composed node tree, reporting problems with exact positions.
struct YAMLReader {
    let file: String
    let sink: DiagnosticSink
    /// The file's lines as Unicode scalars, to map offsets inside double-quoted scalars.
    var lines: [[Unicode.Scalar]] = []

    func location(_ node: Node?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// The location of the character at `offset` (in Unicode scalars) inside a scalar's value,
    /// exact for one-line plain and single-quoted scalars; otherwise the scalar's start.
    func location(_ node: Node, scalarOffset offset: Int) -> SourceLocation {
        var start = location(node)
        guard case .scalar(let scalar) = node, !scalar.string.contains("\n") else { return start }
        skipAnchorAndTag(&start)
        switch scalar.style {
        case .plain, .any:
            return plainLocation(from: start, offset: offset)
        case .doubleQuoted:
            // Exact when the scalar is written without escapes; otherwise its start.
            guard start.line - 1 < lines.count else { break }
            let raw = lines[start.line - 1].dropFirst(start.column)
            guard let close = raw.firstIndex(where: { $0 == "\"" || $0 == "\\" }), raw[close] == "\"" else { break }
            start.column += 1 + offset
        case .singleQuoted:
            // Inside single quotes a quote is written twice; count them up to the offset.
            let prefix = scalar.string.unicodeScalars.prefix(offset)
            start.column += 1 + offset + prefix.filter { $0 == "'" }.count
        default:
            break
        }
        return start
    }

    /// Moves a node's start past an anchor (`&name`) and a tag (`!!str`) written before its value:
    /// the parser's mark points at them, offsets count from the value.
    private func skipAnchorAndTag(_ start: inout SourceLocation) {
        guard start.line - 1 < lines.count else { return }
        let line = lines[start.line - 1]
        var index = start.column - 1
        while index < line.count, line[index] == "&" || line[index] == "!" {
            while index < line.count, line[index] != " " && line[index] != "\t" { index += 1 }
            while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        }
        start.column = index + 1
    }

    /// The position of `offset` in a plain scalar, which may be folded over several lines (each
    /// line break read as one space, the next line's indentation dropped).
    private func plainLocation(from start: SourceLocation, offset: Int) -> SourceLocation {
        var line = start.line - 1
        var column = start.column - 1
        var remaining = offset
        while line < lines.count {
            let text = lines[line]
            var end = text.count
            while end > column, text[end - 1] == " " || text[end - 1] == "\t" { end -= 1 }
            if remaining < end - column || line + 1 >= lines.count {
                return SourceLocation(file: file, line: line + 1, column: column + remaining + 1)
            }
            remaining -= end - column + 1  // the line's text, then the space its break became
            line += 1
            column = lines[line].prefix { $0 == " " || $0 == "\t" }.count
            if remaining < 0 { return SourceLocation(file: file, line: line + 1, column: column + 1) }
        }
        return start
    }

    /// The entries of a mapping, checking each key against `allowed` (unknown keys are reported
    /// with a suggestion). Returns nil, after reporting, when the node is not a mapping.
    func mapping(_ node: Node, _ what: String, allowed: [String]?) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            sink.add(DiagnosticCode.wrongType(what, expected: "a mapping of fields", at: location(node)))
            return nil
        }
        var entries: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                sink.add(DiagnosticCode.wrongType("key in \(what)", expected: "a plain name", at: location(keyNode)))
                continue
            }
            if let allowed, !allowed.contains(key) {
                sink.add(
                    DiagnosticCode.unknownField(
                        key, in: what, suggestion: Suggestions.closest(to: key, in: allowed), at: location(keyNode)))
                continue
            }
            entries.append((key, keyNode, value))
        }
        return entries
    }

    func string(_ node: Node, _ field: String) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            sink.add(DiagnosticCode.wrongType(field, expected: "a text", at: location(node)))
            return nil
        }
        return scalar.string
    }

    /// A plain `~`, `null` or empty value: YAML's null, which would otherwise be sent as the text "~".
    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func int(_ node: Node, _ field: String, range: ClosedRange<Int>) -> Int? {
        number(node, field, range: range, expected: "a whole number")
    }

    func double(_ node: Node, _ field: String, range: ClosedRange<Double>) -> Double? {
        number(node, field, range: range, expected: "a number")
    }

    private func number<T: LosslessStringConvertible & Comparable>(
        _ node: Node, _ field: String, range: ClosedRange<T>, expected: String
    ) -> T? {
        guard case .scalar(let scalar) = node, let value = T(scalar.string) else {
            sink.add(DiagnosticCode.wrongType(field, expected: expected, at: location(node)))
            return nil
        }
        guard range.contains(value) else {
            sink.add(DiagnosticCode.invalidValue(field, "must be between \(range.lowerBound) and \(range.upperBound)", at: location(node)))
            return nil
        }
        return value
    }

    func bool(_ node: Node, _ field: String) -> Bool? {
        guard case .scalar(let scalar) = node else {
            sink.add(DiagnosticCode.wrongType(field, expected: "true or false", at: location(node)))
            return nil
        }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            sink.add(DiagnosticCode.wrongType(field, expected: "true or false", at: location(node)))
            return nil
        }
    }

    /// A scalar or a sequence of scalars, as (text, node) pairs.
    func strings(_ node: Node, _ field: String) -> [(String, Node)] {
        switch node {
        case .scalar(let scalar) where !Self.isNull(scalar): return [(scalar.string, node)]
        case .sequence(let sequence):
            return sequence.compactMap { item in string(item, field).map { ($0, item) } }
        default:
            sink.add(DiagnosticCode.wrongType(field, expected: "a text or a list of texts", at: location(node)))
            return []
        }
    }

    func sequence(_ node: Node, _ field: String) -> [Node] {
        guard case .sequence(let sequence) = node else {
            sink.add(DiagnosticCode.wrongType(field, expected: "a list", at: location(node)))
            return []
        }
        return Array(sequence)
    }
}
