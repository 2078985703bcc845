import Foundation

/// A dot path into a JSON document, e.g. `delivery.eta` or `items.0.name`: each segment is an
/// object key, or an array index when the value at that point is an array.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The segments, in order.
    public let segments: [String]

    /// Parses a path.
    /// - Parameter text: Dot-separated segments, none empty.
    /// - Returns: `nil` when the text is empty or has an empty segment (`a..b`, `.a`, `a.`).
    public init?(_ text: String) {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, !segments.contains(where: \.isEmpty) else { return nil }
        self.segments = segments
    }

    /// The path as written.
    public var description: String { segments.joined(separator: ".") }

    /// The value at the path as text: strings as they are, numbers in their shortest exact form,
    /// booleans as `true` / `false`.
    /// - Parameter json: A decoded document.
    /// - Returns: The text, or `nil` when the path is missing or leads to `null`, an object or an array.
    func text(in json: JSONValue) -> String? {
        var current = json
        for segment in segments {
            switch current {
            case .object(let members):
                guard let next = members[segment] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(segment), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        switch current {
        case .string(let text): return text
        case .number(let number): return number
        case .bool(let value): return value ? "true" : "false"
        case .null, .object, .array: return nil
        }
    }
}

/// A decoded JSON document; numbers keep their exact value as text.
enum JSONValue: Decodable, Sendable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: Key.self) {
            var members: [String: JSONValue] = [:]
            for key in container.allKeys { members[key.stringValue] = try container.decode(JSONValue.self, forKey: key) }
            self = .object(members)
        } else if var container = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !container.isAtEnd { items.append(try container.decode(JSONValue.self)) }
            self = .array(items)
        } else {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Decimal.self) {
                self = .number(value.description)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value.description)
            } else {
                self = .string(try container.decode(String.self))
            }
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
