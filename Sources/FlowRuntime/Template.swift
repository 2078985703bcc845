/// A text with `{{variable}}` and `{{variable|default}}` placeholders, parsed once at compile time.
public struct Template: Sendable, Equatable, Hashable {
    /// One piece of a template.
    public enum Part: Sendable, Equatable, Hashable {
        /// Text sent as written.
        case literal(String)
        /// A variable, with the text used when it has no value.
        case variable(name: String, fallback: String?)
    }

    /// The pieces in order.
    public var parts: [Part]

    /// Creates a template from its parts.
    /// - Parameter parts: The pieces in order.
    public init(parts: [Part]) {
        self.parts = parts
    }

    /// A template made of one literal text.
    /// - Parameter text: The text.
    public init(literal text: String) {
        self.parts = text.isEmpty ? [] : [.literal(text)]
    }

    /// The names of the variables the template uses, in order of first use.
    public var variables: [(name: String, fallback: String?)] {
        parts.compactMap { part in
            if case .variable(let name, let fallback) = part { return (name, fallback) }
            return nil
        }
    }

    /// Renders the template.
    /// - Parameter lookup: Returns a variable's value, or `nil` when it has none.
    /// - Returns: The text, and the names of variables that had neither a value nor a fallback.
    public func render(_ lookup: (String) -> String?) -> (text: String, missing: [String]) {
        var text = ""
        var missing: [String] = []
        for part in parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .variable(let name, let fallback):
                if let value = lookup(name), !value.isEmpty {
                    text += value
                } else if let fallback {
                    text += fallback
                } else {
                    missing.append(name)
                }
            }
        }
        return (text, missing)
    }
}
