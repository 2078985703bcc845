import FlowRuntime

/// Parses `{{name}}` and `{{name|default}}` placeholders.
enum TemplateParser {
    struct Placeholder {
        var name: String
        var fallback: String?
        /// Offset of the name in Unicode scalars from the start of the text.
        var offset: Int
    }

    enum Failure: Error {
        case malformed(String, offset: Int)
    }

    static func parse(_ text: String) -> Result<(Template, [Placeholder]), Failure> {
        let scalars = Array(text.unicodeScalars)
        var parts: [Template.Part] = []
        var placeholders: [Placeholder] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "{" {
                guard let close = findClose(scalars, from: index + 2) else {
                    return .failure(.malformed("'{{' without a closing '}}'", offset: index))
                }
                let inner = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                let pieces = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                let name = pieces[0].trimmingCharacters(in: " ")
                let leading = pieces[0].unicodeScalars.prefix(while: { $0 == " " }).count
                guard isValidName(name) else {
                    let shown = name.isEmpty ? "an empty name" : "'\(name)'"
                    return .failure(
                        .malformed("\(shown) is not a variable name (letters, digits, _ and dots)", offset: index + 2))
                }
                // "{{ contact.name | there }}": the spaces around the default are layout, not text.
                let fallback = pieces.count > 1 ? String(pieces[1].trimmingCharacters(in: " ")) : nil
                if !literal.isEmpty {
                    parts.append(.literal(String(literal)))
                    literal = String.UnicodeScalarView()
                }
                parts.append(.variable(name: name, fallback: fallback))
                placeholders.append(Placeholder(name: name, fallback: fallback, offset: index + 2 + leading))
                index = close + 2
            } else if scalars[index] == "}", index + 1 < scalars.count, scalars[index + 1] == "}" {
                return .failure(.malformed("'}}' without an opening '{{'", offset: index))
            } else {
                literal.append(scalars[index])
                index += 1
            }
        }
        if !literal.isEmpty { parts.append(.literal(String(literal))) }
        return .success((Template(parts: parts), placeholders))
    }

    private static func findClose(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index + 1 < scalars.count {
            if scalars[index] == "}", scalars[index + 1] == "}" { return index }
            if scalars[index] == "{", scalars[index + 1] == "{" { return nil }
            index += 1
        }
        return nil
    }

    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
            else { return false }
            return part.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) }
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var slice = self[...]
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}
