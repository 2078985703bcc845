import FlowLanguage
import FlowRegex

/// Keyword rules: PCRE2 patterns per category (`agent_request`, `profanity`, `urgency`), from
/// Corpus/keywords.tsv (`category<TAB>name<TAB>pattern`), compiled caseless.
public struct KeywordRules: Sendable {
    /// One rule.
    public struct Rule: Sendable {
        /// The category.
        public var category: String
        /// The rule's name.
        public var name: String
        /// The compiled pattern.
        public var pattern: CompiledRegex
    }

    /// The rules in file order.
    public var rules: [Rule] {
        didSet { combined = Self.combine(rules) }
    }
    /// The rules of each category, with one alternation of them when that is safe, so a message
    /// costs one scan per category, not one per rule.
    private var combined: [(category: String, pattern: CompiledRegex?, members: [Rule])] = []

    /// No rules.
    public init() { rules = [] }

    private static func combine(_ rules: [Rule]) -> [(category: String, pattern: CompiledRegex?, members: [Rule])] {
        var categories: [String] = []
        for rule in rules where !categories.contains(rule.category) { categories.append(rule.category) }
        return categories.map { category in
            let members = rules.filter { $0.category == category }
            // Joining patterns renumbers capture groups and can repeat group names, which breaks
            // back-references: such categories are matched rule by rule.
            let joinable = members.allSatisfy { rule in
                !rule.pattern.pattern.contains("(?<") && !rule.pattern.pattern.contains("(?P")
                    && !rule.pattern.pattern.contains("\\g") && !rule.pattern.pattern.contains("\\k")
                    && !(1...9).contains { rule.pattern.pattern.contains("\\\($0)") }
            }
            guard joinable else { return (category, nil, members) }
            let alternatives = members.map { "(?:\($0.pattern.pattern))" }.joined(separator: "|")
            // When every alternative starts at a word boundary or the start, test that once per
            // position instead of once per alternative: most positions then fail at once.
            let anchored = members.allSatisfy { startsAtBoundary($0.pattern.pattern) }
            let source = anchored ? "(?=\\b|^)(?:\(alternatives))" : alternatives
            return (category, try? CompiledRegex(source, options: [.caseless]), members)
        }
    }

    /// The combined pattern of each category that has one (benchmarks time them one by one).
    public var categoryPatterns: [(category: String, pattern: CompiledRegex)] {
        combined.compactMap { entry in entry.pattern.map { (entry.category, $0) } }
    }

    /// Whether every top-level alternative of a pattern begins with `\b` or `^`.
    /// - Parameter pattern: PCRE2 pattern text.
    /// - Returns: `true` when a word-boundary prefilter cannot change what the pattern matches.
    public static func startsAtBoundary(_ pattern: String) -> Bool {
        var alternatives: [[Character]] = [[]]
        var depth = 0, inClass = false, escaped = false
        for character in pattern {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if inClass {
                if character == "]" { inClass = false }
            } else if character == "[" {
                inClass = true
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
            } else if character == "|" && depth == 0 {
                alternatives.append([])
                continue
            }
            alternatives[alternatives.count - 1].append(character)
        }
        return alternatives.allSatisfy { alternative in
            let text = String(alternative)
            return text.hasPrefix("\\b") || text.hasPrefix("^")
        }
    }


    /// The categories the classifier and the engine act on: a request for a person, profanity and
    /// abuse (both feed frustration), and urgency.
    public static let categories: Set<String> = ["agent_request", "profanity", "urgency"]

    /// Parses the rules file.
    /// - Parameters:
    ///   - path: The path, for diagnostics.
    ///   - text: The contents.
    /// - Returns: The rules and any problems (with file:line:col; pattern errors point into the pattern).
    public static func parse(path: String, text: String) -> (KeywordRules, [Diagnostic]) {
        var parsed: [Rule] = []
        var diagnostics: [Diagnostic] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.trimmingWhitespace().isEmpty || line.trimmingWhitespace().hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].isEmpty else {
                diagnostics.append(DiagnosticCode.invalidKeywordRule("expected 'category<TAB>name<TAB>pattern'", at: SourceLocation(file: path, line: index + 1, column: 1)))
                continue
            }
            guard categories.contains(fields[0]) else {
                let known = categories.sorted().joined(separator: ", ")
                diagnostics.append(DiagnosticCode.invalidKeywordRule("unknown category '\(fields[0])' (expected one of \(known))", at: SourceLocation(file: path, line: index + 1, column: 1)))
                continue
            }
            if parsed.contains(where: { $0.category == fields[0] && $0.name == fields[1] }) {
                diagnostics.append(DiagnosticCode.invalidKeywordRule("a rule named '\(fields[1])' is already in '\(fields[0])'", at: SourceLocation(file: path, line: index + 1, column: fields[0].unicodeScalars.count + 2)))
                continue
            }
            do {
                parsed.append(Rule(category: fields[0], name: fields[1], pattern: try CompiledRegex(fields[2], options: [.caseless])))
            } catch {
                let column = fields[0].unicodeScalars.count + fields[1].unicodeScalars.count + 3 + (error.scalarOffset ?? 0)
                diagnostics.append(DiagnosticCode.invalidKeywordRule("invalid pattern: \(error.message)", at: SourceLocation(file: path, line: index + 1, column: column)))
            }
        }
        var rules = KeywordRules()
        rules.rules = parsed
        return (rules, diagnostics)
    }

    /// The rules that match a text, as `category:name`.
    /// - Parameter text: The text.
    /// - Returns: Matching rules in file order (a rule that hits its match limit does not match).
    public func matches(_ text: String) -> [Rule] {
        let text = Self.straighteningApostrophes(text)
        var matched: [Rule] = []
        for entry in combined {
            if let pattern = entry.pattern, !((try? pattern.matches(text)) ?? false) { continue }
            matched += entry.members.filter { (try? $0.pattern.matches(text)) ?? false }
        }
        return matched
    }

    /// The text with curly apostrophes and backticks as `'`: phone keyboards type "can’t", and the
    /// rules are written with a straight apostrophe (the tokenizer does the same for the model).
    static func straighteningApostrophes(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "`") }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(Tokenizer.straightened(scalar)) }
        return String(scalars)
    }
}
