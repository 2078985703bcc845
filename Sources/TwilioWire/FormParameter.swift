/// One `name=value` pair of an `application/x-www-form-urlencoded` body, decoded.
///
/// Equality and hashing compare the exact Unicode scalars (`"Café"` with a precomposed `é` is
/// not equal to `"Cafe\u{301}"`), because Twilio signs bytes and two spellings that Swift's
/// `String` calls equal produce different signatures.
public struct FormParameter: Sendable, Hashable {
    /// The decoded parameter name, e.g. `Body`.
    public var name: String
    /// The decoded value ('+' turned into a space, `%XX` escapes into bytes, read as UTF-8).
    public var value: String

    /// Creates a parameter.
    /// - Parameters:
    ///   - name: The decoded name.
    ///   - value: The decoded value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Compares names and values scalar by scalar (not by canonical equivalence).
    public static func == (lhs: FormParameter, rhs: FormParameter) -> Bool {
        lhs.name.utf8.elementsEqual(rhs.name.utf8) && lhs.value.utf8.elementsEqual(rhs.value.utf8)
    }

    /// Hashes the UTF-8 bytes of the name and value, consistent with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name.utf8.count)
        for byte in name.utf8 { hasher.combine(byte) }
        hasher.combine(value.utf8.count)
        for byte in value.utf8 { hasher.combine(byte) }
    }
}
