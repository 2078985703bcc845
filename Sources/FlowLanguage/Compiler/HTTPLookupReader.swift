import FlowRuntime
import Foundation
import Yams

extension NodeReader {
    /// Reads an HTTP lookup: `url`, `method`, `timeout`, `body`, `map`, `found`, `not_found`, `failed`.
    func httpLookup(_ f: Fields) -> FlowRuntime.Node.Kind? {
        var method = HTTPLookup.Method.get
        if let node = f["method"], let raw = reader.string(node, "method") {
            if let parsed = HTTPLookup.Method(rawValue: raw.uppercased()) {
                method = parsed
            } else {
                sink.add(DiagnosticCode.invalidValue("method", "'\(raw)' is not GET or POST", at: reader.location(node)))
            }
        }
        var url: Template?
        if let node = f.required("url"), let template = compilation.template(node, reader: reader, owner: id, outgoing: false),
            let text = node.scalar?.string
        {
            if let problem = URLTemplateCheck.problem(in: text) {
                sink.add(DiagnosticCode.invalidURL(problem.message, at: reader.location(node, scalarOffset: problem.offset)))
            } else {
                url = template
            }
        }
        var timeout = HTTPLookup.defaultTimeout
        if let node = f["timeout"], let raw = reader.string(node, "timeout") {
            switch Self.duration(raw) {
            case nil:
                sink.add(DiagnosticCode.invalidTimeout(raw, "write a duration such as 2s or 500ms", at: reader.location(node)))
            case let value? where value < .milliseconds(100):
                sink.add(DiagnosticCode.invalidTimeout(raw, "must be at least 100ms", at: reader.location(node)))
            case let value? where value > HTTPLookup.maxTimeout:
                sink.add(DiagnosticCode.invalidTimeout(raw, "must be at most 10s", at: reader.location(node)))
            case let value?:
                timeout = value
            }
        }
        var body: Template?
        if let node = f["body"], let template = compilation.template(node, reader: reader, owner: id, outgoing: false) {
            if method != .post {
                sink.add(DiagnosticCode.invalidBody("a body needs 'method: POST'", at: reader.location(node)))
            } else if !Self.isJSON(template) {
                sink.add(DiagnosticCode.invalidBody(
                    "it is not JSON when every variable is a text; write variables inside quotes, like \"{{name}}\"",
                    at: reader.location(node)))
            } else {
                body = template
            }
        }
        let map = f["map"].map { mappings($0) } ?? []
        // A mapping with an empty default may leave its slot unset, so only the others count as set.
        let produced = Set(map.filter { $0.fallback != "" }.map(\.slot))
        let found = f.required("found").flatMap { target($0, sets: produced) }
        let notFound = f.required("not_found").flatMap { target($0) }
        let failed = f["failed"].map { target($0) } ?? notFound
        guard let url, let found, let notFound, let failed else { return nil }
        return .httpLookup(HTTPLookup(
            method: method, url: url, body: body, timeout: timeout, map: map, found: found, notFound: notFound, failed: failed))
    }

    /// `slot: path` or `slot: "path|default"` entries.
    private func mappings(_ node: Yams.Node) -> [HTTPLookup.Mapping] {
        guard let entries = reader.mapping(node, "map", allowed: nil) else { return [] }
        var result: [HTTPLookup.Mapping] = []
        for entry in entries {
            let slot = entry.key
            guard TemplateParser.isValidName(slot) else {
                sink.add(DiagnosticCode.invalidValue("map", "'\(slot)' is not a variable name", at: reader.location(entry.keyNode)))
                continue
            }
            guard slot != "department", slot != "csat", !slot.hasPrefix("contact.") else {
                sink.add(DiagnosticCode.reservedSlot(slot, at: reader.location(entry.keyNode)))
                continue
            }
            guard let raw = reader.string(entry.value, "map.\(slot)") else { continue }
            let pieces = raw.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let text = String(pieces[0]).trimmingWhitespace()
            guard let path = JSONPath(text) else {
                let problem = text.isEmpty ? "the path is empty" : "a segment between dots is empty"
                sink.add(DiagnosticCode.invalidJSONPath(text, problem, at: reader.location(entry.value)))
                continue
            }
            result.append(HTTPLookup.Mapping(slot: slot, path: path, fallback: pieces.count > 1 ? String(pieces[1]) : nil))
        }
        return result
    }

    /// `2s`, `1.5s`, `500ms`.
    static func duration(_ text: String) -> Duration? {
        let trimmed = text.trimmingWhitespace()
        let (number, scale): (Substring, Double) =
            trimmed.hasSuffix("ms") ? (trimmed.dropLast(2), 1) : trimmed.hasSuffix("s") ? (trimmed.dropLast(), 1000) : ("", 0)
        let digits = String(number).trimmingWhitespace()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(digits)
        else { return nil }
        return .milliseconds(Int64((value * scale).rounded()))
    }

    /// Whether the body is JSON with each variable replaced by a text.
    private static func isJSON(_ template: Template) -> Bool {
        let sample = template.parts.map { part -> String in
            switch part {
            case .literal(let text): return text
            case .variable: return "x"
            }
        }.joined()
        return (try? JSONSerialization.jsonObject(with: Data(sample.utf8), options: [.fragmentsAllowed])) != nil
    }
}

/// Checks a lookup URL template: an absolute http or https URL whose server is written out, with
/// only URL characters outside its `{{variables}}`.
enum URLTemplateCheck {
    struct Problem {
        var message: String
        /// Offset in Unicode scalars from the start of the text.
        var offset: Int
    }

    /// Characters a URL may contain literally (RFC 3986 unreserved, reserved and `%`).
    private static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%".unicodeScalars)

    static func problem(in text: String) -> Problem? {
        let scalars = Array(text.unicodeScalars)
        // Which scalars are inside a {{variable}} (the template already parsed, so pairs match).
        var isVariable = [Bool](repeating: false, count: scalars.count)
        var firstVariable: Int?
        var index = 0
        while index + 1 < scalars.count {
            if scalars[index] == "{", scalars[index + 1] == "{" {
                var close = index + 2
                while close + 1 < scalars.count, !(scalars[close] == "}" && scalars[close + 1] == "}") { close += 1 }
                let end = min(close + 2, scalars.count)
                for position in index..<end { isVariable[position] = true }
                firstVariable = firstVariable ?? index
                index = end
            } else {
                index += 1
            }
        }
        let lowered = String(String.UnicodeScalarView(scalars.prefix(8))).lowercased()
        let schemeLength = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
        guard schemeLength > 0, (firstVariable ?? .max) >= schemeLength else {
            return Problem(message: "it must start with http:// or https://", offset: 0)
        }
        var hostEnd = schemeLength
        while hostEnd < scalars.count, !isVariable[hostEnd], !"/?#".unicodeScalars.contains(scalars[hostEnd]) { hostEnd += 1 }
        if hostEnd < scalars.count, isVariable[hostEnd] {
            return Problem(
                message: "the server must be written out; variables may appear only in the path and the query",
                offset: hostEnd)
        }
        if hostEnd == schemeLength { return Problem(message: "it has no server name", offset: schemeLength) }
        if let at = scalars[schemeLength..<hostEnd].firstIndex(of: "@") {
            return Problem(message: "credentials do not belong in a flow file; the HTTP client adds them", offset: at)
        }
        for (offset, scalar) in scalars.enumerated() where !isVariable[offset] {
            if scalar == "%" {
                let hex = scalars.dropFirst(offset + 1).prefix(2)
                if hex.count < 2 || !hex.allSatisfy({ $0.properties.isASCIIHexDigit }) {
                    return Problem(message: "'%' must start an escape like %20", offset: offset)
                }
            } else if !allowed.contains(scalar) {
                let shown = scalar == " " ? "a space" : "'\(scalar)'"
                let hint = scalar == "{" || scalar == "}" ? "; variables are written {{name}}" : "; percent-encode it"
                return Problem(message: "\(shown) is not allowed in a URL\(hint)", offset: offset)
            }
        }
        let sample = String(String.UnicodeScalarView(scalars.enumerated().map { isVariable[$0.offset] ? "x" : $0.element }))
        guard let components = URLComponents(string: sample), let host = components.host, !host.isEmpty else {
            return Problem(message: "it is not a valid URL", offset: 0)
        }
        return nil
    }
}
