/// The digits of a typed phone number, before any numbering-plan rule is applied.
struct ScannedNumber: Sendable, Equatable {
    /// True when the number started with `+` (or a full-width `＋`).
    var hasPlus = false
    /// ASCII digits `0`–`9`, converted from any script and from vanity letters.
    var digits = ""
    /// Offsets into `digits` of each `0` written alone in brackets, as in `+44 (0)20 …`.
    var parenthesizedZeros: [Int] = []

    /// `digits` without the bracketed zeros at or after `offset`.
    ///
    /// In international format `(0)` shows the trunk prefix that callers inside the country dial;
    /// it is not part of the number.
    func digitsDroppingParenthesizedZeros(from offset: Int = 0) -> String {
        let dropped = Set(parenthesizedZeros.filter { $0 >= offset })
        guard !dropped.isEmpty else { return digits }
        return String(digits.enumerated().filter { !dropped.contains($0.offset) }.map(\.element))
    }
}

/// Turns free text into digits: the only place that looks at characters.
///
/// Accepted, in this order:
/// - surrounding whitespace (trimmed) and an RFC 3966 `tel:` prefix; URI parameters after `;`
///   (`;ext=`, `;phone-context=`) are dropped;
/// - an extension at the end, introduced by `ext`, `ext.`, `extension`, `x` or `#` and made of
///   at most 10 digits; it is not part of E.164 and is dropped;
/// - one leading `+`;
/// - digits of any script that Unicode classes as decimal (ASCII, full-width, Arabic-Indic,
///   Devanagari, …);
/// - separators: spaces (including no-break and ideographic spaces), `-` and other dashes, `.`,
///   `/`, brackets; invisible direction and zero-width marks are skipped;
/// - vanity letters A–Z (`1-800-FLOWERS`), mapped on the phone keypad, but only after at least
///   three digits and when there are at least three letters.
///
/// Anything else (control characters, emoji, `*`, `;`, quotes, other letters) is rejected, and so is
/// any input longer than ``maximumInputLength`` UTF-8 bytes, before it is examined.
enum PhoneInputScanner {
    /// Longer inputs are rejected unread: a formatted number with an extension fits easily.
    static let maximumInputLength = 256

    /// Extension markers, lower case, longest first so that `extension` wins over `ext`.
    static let extensionMarkers: [String] = ["extension", "ext.", "ext", "x", "#"]

    /// Most digits an extension may have.
    static let maximumExtensionDigits = 10

    /// The common case, as providers send it: an optional `+` and ASCII digits only, read from the
    /// UTF-8 bytes without looking at characters. Nil for anything else (the full scan decides).
    static func plainDigits(_ input: String) -> ScannedNumber? {
        let bytes = input.utf8
        guard let first = bytes.first else { return nil }
        let hasPlus = first == UInt8(ascii: "+")
        let digits = hasPlus ? bytes.dropFirst() : bytes[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return ScannedNumber(hasPlus: hasPlus, digits: String(decoding: digits, as: UTF8.self))
    }

    /// Scans `input` into digits.
    /// - Throws: ``PhoneNumberError`` when the input is empty, too long, or contains anything that
    ///   cannot be part of a phone number.
    static func scan(_ input: String) throws(PhoneNumberError) -> ScannedNumber {
        guard input.utf8.count <= maximumInputLength else { throw .inputTooLong }
        if let plain = plainDigits(input) { return plain }
        var scalars = trimmingWhitespace(Array(input.unicodeScalars))
        if hasPrefix("tel:", scalars) {
            scalars.removeFirst(4)
            if let parameters = scalars.firstIndex(of: ";") {
                scalars.removeSubrange(parameters...)
            }
        }
        scalars = try removingExtension(scalars)

        var number = ScannedNumber()
        var letterCount = 0
        var groupStart: Int? = nil  // digit offset at the last opening bracket
        for scalar in scalars {
            if let digit = decimalDigit(scalar) {
                number.digits.append(Character(String(digit)))
                continue
            }
            switch scalar {
            case "+", "\u{FF0B}":
                guard number.digits.isEmpty, !number.hasPlus else { throw .misplacedPlus }
                number.hasPlus = true
            case "(", "[", "\u{FF08}":
                groupStart = number.digits.count
            case ")", "]", "\u{FF09}":
                if let start = groupStart, number.digits.count == start + 1, number.digits.last == "0" {
                    number.parenthesizedZeros.append(start)
                }
                groupStart = nil
            case "A"..."Z", "a"..."z":
                guard number.digits.count >= 3 else { throw .notAPhoneNumber }
                number.digits.append(keypadDigit(scalar))
                letterCount += 1
            default:
                guard isSeparator(scalar) || isInvisibleMark(scalar) else { throw .unexpectedCharacter }
            }
        }
        guard !number.digits.isEmpty else { throw .notAPhoneNumber }
        // One or two stray letters are a typo, not a vanity number (libphonenumber asks for three).
        guard letterCount == 0 || letterCount >= 3 else { throw .unexpectedCharacter }
        return number
    }

    // MARK: - Pieces

    /// Drops leading and trailing Unicode whitespace (spaces, tabs, line breaks).
    static func trimmingWhitespace(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return [] }
        return Array(scalars[first...last])
    }

    /// Cuts an extension off the end of the number.
    ///
    /// A marker counts only when everything after it is an extension (digits, spaces, `.`, `:`), so
    /// the `x` of a vanity word is left alone; `x` and `ext` must also not continue a word (`BOX 12`).
    static func removingExtension(_ scalars: [Unicode.Scalar]) throws(PhoneNumberError) -> [Unicode.Scalar] {
        for start in scalars.indices {
            for marker in extensionMarkers where hasPrefix(marker, scalars[start...]) {
                if marker != "#", start > scalars.startIndex, isASCIILetter(scalars[start - 1]) { continue }
                let tail = scalars[(start + marker.unicodeScalars.count)...]
                guard tail.allSatisfy(isExtensionCharacter) else { continue }
                let digitCount = tail.count(where: { decimalDigit($0) != nil })
                guard digitCount <= maximumExtensionDigits else { throw .badExtension }
                guard digitCount > 0 || marker == "#" else { continue }
                return trimmingWhitespace(Array(scalars[..<start]))
            }
        }
        return scalars
    }

    /// Digits, spaces, `.` and `:` may follow an extension marker.
    static func isExtensionCharacter(_ scalar: Unicode.Scalar) -> Bool {
        decimalDigit(scalar) != nil || scalar.properties.isWhitespace || scalar == "." || scalar == ":"
    }

    /// The value of a decimal digit in any script, or nil.
    static func decimalDigit(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar.properties.generalCategory == .decimalNumber,
            let value = scalar.properties.numericValue, value >= 0, value <= 9
        else { return nil }
        return Int(value)
    }

    /// The keypad digit for a letter: ABC=2, DEF=3, GHI=4, JKL=5, MNO=6, PQRS=7, TUV=8, WXYZ=9.
    static func keypadDigit(_ letter: Unicode.Scalar) -> Character {
        let keypad = Array("22233344455566677778889999")
        let index = Int(letter.value | 0x20) - Int(("a" as Unicode.Scalar).value)
        return keypad[index]
    }

    /// Punctuation and spaces people put between digit groups.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0xA0,  // space, tab, no-break space
            0x2D, 0x2E, 0x2F, 0x7E,  // - . / ~
            0x2000...0x200A, 0x202F, 0x205F, 0x3000,  // typographic, narrow no-break and ideographic spaces
            0x2010...0x2015, 0x2212,  // hyphens, dashes, minus sign
            0xFF0D, 0xFF0E, 0xFF0F, 0xFF5E:  // full-width - . / ~
            return true
        default:
            return false
        }
    }

    /// Zero-width and bidirectional marks that copy-paste leaves in numbers; they are skipped.
    static func isInvisibleMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF:
            return true
        default:
            return false
        }
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }

    /// Case-insensitive ASCII prefix test; `prefix` is lower case.
    static func hasPrefix(_ prefix: String, _ scalars: some Collection<Unicode.Scalar>) -> Bool {
        var iterator = scalars.makeIterator()
        for expected in prefix.unicodeScalars {
            guard let actual = iterator.next() else { return false }
            let folded = isASCIILetter(actual) ? Unicode.Scalar(actual.value | 0x20)! : actual
            guard folded == expected else { return false }
        }
        return true
    }
}
