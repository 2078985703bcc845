extension FormBody {
    /// The first non-empty value among `names`, tried in order.
    func firstNonEmpty(_ names: String...) -> String? {
        for name in names {
            if let value = first(name), !value.isEmpty { return value }
        }
        return nil
    }

    /// The value of `name`, required and non-empty.
    func required(_ name: String) throws(TwilioWireError) -> String {
        guard let value = first(name), !value.isEmpty else { throw .missing(name) }
        return value
    }

    /// The value of `name` as a non-negative decimal integer, `nil` if absent or empty.
    func optionalCount(_ name: String) throws(TwilioWireError) -> Int? {
        guard let text = first(name), !text.isEmpty else { return nil }
        guard text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text) else {
            throw .invalid(name, "not a non-negative integer")
        }
        return number
    }
}
