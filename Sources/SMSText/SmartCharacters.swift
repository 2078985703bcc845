extension SMSSegmenter {
    /// A GSM-7 look-alike for a scalar that would force the message into UCS-2.
    ///
    /// Covers what editors and phones substitute automatically, in the spirit of Twilio's
    /// *Smart Encoding*: curly quotes and primes (`’` → `'`, `“ ”` → `"`), dashes and the minus
    /// sign (`— –` → `-`), the ellipsis (`…` → `...`), NBSP and the other Unicode spaces (→ a space),
    /// invisible characters (soft hyphen, zero-width space, word joiner, BOM → removed), fullwidth
    /// ASCII forms, and a few symbols (`•` → `-`, `½` → `1/2`, OHM SIGN → GSM `Ω`).
    ///
    /// Every replacement is itself GSM-7 (it may contain extension characters). Letters with
    /// accents are not transliterated, and a decomposed `e` + U+0301 is better fixed by NFC
    /// normalization than by dropping the accent.
    ///
    /// - Parameter scalar: A Unicode scalar, usually one of ``SegmentInfo/nonGSMScalars``.
    /// - Returns: The replacement text (possibly empty, meaning "delete it"), or `nil` when the
    ///   scalar is already GSM-7 or has no sensible look-alike (emoji, CJK, Cyrillic, ...).
    public static func gsmReplacement(for scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        if GSM7Alphabet.septets(value) != 0 {
            return nil
        }
        switch value {
        // Single quotes, apostrophes, primes and accents used as apostrophes.
        case 0x0060, 0x00B4, 0x02B9, 0x02BB, 0x02BC, 0x02BD, 0x02CA, 0x02CB,
            0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035, 0x2039, 0x203A, 0xFF07:
            return "'"
        // Double quotes, guillemets and double primes.
        case 0x00AB, 0x00BB, 0x02BA, 0x02DD, 0x02EE, 0x201C, 0x201D, 0x201E, 0x201F,
            0x2033, 0x2036, 0x301D, 0x301E, 0xFF02:
            return "\""
        // Hyphens, dashes, minus signs and bullets.
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2043, 0x2212,
            0xFE58, 0xFE63, 0xFF0D, 0x2022, 0x2023, 0x2219, 0x25E6:
            return "-"
        case 0x2026:
            return "..."
        case 0x203C:
            return "!!"
        // Tab, NBSP, the typographic spaces and the ideographic space.
        case 0x0009, 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            return " "
        // Unicode line and paragraph separators.
        case 0x2028, 0x2029:
            return "\n"
        // Invisible: soft hyphen, zero-width space, word joiner, BOM / zero-width no-break space.
        case 0x00AD, 0x200B, 0x2060, 0xFEFF:
            return ""
        // Symbols with an ASCII spelling.
        case 0x00D7:
            return "x"
        case 0x00F7, 0x2044, 0x2215:
            return "/"
        case 0x00BC:
            return "1/4"
        case 0x00BD:
            return "1/2"
        case 0x00BE:
            return "3/4"
        case 0x2122:
            return "TM"
        case 0x00A9:
            return "(C)"
        case 0x00AE:
            return "(R)"
        // Compatibility letters with a GSM-7 twin.
        case 0x2126:
            return "\u{03A9}"  // OHM SIGN -> GREEK CAPITAL LETTER OMEGA
        case 0x2206:
            return "\u{0394}"  // INCREMENT -> GREEK CAPITAL LETTER DELTA
        case 0x212B:
            return "\u{00C5}"  // ANGSTROM SIGN -> LATIN CAPITAL LETTER A WITH RING ABOVE
        // Ideographic punctuation.
        case 0x3001:
            return ","
        case 0x3002, 0xFF61:
            return "."
        // Fullwidth ASCII forms (U+FF01...U+FF5E) map to ASCII by offset; fullwidth backtick is an apostrophe.
        case 0xFF01...0xFF5E:
            let ascii = value - 0xFEE0
            if GSM7Alphabet.septets(ascii) != 0, let mapped = Unicode.Scalar(ascii) {
                return String(mapped)
            }
            return "'"
        default:
            return nil
        }
    }

    /// A human-readable name for a scalar, for warnings such as "this character forces UCS-2".
    ///
    /// Visible characters are shown followed by their code point and Unicode name, e.g.
    /// `’ (U+2019 RIGHT SINGLE QUOTATION MARK)`. Invisible ones (spaces, controls, format
    /// characters, combining marks) are shown without the character itself, e.g.
    /// `U+00A0 NO-BREAK SPACE`, so that the message stays readable.
    ///
    /// - Parameter scalar: Any Unicode scalar.
    /// - Returns: The description; control characters, which have no Unicode name, get their
    ///   traditional name (`CHARACTER TABULATION`, `LINE FEED`, ...) or `<control>`.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        var hex = String(scalar.value, radix: 16, uppercase: true)
        if hex.count < 4 {
            hex = String(repeating: "0", count: 4 - hex.count) + hex
        }
        let properties = scalar.properties
        let name =
            properties.name
            ?? properties.nameAlias
            ?? (properties.generalCategory == .control ? controlName(scalar.value) : nil)
        let label = name.map { "U+\(hex) \($0)" } ?? "U+\(hex)"
        return isVisible(scalar) ? "\(String(scalar)) (\(label))" : label
    }

    /// The Unicode 1.0 name of a common control character (controls have no `name` property), else `<control>`.
    private static func controlName(_ value: UInt32) -> String {
        switch value {
        case 0x00: "NULL"
        case 0x09: "CHARACTER TABULATION"
        case 0x0A: "LINE FEED"
        case 0x0B: "LINE TABULATION"
        case 0x0C: "FORM FEED"
        case 0x0D: "CARRIAGE RETURN"
        case 0x1B: "ESCAPE"
        case 0x7F: "DELETE"
        case 0x85: "NEXT LINE"
        default: "<control>"
        }
    }

    /// Whether a scalar shows up as a glyph of its own when printed alone.
    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator,
            .nonspacingMark, .spacingMark, .enclosingMark, .surrogate, .privateUse, .unassigned:
            return false
        default:
            return true
        }
    }
}
