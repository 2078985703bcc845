import CPCRE2

/// A PCRE2 pattern compiled once (and JIT-compiled when the platform allows), matched many times.
///
/// The compiled code is immutable after `init` and PCRE2 documents it as safe to share between
/// threads; each match call allocates its own match data. Every match runs under a match limit,
/// so a pathological pattern such as `^(a+)+$` fails fast with ``RegexError/Kind/limitExceeded``
/// instead of hanging (the JIT ignores the depth limit; the match limit bounds it).
///
/// ```swift
/// let order = try CompiledRegex(#"(\d{4}-?\d{4})"#)
/// order.firstMatch(in: "order #1234-5678 pls")?.captures[1]  // "1234-5678"
/// ```
public final class CompiledRegex: @unchecked Sendable {
    // @unchecked: `code` and `matchContext` are written only in init and read-only afterwards;
    // PCRE2 allows concurrent matching with one compiled pattern and one read-only match context.

    /// Compile options.
    public struct Options: OptionSet, Hashable, Sendable {
        /// The raw option bits.
        public let rawValue: Int
        /// Creates options from raw bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Letters match regardless of case.
        public static let caseless = Options(rawValue: 1 << 0)
        /// The whole subject must match (the pattern is anchored at both ends).
        public static let wholeString = Options(rawValue: 1 << 1)
    }

    /// The default bound on PCRE2's backtracking work per match.
    public static let defaultMatchLimit: UInt32 = 100_000

    /// The pattern text as given.
    public let pattern: String
    /// The options it was compiled with.
    public let options: Options
    /// How many capture groups the pattern has (group 0, the whole match, not counted).
    public let captureCount: Int
    /// Whether the JIT compiled the pattern.
    public let isJIT: Bool

    private let code: OpaquePointer
    private let matchContext: OpaquePointer?

    /// Compiles a pattern in UTF mode.
    /// - Parameters:
    ///   - pattern: PCRE2 syntax.
    ///   - options: Compile options.
    ///   - matchLimit: The bound on backtracking work per match.
    ///   - depthLimit: The bound on backtracking depth (interpreter only).
    /// - Throws: ``RegexError`` of kind ``RegexError/Kind/compile`` with PCRE2's message and offset.
    public init(
        _ pattern: String,
        options: Options = [],
        matchLimit: UInt32 = CompiledRegex.defaultMatchLimit,
        depthLimit: UInt32 = 10_000
    ) throws(RegexError) {
        self.pattern = pattern
        self.options = options
        var flags = UInt32(PCRE2_UTF)
        if options.contains(.caseless) { flags |= UInt32(PCRE2_CASELESS) }
        let source = options.contains(.wholeString) ? "(?:\(pattern))\\z" : pattern
        if options.contains(.wholeString) { flags |= UInt32(PCRE2_ANCHORED) }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let compiled: OpaquePointer? = source.withCString { cString in
            cString.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count) { bytes in
                pcre2_compile_8(bytes, source.utf8.count, flags, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            // Offsets from the wrapped source point past "(?:"; map them back onto the pattern.
            let shift = options.contains(.wholeString) ? 3 : 0
            let offset = min(max(errorOffset - shift, 0), pattern.utf8.count)
            throw RegexError(
                kind: .compile, code: errorCode, message: Self.message(for: errorCode),
                pattern: pattern, offset: offset
            )
        }
        self.code = compiled
        self.isJIT = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        let context = pcre2_match_context_create_8(nil)
        if let context {
            pcre2_set_match_limit_8(context, matchLimit)
            pcre2_set_depth_limit_8(context, depthLimit)
        }
        self.matchContext = context
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        self.captureCount = Int(count)
    }

    deinit {
        pcre2_match_context_free_8(matchContext)
        pcre2_code_free_8(code)
    }

    /// The number of the named group `name`, if the pattern has one.
    /// - Parameter name: A group name from `(?<name>…)`.
    /// - Returns: The group number, or `nil`.
    public func groupNumber(named name: String) -> Int? {
        let number = name.withCString { cString in
            cString.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1) {
                pcre2_substring_number_from_name_8(code, $0)
            }
        }
        return number > 0 ? Int(number) : nil
    }

    /// Whether the pattern matches anywhere in `text`.
    /// - Parameter text: The subject.
    /// - Returns: `true` on a match.
    /// - Throws: ``RegexError`` when the match limit is exceeded or PCRE2 fails.
    public func matches(_ text: String) throws(RegexError) -> Bool {
        try firstMatch(in: text, from: 0, captures: false) != nil
    }

    /// The first match in `text`, with its capture groups.
    /// - Parameter text: The subject.
    /// - Returns: The match, or `nil` when there is none.
    /// - Throws: ``RegexError`` when the match limit is exceeded or PCRE2 fails.
    public func firstMatch(in text: String) throws(RegexError) -> RegexMatch? {
        try firstMatch(in: text, from: 0, captures: true)
    }

    /// The first match at or after a UTF-8 offset.
    /// - Parameters:
    ///   - text: The subject.
    ///   - offset: Where to start, in UTF-8 bytes (a scalar boundary).
    ///   - captures: Whether to build the captured strings (ranges are always reported).
    /// - Returns: The match, or `nil` when there is none.
    /// - Throws: ``RegexError`` when the match limit is exceeded or PCRE2 fails.
    public func firstMatch(in text: String, from offset: Int, captures wantCaptures: Bool = true) throws(RegexError) -> RegexMatch? {
        var subject = text
        let result: Result<RegexMatch?, RegexError> = subject.withUTF8 { buffer in
            guard let matchData = pcre2_match_data_create_from_pattern_8(code, nil) else {
                return .failure(RegexError(kind: .match, code: 0, message: "out of memory", pattern: pattern))
            }
            defer { pcre2_match_data_free_8(matchData) }
            // Swift strings are valid UTF-8, so PCRE2's own check is redundant.
            let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
            guard offset <= buffer.count else { return .success(nil) }
            let rc = pcre2_match_8(
                code, base, buffer.count, offset, UInt32(PCRE2_NO_UTF_CHECK), matchData, matchContext)
            if rc == PCRE2_ERROR_NOMATCH { return .success(nil) }
            if rc < 0 {
                let kind: RegexError.Kind =
                    (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT
                        || rc == PCRE2_ERROR_JIT_STACKLIMIT) ? .limitExceeded : .match
                return .failure(RegexError(kind: kind, code: rc, message: Self.message(for: rc), pattern: pattern))
            }
            let ovector = pcre2_get_ovector_pointer_8(matchData)!
            let unset = switchboard_pcre2_unset()
            var captures: [String?] = []
            var ranges: [Range<Int>?] = []
            for group in 0...captureCount {
                let start = ovector[2 * group]
                let end = ovector[2 * group + 1]
                if start == unset || end < start {
                    captures.append(nil)
                    ranges.append(nil)
                } else {
                    captures.append(wantCaptures ? String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self) : nil)
                    ranges.append(start..<end)
                }
            }
            return .success(RegexMatch(captures: captures, utf8Ranges: ranges))
        }
        return try result.get()
    }

    private static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[..<Int(length)], as: UTF8.self)
    }
}

/// One match: the whole match (group 0) and each capture group, `nil` where a group did not take part.
public struct RegexMatch: Sendable, Equatable {
    /// Group 0 is the whole match; groups 1… are the capture groups.
    public var captures: [String?]
    /// The UTF-8 byte ranges of each group within the subject.
    public var utf8Ranges: [Range<Int>?]

    /// The whole matched text.
    public var text: String { captures[0] ?? "" }
}
