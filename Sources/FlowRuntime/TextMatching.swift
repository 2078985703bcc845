import Foundation

/// The normalisation the runtime and the compiler share for matching replies against keys,
/// words and phrases: case-folded, curly quotes straightened, full-width forms and other scripts'
/// digits read as plain ones ("Ｂ" → "b", "٢" → "2"), words separated by single spaces,
/// surrounding punctuation dropped ("  A. " → "a", "My  bill!" → "my bill").
public enum TextMatching {
    /// Normalises a reply or a phrase into lower-case words separated by single spaces.
    /// - Parameter text: Any text.
    /// - Returns: The normalised text.
    public static func normalize(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for scalar in plainForms(text).lowercased().unicodeScalars {
            var mapped: Unicode.Scalar = (scalar == "\u{2019}" || scalar == "\u{2018}") ? "'" : scalar
            if !mapped.isASCII, mapped.properties.numericType == .decimal, let digit = mapped.properties.numericValue,
                let ascii = Unicode.Scalar(UInt32(48 + Int(digit)))
            {
                mapped = ascii
            }
            if isWordScalar(mapped) || (mapped == "'" && !current.isEmpty) {
                current.unicodeScalars.append(mapped)
            } else if !current.isEmpty {
                words.append(current.hasSuffix("'") ? String(current.dropLast()) : current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.hasSuffix("'") ? String(current.dropLast()) : current) }
        return words.joined(separator: " ")
    }

    /// The text with full-width and other compatibility forms as their plain letters ("ＳＴＯＰ" →
    /// "STOP"); ASCII text as it is, without the Unicode tables.
    /// - Parameter text: Any text.
    /// - Returns: Its compatibility-normalised form (NFKC).
    public static func plainForms(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCompatibilityMapping
    }

    /// Letters, digits and emoji make words; ASCII is decided without Unicode property tables.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar.properties.isEmojiPresentation
    }

    /// The normalised text without its emoji-only words ("b 👍" → "b"), for matching menu keys.
    /// - Parameter text: A normalised text.
    /// - Returns: The text without emoji words, or the text itself when nothing else is left.
    public static func withoutEmoji(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        let kept = text.split(separator: " ").filter { word in !word.unicodeScalars.allSatisfy { $0.properties.isEmojiPresentation || $0.properties.isEmojiModifier || $0 == "\u{FE0F}" } }
        return kept.isEmpty ? text : kept.joined(separator: " ")
    }

    /// Whether `phrase` occurs in `text` as whole words; both already normalised.
    /// - Parameters:
    ///   - phrase: A normalised phrase.
    ///   - text: A normalised text.
    /// - Returns: `true` when every word of the phrase occurs, in order and adjacent, in the text.
    public static func contains(_ phrase: String, in text: String) -> Bool {
        guard !phrase.isEmpty else { return false }
        let found = text.utf8.withContiguousStorageIfAvailable { haystack in
            phrase.utf8.withContiguousStorageIfAvailable { needle in
                containsWords(needle, in: haystack)
            }
        }
        if let found = found ?? nil { return found }
        return " \(text) ".contains(" \(phrase) ")
    }

    /// Byte search for `needle` bounded by spaces or the ends of `haystack`.
    private static func containsWords(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        let space = UInt8(ascii: " ")
        guard needle.count <= haystack.count else { return false }
        var start = 0
        while start + needle.count <= haystack.count {
            let end = start + needle.count
            if end == haystack.count || haystack[end] == space {
                var equal = true
                for offset in 0..<needle.count where haystack[start + offset] != needle[offset] {
                    equal = false
                    break
                }
                if equal { return true }
            }
            // Move to the start of the next word.
            while start < haystack.count && haystack[start] != space { start += 1 }
            start += 1
        }
        return false
    }
}
