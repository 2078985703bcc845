import FlowRuntime
import Foundation

/// A JSON value that keeps object keys in the order they were written.
indirect enum JSONValue {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    var text: String {
        switch self {
        case .string(let value): return Self.quote(value)
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { Self.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        JSONText.quote(text)
    }
}

extension ConversationState {
    /// The `flow`, `node`, `status` and `slots` fields of simulate's output.
    var jsonFields: [(String, JSONValue)] {
        let position = status == .idle ? nil : position
        return [
            ("flow", position.map { .string($0.flow) } ?? .null),
            ("node", position.map { .string($0.node) } ?? .null),
            ("status", .string(status.rawValue)),
            ("slots", .object(slots.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
    }
}
