/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable, Codable {
    /// The flow cannot run as written.
    case error
    /// The flow runs, but probably not as meant, or costs more than it should.
    case warning

    /// Errors sort before warnings.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// One problem found in a flow, data or corpus file.
///
/// Build one through ``DiagnosticCode`` (the catalogue), never from loose strings, so a code and
/// its text cannot drift apart; render it with ``DiagnosticRenderer``.
public struct Diagnostic: Sendable, Equatable, Codable {
    /// The catalogue code, e.g. `FL0201`.
    public var code: String
    /// Error or warning.
    public var severity: Severity
    /// What is wrong and how to fix it.
    public var message: String
    /// Where.
    public var location: SourceLocation
    /// Extra lines shown after the message.
    public var notes: [String]

    init(code: String, severity: Severity, message: String, location: SourceLocation, notes: [String] = []) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    private enum CodingKeys: String, CodingKey { case code, severity, message, file, line, column, notes }

    /// Encodes as a flat JSON object (`file`, `line`, `column` at the top level).
    /// - Parameter encoder: The encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(location.file, forKey: .file)
        try container.encode(location.line, forKey: .line)
        try container.encode(location.column, forKey: .column)
        try container.encode(notes, forKey: .notes)
    }

    /// Decodes the flat JSON form.
    /// - Parameter decoder: The decoder.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        severity = try container.decode(Severity.self, forKey: .severity)
        message = try container.decode(String.self, forKey: .message)
        location = SourceLocation(
            file: try container.decode(String.self, forKey: .file),
            line: try container.decode(Int.self, forKey: .line),
            column: try container.decode(Int.self, forKey: .column))
        notes = try container.decode([String].self, forKey: .notes)
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
