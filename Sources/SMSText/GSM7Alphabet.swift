/// The GSM 03.38 (3GPP TS 23.038) default alphabet and its default extension table, keyed by
/// Unicode scalar value.
///
/// The default alphabet has 127 usable characters (position 0x1B is the escape to the extension
/// table, not a character). The extension table adds exactly ten characters that each cost two
/// septets (ESC + code): form feed, `^ { } \ [ ~ ] |` and `€`. National-language shift tables
/// are not supported.
enum GSM7Alphabet {
    /// Septets needed for the scalar with value `value`: 1 (default alphabet), 2 (extension table)
    /// or 0 when the scalar is not GSM-7.
    ///
    /// A `switch` over scalar values: no allocation, no hashing. Note the traps: backtick, TAB,
    /// DEL, `¢`, NBSP, soft hyphen, lowercase `ç`, lowercase Greek and OHM SIGN U+2126 are *not* GSM-7.
    @inline(__always)
    static func septets(_ value: UInt32) -> Int {
        switch value {
        // ASCII in the default alphabet: LF, CR, space through Z (incl. @ and $), _ and a-z.
        case 0x0A, 0x0D, 0x20...0x5A, 0x5F, 0x61...0x7A:
            return 1
        // ASCII in the extension table: form feed, [ \ ] ^, { | } ~.
        case 0x0C, 0x5B...0x5E, 0x7B...0x7E:
            return 2
        // Latin-1 in the default alphabet: ¡ £ ¤ ¥ § ¿ Ä Å Æ Ç É Ñ Ö Ø Ü ß à ä å æ è é ì ñ ò ö ø ù ü.
        case 0xA1, 0xA3, 0xA4, 0xA5, 0xA7, 0xBF,
            0xC4, 0xC5, 0xC6, 0xC7, 0xC9, 0xD1, 0xD6, 0xD8, 0xDC, 0xDF,
            0xE0, 0xE4, 0xE5, 0xE6, 0xE8, 0xE9, 0xEC, 0xF1, 0xF2, 0xF6, 0xF8, 0xF9, 0xFC:
            return 1
        // Greek capitals in the default alphabet: Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω (U+03A9, not OHM SIGN).
        case 0x393, 0x394, 0x398, 0x39B, 0x39E, 0x3A0, 0x3A3, 0x3A6, 0x3A8, 0x3A9:
            return 1
        // EURO SIGN, in the extension table.
        case 0x20AC:
            return 2
        default:
            return 0
        }
    }
}
