/// The normalisation the runtime and the compiler share for matching replies against keys,
/// words and phrases: case-folded, curly quotes straightened, words separated by single spaces,
/// surrounding punctuation dropped ("  A. " → "a", "My  bill!" → "my bill").
public enum TextMatching {
    /// Normalises a reply or a phrase into lower-case words separated by single spaces.
    /// - Parameter text: Any text.
    /// - Returns: The normalised text.
    public static func normalize(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            let mapped: Unicode.Scalar = (scalar == "\u{2019}" || scalar == "\u{2018}") ? "'" : scalar
            if mapped.properties.isAlphabetic || mapped.properties.numericType != nil
                || mapped.properties.isEmojiPresentation || (mapped == "'" && !current.isEmpty)
            {
                current.unicodeScalars.append(mapped)
            } else if !current.isEmpty {
                words.append(current.hasSuffix("'") ? String(current.dropLast()) : current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.hasSuffix("'") ? String(current.dropLast()) : current) }
        return words.joined(separator: " ")
    }

    /// Whether `phrase` occurs in `text` as whole words; both already normalised.
    /// - Parameters:
    ///   - phrase: A normalised phrase.
    ///   - text: A normalised text.
    /// - Returns: `true` when every word of the phrase occurs, in order and adjacent, in the text.
    public static func contains(_ phrase: String, in text: String) -> Bool {
        guard !phrase.isEmpty else { return false }
        return " \(text) ".contains(" \(phrase) ")
    }
}
