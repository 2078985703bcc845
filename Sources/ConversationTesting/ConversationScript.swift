import FlowRuntime
import Foundation

/// A parsed conversation test file.
///
/// Format, one directive per line (`#` starts a comment line):
///
/// | line | meaning |
/// |---|---|
/// | `=== name` | a new case: fresh state, default phone, clock back to the default |
/// | `> text` | the customer sends `text` |
/// | `< text` | the next reply contains `text` |
/// | `<= text` | the next reply is exactly `text` |
/// | `<~ pattern` | the next reply matches the PCRE2 pattern |
/// | `<.` | no replies are left unchecked from the last message |
/// | `@ 2026-11-23T15:00:00Z` / `@ +2h` / `@ +30m` / `@ +1d` | set or move the clock |
/// | `as +12025550102` | later messages come from this number |
/// | `contact name Sam` | set a contact field for the current number |
/// | `intent order_status 0.9` | the classifier result for the next message |
/// | `sentiment negative -0.7` | the sentiment for the next message |
/// | `node flow.node` / `node none` | where the conversation waits |
/// | `status waiting` | the conversation's status (idle, waiting, csat, handoff) |
/// | `slot name = value` / `slot name unset` | a slot's value |
/// | `handoff queue [reason]` / `handoff none` | the last message's handoff |
/// | `http 200 {"status": "shipped"}` / `http 404` / `http timeout` / `http error` | the response to the next HTTP lookup |
/// | `url text` | the last message's last HTTP lookup URL contains `text` |
public struct ConversationScript: Sendable {
    /// One directive with its line number.
    public struct Line: Sendable {
        /// 1-based line number.
        public var number: Int
        /// What the line says.
        public var directive: Directive
    }

    /// A directive.
    public enum Directive: Sendable, Equatable {
        case newCase(String)
        case say(String)
        case replyContains(String)
        case replyEquals(String)
        case replyMatches(String)
        case noMoreReplies
        case clockSet(Date)
        case clockAdvance(TimeInterval)
        case phone(String)
        case contact(field: String, value: String)
        case intent(String, Double)
        case sentiment(String, Double)
        case node(String?)
        case status(String)
        case slotEquals(String, String)
        case slotUnset(String)
        case handoff(queue: String?, reason: String?)
        case lookupResponse(HTTPLookupOutcome)
        case lookupURL(String)
    }

    /// A line that does not parse.
    public struct ParseError: Error, Sendable, Equatable {
        /// 1-based line number.
        public var line: Int
        /// What is wrong.
        public var message: String
    }

    /// The directives in order.
    public var lines: [Line]

    /// Parses a script.
    /// - Parameter text: The file's contents.
    /// - Throws: ``ParseError`` for the first bad line (``problems(in:)`` lists them all).
    public init(parsing text: String) throws(ParseError) {
        let parsed = Self.parse(text)
        if let first = parsed.problems.first { throw first }
        lines = parsed.lines
    }

    /// Every line that does not parse, in order.
    /// - Parameter text: The file's contents.
    /// - Returns: The problems; empty when the script parses.
    public static func problems(in text: String) -> [ParseError] {
        parse(text).problems
    }

    private static func parse(_ text: String) -> (lines: [Line], problems: [ParseError]) {
        var lines: [Line] = []
        var problems: [ParseError] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = index + 1
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                lines.append(Line(number: number, directive: try Self.directive(trimmed, line: number)))
            } catch {
                problems.append(error)
            }
        }
        return (lines, problems)
    }

    private static func rest(_ text: String, after prefix: String) -> String {
        String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }

    private static func directive(_ text: String, line: Int) throws(ParseError) -> Directive {
        func fail(_ message: String) -> ParseError { ParseError(line: line, message: message) }
        if text.hasPrefix("===") { return .newCase(rest(text, after: "===")) }
        if text == "<." { return .noMoreReplies }
        for (prefix, make) in [("<=", Directive.replyEquals), ("<~", Directive.replyMatches), ("<", Directive.replyContains)] where text.hasPrefix(prefix) {
            let expected = rest(text, after: prefix)
            // An empty expectation would pass for any reply (or fail for every one with '<').
            guard !expected.isEmpty else { throw fail("'\(prefix)' needs the text to expect; '<.' checks that no replies are left") }
            return make(expected)
        }
        if text.hasPrefix(">") { return .say(String(text.dropFirst().drop(while: { $0 == " " }))) }
        if text.hasPrefix("@") {
            let value = rest(text, after: "@")
            if value.hasPrefix("+") {
                guard let interval = Self.interval(String(value.dropFirst())) else {
                    throw fail("'\(value)' is not a clock step like +30m, +2h or +1d")
                }
                return .clockAdvance(interval)
            }
            guard let date = Self.date(value) else { throw fail("'\(value)' is not an ISO-8601 time like 2026-11-23T15:00:00Z") }
            return .clockSet(date)
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        switch words[0] {
        case "as":
            guard words.count == 2 else { throw fail("'as' takes one phone number") }
            return .phone(words[1])
        case "contact":
            guard words.count >= 3 else { throw fail("'contact' takes a field and a value") }
            return .contact(field: words[1], value: words[2...].joined(separator: " "))
        case "intent", "sentiment":
            guard words.count == 3, let score = Double(words[2]) else {
                throw fail("'\(words[0])' takes a name and a number, e.g. '\(words[0] == "intent" ? "intent order_status 0.9" : "sentiment negative -0.7")'")
            }
            if words[0] == "intent" {
                guard (0...1).contains(score) else { throw fail("an intent's confidence is from 0 to 1, not \(words[2])") }
                return .intent(words[1], score)
            }
            guard ["negative", "neutral", "positive"].contains(words[1]) else {
                throw fail("'sentiment' takes negative, neutral or positive, not '\(words[1])'")
            }
            guard (-1...1).contains(score) else { throw fail("a sentiment score is from -1 to 1, not \(words[2])") }
            return .sentiment(words[1], score)
        case "node":
            guard words.count == 2 else { throw fail("'node' takes flow.node or none") }
            return .node(words[1] == "none" ? nil : words[1])
        case "status":
            guard words.count == 2, ["idle", "waiting", "csat", "handoff"].contains(words[1]) else {
                throw fail("'status' takes idle, waiting, csat or handoff")
            }
            return .status(words[1])
        case "slot":
            if words.count == 3, words[2] == "unset" { return .slotUnset(words[1]) }
            guard words.count >= 4, words[2] == "=" else { throw fail("'slot' takes 'name = value' or 'name unset'") }
            let value = text.components(separatedBy: " = ").dropFirst().joined(separator: " = ")
            return .slotEquals(words[1], value)
        case "handoff":
            guard (2...3).contains(words.count) else { throw fail("'handoff' takes a queue and an optional reason, or none") }
            if words[1] == "none" { return .handoff(queue: nil, reason: nil) }
            return .handoff(queue: words[1], reason: words.count == 3 ? words[2] : nil)
        case "http":
            if words.count == 2, words[1] == "timeout" { return .lookupResponse(.failure(.timeout)) }
            if words.count == 2, words[1] == "error" { return .lookupResponse(.failure(.connection)) }
            guard words.count >= 2, let status = Int(words[1]), (100...599).contains(status) else {
                throw fail("'http' takes a status and an optional JSON body (http 200 {\"status\": \"shipped\"}), or timeout or error")
            }
            let body = words.count > 2 ? rest(text, after: "http \(words[1])") : ""
            return .lookupResponse(.response(status: status, body: Array(body.utf8)))
        case "url":
            guard words.count >= 2 else { throw fail("'url' takes the text the last lookup URL contains") }
            return .lookupURL(rest(text, after: "url"))
        default:
            throw fail("unknown directive '\(words[0])' (expected >, <, <=, <~, <., @, as, contact, intent, sentiment, node, status, slot, handoff, http, url or ===)")
        }
    }

    static func interval(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let amount = Double(text.dropLast()) else { return nil }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86400
        default: return nil
        }
    }

    /// Parses ISO-8601 with an offset or `Z`, with or without seconds; a time without an offset is UTC.
    /// - Parameter text: The time.
    /// - Returns: The date, or `nil`.
    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(secondsFromGMT: 0)
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mmXXXXX"] {
            local.dateFormat = format
            if let date = local.date(from: text) { return date }
        }
        return nil
    }
}
