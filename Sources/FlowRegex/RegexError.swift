/// An error from compiling or running a PCRE2 pattern.
///
/// The description names the pattern and, for compile errors, the byte offset PCRE2 reported, so
/// a caller can point into the file the pattern came from. Subject text never appears in it.
public struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in broad terms.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        /// The pattern does not compile.
        public static let compile = Kind(name: "compile")
        /// A match ran past the match or depth limit (a pathological pattern or input).
        public static let limitExceeded = Kind(name: "limit exceeded")
        /// Any other error PCRE2 reported while matching.
        public static let match = Kind(name: "match")
        /// A readable name for the kind.
        public var description: String { name }
    }

    /// The broad kind of failure.
    public var kind: Kind
    /// PCRE2's numeric error code.
    public var code: Int32
    /// PCRE2's own message for the code.
    public var message: String
    /// The pattern involved.
    public var pattern: String
    /// For compile errors: the byte offset into the pattern (UTF-8) where PCRE2 stopped.
    public var offset: Int?

    /// Creates an error value.
    /// - Parameters:
    ///   - kind: The broad kind of failure.
    ///   - code: PCRE2's numeric error code.
    ///   - message: PCRE2's message.
    ///   - pattern: The pattern involved.
    ///   - offset: The byte offset into the pattern, for compile errors.
    public init(kind: Kind, code: Int32, message: String, pattern: String, offset: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.pattern = pattern
        self.offset = offset
    }

    /// The offset converted to a count of Unicode scalars from the start of the pattern.
    public var scalarOffset: Int? {
        guard let offset else { return nil }
        let utf8 = Array(pattern.utf8)
        let clamped = min(max(offset, 0), utf8.count)
        // Count scalar starts (bytes that are not UTF-8 continuation bytes) before the offset.
        return utf8[..<clamped].reduce(0) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
    }

    /// A one-line description: the kind, PCRE2's message and the position for compile errors.
    public var description: String {
        if let offset {
            return "invalid pattern /\(pattern)/: \(message) at offset \(offset)"
        }
        return "pattern /\(pattern)/: \(kind): \(message)"
    }
}
