/// The catalogue: every diagnostic Switchboard reports, each with its code, default severity and
/// message. Diagnostics are built only through these functions.
///
/// Code bands: FL00xx YAML and files, FL01xx schema, FL02xx names and references, FL03xx values
/// and templates, FL04xx patterns, FL05xx flow graph, FL06xx data tables, FL09xx SMS cost.
public enum DiagnosticCode {
    /// One entry of the catalogue, for documentation and tooling.
    public struct Entry: Sendable {
        /// The code.
        public var code: String
        /// The default severity.
        public var severity: Severity
        /// A short title.
        public var title: String
    }

    /// Every entry, in code order.
    public static let catalogue: [Entry] = [
        Entry(code: "FL0001", severity: .error, title: "YAML syntax error"),
        Entry(code: "FL0002", severity: .error, title: "file cannot be read"),
        Entry(code: "FL0101", severity: .error, title: "unknown field"),
        Entry(code: "FL0102", severity: .error, title: "unknown node kind"),
        Entry(code: "FL0103", severity: .error, title: "missing field"),
        Entry(code: "FL0104", severity: .error, title: "wrong type"),
        Entry(code: "FL0105", severity: .error, title: "invalid value"),
        Entry(code: "FL0106", severity: .error, title: "duplicate flow or node"),
        Entry(code: "FL0107", severity: .error, title: "no single entry flow"),
        Entry(code: "FL0108", severity: .error, title: "table and URL lookup fields mixed"),
        Entry(code: "FL0109", severity: .error, title: "invalid lookup URL"),
        Entry(code: "FL0110", severity: .error, title: "invalid timeout"),
        Entry(code: "FL0111", severity: .error, title: "invalid JSON path"),
        Entry(code: "FL0112", severity: .error, title: "invalid lookup body"),
        Entry(code: "FL0201", severity: .error, title: "unknown node"),
        Entry(code: "FL0202", severity: .error, title: "unknown queue"),
        Entry(code: "FL0203", severity: .error, title: "unknown table"),
        Entry(code: "FL0204", severity: .error, title: "unknown column"),
        Entry(code: "FL0205", severity: .error, title: "variable not set on every path"),
        Entry(code: "FL0206", severity: .error, title: "contact field without a default"),
        Entry(code: "FL0207", severity: .error, title: "duplicate menu key"),
        Entry(code: "FL0208", severity: .error, title: "word listed under two choices"),
        Entry(code: "FL0209", severity: .error, title: "unknown hours"),
        Entry(code: "FL0210", severity: .error, title: "lookup writes a reserved name"),
        Entry(code: "FL0211", severity: .warning, title: "menu key or word is a compliance keyword"),
        Entry(code: "FL0301", severity: .error, title: "malformed template"),
        Entry(code: "FL0302", severity: .error, title: "invalid business hours"),
        Entry(code: "FL0401", severity: .error, title: "invalid pattern"),
        Entry(code: "FL0402", severity: .error, title: "no such capture group"),
        Entry(code: "FL0501", severity: .warning, title: "unreachable node"),
        Entry(code: "FL0502", severity: .error, title: "loop that never waits for input"),
        Entry(code: "FL0601", severity: .error, title: "malformed CSV"),
        Entry(code: "FL0602", severity: .warning, title: "a column with empty cells used without a default"),
        Entry(code: "FL0701", severity: .error, title: "corpus problem"),
        Entry(code: "FL0702", severity: .error, title: "invalid keyword rule"),
        Entry(code: "FL0801", severity: .error, title: "invalid setting"),
        Entry(code: "FL0901", severity: .warning, title: "text takes more than one SMS segment"),
        Entry(code: "FL0902", severity: .warning, title: "characters force UCS-2 encoding"),
    ]

    static func make(_ code: String, _ message: String, at location: SourceLocation, notes: [String] = [])
        -> Diagnostic
    {
        let severity = catalogue.first(where: { $0.code == code })?.severity ?? .error
        return Diagnostic(code: code, severity: severity, message: message, location: location, notes: notes)
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }

    /// FL0001: the YAML does not parse.
    public static func yamlSyntax(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0001", "YAML syntax error: \(problem)", at: location)
    }

    /// FL0002: a file cannot be read or is not UTF-8.
    public static func unreadable(_ reason: String, at location: SourceLocation) -> Diagnostic {
        make("FL0002", "cannot read file: \(reason)", at: location)
    }

    /// FL0101: a field the schema does not know.
    public static func unknownField(_ field: String, in context: String, suggestion: String?, at location: SourceLocation)
        -> Diagnostic
    {
        make("FL0101", "unknown field '\(field)' in \(context)\(didYouMean(suggestion))", at: location)
    }

    /// FL0102: a node kind that does not exist.
    public static func unknownKind(_ kind: String, suggestion: String?, at location: SourceLocation) -> Diagnostic {
        make(
            "FL0102", "unknown node kind '\(kind)'\(didYouMean(suggestion))", at: location,
            notes: ["node kinds: message, menu, collect, branch, lookup, handoff, goto, end"])
    }

    /// FL0103: a required field is absent.
    public static func missingField(_ field: String, in context: String, at location: SourceLocation) -> Diagnostic {
        make("FL0103", "\(context) is missing required field '\(field)'", at: location)
    }

    /// FL0104: a field has the wrong YAML type.
    public static func wrongType(_ field: String, expected: String, at location: SourceLocation) -> Diagnostic {
        make("FL0104", "'\(field)' must be \(expected)", at: location)
    }

    /// FL0105: a field's value is not allowed.
    public static func invalidValue(_ field: String, _ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0105", "invalid '\(field)': \(problem)", at: location)
    }

    /// FL0106: a flow or node id is declared twice.
    public static func duplicate(_ what: String, _ id: String, firstAt first: SourceLocation, at location: SourceLocation)
        -> Diagnostic
    {
        make("FL0106", "duplicate \(what) '\(id)'", at: location, notes: ["first declared at \(first)"])
    }

    /// FL0107: zero or several entry flows.
    public static func entryFlow(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0107", problem, at: location)
    }

    /// FL0108: a lookup with fields of both kinds: a table lookup's and an HTTP lookup's.
    public static func mixedLookupFields(_ field: String, belongsTo kind: String, but actual: String, at location: SourceLocation)
        -> Diagnostic
    {
        make(
            "FL0108", "'\(field)' is a field of \(kind) lookups, but this lookup \(actual)", at: location,
            notes: ["a lookup reads a table ('table', 'column', 'key', 'into') or calls a URL ('url', 'method', 'timeout', 'body', 'map', 'failed'), not both"])
    }

    /// FL0109: a lookup URL that is not an absolute http or https URL with a written-out server.
    public static func invalidURL(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0109", "invalid lookup URL: \(problem)", at: location)
    }

    /// FL0110: a timeout that does not parse or is out of range.
    public static func invalidTimeout(_ text: String, _ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0110", "invalid timeout '\(text)': \(problem)", at: location)
    }

    /// FL0111: a `map` path that is empty or has an empty segment.
    public static func invalidJSONPath(_ path: String, _ problem: String, at location: SourceLocation) -> Diagnostic {
        make(
            "FL0111", "invalid JSON path '\(path)': \(problem)", at: location,
            notes: ["a path is keys and array indexes separated by dots, e.g. delivery.eta or items.0.name"])
    }

    /// FL0112: a lookup body that is not JSON, or a body without `method: POST`.
    public static func invalidBody(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0112", "invalid lookup body: \(problem)", at: location)
    }

    /// FL0201: a reference to a node or flow that does not exist.
    public static func unknownNode(_ target: String, suggestion: String?, at location: SourceLocation) -> Diagnostic {
        make("FL0201", "no node or flow named '\(target)'\(didYouMean(suggestion))", at: location)
    }

    /// FL0202: a queue that is not declared.
    public static func unknownQueue(_ queue: String, suggestion: String?, at location: SourceLocation) -> Diagnostic {
        make("FL0202", "no queue named '\(queue)'\(didYouMean(suggestion)); declare it under 'queues'", at: location)
    }

    /// FL0203: a lookup table that does not exist.
    public static func unknownTable(_ table: String, suggestion: String?, at location: SourceLocation) -> Diagnostic {
        make("FL0203", "no table named '\(table)' (expected data/\(table).csv beside the flow)\(didYouMean(suggestion))", at: location)
    }

    /// FL0204: a column that is not in the table's header.
    public static func unknownColumn(_ column: String, table: String, suggestion: String?, at location: SourceLocation)
        -> Diagnostic
    {
        make("FL0204", "table '\(table)' has no column '\(column)'\(didYouMean(suggestion))", at: location)
    }

    /// FL0205: a template variable that no path to this point sets.
    public static func unsetVariable(_ name: String, suggestion: String?, at location: SourceLocation) -> Diagnostic {
        make(
            "FL0205",
            "variable '\(name)' is not set on every path to this node; set it before, or give a default as {{\(name)|…}}\(didYouMean(suggestion))",
            at: location)
    }

    /// FL0206: a contact field used without a default.
    public static func contactWithoutDefault(_ name: String, at location: SourceLocation) -> Diagnostic {
        make(
            "FL0206", "'\(name)' may be missing for a contact; give a default as {{\(name)|…}}", at: location)
    }

    /// FL0207: two choices of a menu share a key.
    public static func duplicateKey(_ key: String, at location: SourceLocation) -> Diagnostic {
        make("FL0207", "menu key '\(key)' is used by two choices", at: location)
    }

    /// FL0208: a word or phrase listed under two choices.
    public static func ambiguousPhrase(_ phrase: String, at location: SourceLocation) -> Diagnostic {
        make("FL0208", "'\(phrase)' is listed under two choices of this menu", at: location)
    }

    /// FL0211: a menu key or word that the engine answers as STOP, START or HELP before any flow
    /// sees it ("cancel" opts the number out of all texts).
    public static func complianceKeyword(_ phrase: String, meaning: String, at location: SourceLocation) -> Diagnostic {
        make("FL0211", "'\(phrase)' is a \(meaning) keyword: the engine answers it before any flow, so this choice never gets it", at: location)
    }

    /// The whole-message keywords the engine answers before any flow (see `ComplianceKeyword`), by meaning.
    static let complianceKeywords: [String: String] = {
        var words: [String: String] = [:]
        for word in ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "opt out"] { words[word] = "STOP" }
        for word in ["start", "unstop"] { words[word] = "START" }
        for word in ["help", "info"] { words[word] = "HELP" }
        return words
    }()

    /// FL0602: a text uses a table column that has empty cells, without a default: the customer
    /// would read a hole ("Estimated delivery: .").
    public static func emptyCells(_ name: String, table: String, at location: SourceLocation) -> Diagnostic {
        make("FL0602", "'\(name)' comes from a column of '\(table)' with empty cells; give a default as {{\(name)|…}}", at: location)
    }

    /// FL0209: hours referenced by name that are not declared.
    public static func unknownHours(_ name: String, suggestion: String?, at location: SourceLocation) -> Diagnostic {
        make("FL0209", "no hours named '\(name)'\(didYouMean(suggestion))", at: location)
    }

    /// FL0210: a lookup `map` that writes a name the runtime owns (`department`, `csat`, `contact.…`).
    public static func reservedSlot(_ name: String, at location: SourceLocation) -> Diagnostic {
        make(
            "FL0210", "'\(name)' is a reserved name; a lookup cannot set it", at: location,
            notes: ["department, csat and contact.* are set by the engine; map the value into a slot of your own"])
    }

    /// FL0301: a template with a malformed placeholder.
    public static func malformedTemplate(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0301", "malformed template: \(problem)", at: location)
    }

    /// FL0302: business hours that cannot be read.
    public static func invalidHours(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0302", "invalid hours: \(problem)", at: location)
    }

    /// FL0401: a pattern PCRE2 rejects.
    public static func invalidPattern(_ message: String, offset: Int, at location: SourceLocation) -> Diagnostic {
        make("FL0401", "invalid pattern: \(message) (at offset \(offset))", at: location)
    }

    /// FL0402: a value group the pattern does not have.
    public static func missingGroup(_ group: String, at location: SourceLocation) -> Diagnostic {
        make("FL0402", "the pattern has no capture group \(group)", at: location)
    }

    /// FL0501: a node nothing leads to.
    public static func unreachable(_ node: String, at location: SourceLocation) -> Diagnostic {
        make("FL0501", "node '\(node)' is unreachable", at: location)
    }

    /// FL0502: a cycle that never waits for input.
    public static func loopWithoutInput(_ cycle: [String], at location: SourceLocation) -> Diagnostic {
        make(
            "FL0502", "these nodes can loop forever without waiting for input: \(cycle.joined(separator: " -> "))",
            at: location)
    }

    /// FL0601: a CSV file that does not parse.
    public static func malformedCSV(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0601", "malformed CSV: \(problem)", at: location)
    }

    /// FL0701: a problem in a corpus file (bad label, control characters, a text under two labels).
    public static func corpusProblem(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0701", problem, at: location)
    }

    /// FL0702: a keyword rule that does not parse or whose pattern PCRE2 rejects.
    public static func invalidKeywordRule(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0702", problem, at: location)
    }

    /// FL0801: a setting in the settings file (switchboard.yaml) that the engine or server refuses.
    public static func invalidSetting(_ problem: String, at location: SourceLocation) -> Diagnostic {
        make("FL0801", problem, at: location)
    }

    /// FL0901: an outgoing text longer than one segment.
    public static func multiSegment(_ detail: String, at location: SourceLocation) -> Diagnostic {
        make("FL0901", detail, at: location)
    }

    /// FL0902: characters that force the whole text into UCS-2.
    public static func forcesUCS2(_ detail: String, notes: [String], at location: SourceLocation) -> Diagnostic {
        make("FL0902", detail, at: location, notes: notes)
    }
}
