extension SentimentLexicon {
    /// Words whose inflected forms mean something else ("like" → "likely", "mean" → "meaning").
    static let uninflected: Set<String> = [
        "like", "kind", "mean", "well", "fine", "sure", "pretty", "just", "even", "right", "hope", "wish", "lie", "kid",
        "cool", "sick", "wonder", "passe", "rout", "unite",
    ]

    /// The valence list plus the regular inflections of every entry that the list does not spell out:
    /// "annoy" also scores "annoys", "annoyed", "annoying"; "happy" also "happily". Explicit
    /// entries win, and a form claimed by two words keeps the stronger valence. Computed once per load,
    /// so scoring stays one dictionary lookup per token.
    /// - Parameter reserved: Tokens that must not gain a valence (negators, intensifiers, contrast words).
    /// - Returns: Word → valence.
    func valenceWithInflections(reserved: Set<String>) -> [String: Double] {
        var result = valence
        var derived: [String: Double] = [:]
        for (word, value) in valence where !Self.uninflected.contains(word) {
            for form in Self.inflections(of: word) where valence[form] == nil && !reserved.contains(form) {
                if let existing = derived[form], abs(existing) >= abs(value) { continue }
                derived[form] = value
            }
        }
        result.merge(derived) { explicit, _ in explicit }
        return result
    }

    /// Regular English inflections of a lower-case word: -s, -ed, -ing, -ly, with the usual spelling rules
    /// (final e dropped, y → i, a final consonant doubled after a short vowel), and the clipped "-in" of
    /// "-ing" words ("rockin"). No -er/-est: too many are other words ("twit" → "twitter").
    static func inflections(of word: String) -> [String] {
        let letters = Array(word)
        guard letters.count >= 3, letters.allSatisfy({ $0.isASCII && $0.isLetter }) else { return [] }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        var forms = [word + "s"]
        let last = letters[letters.count - 1]
        let beforeLast = letters[letters.count - 2]
        if last == "e" {
            let stem = String(letters.dropLast())
            forms += [word + "d", stem + "ing"]
        } else if last == "y" && !vowels.contains(beforeLast) {
            let stem = String(letters.dropLast())
            forms += [stem + "ies", stem + "ied", word + "ing", stem + "ily"]
        } else {
            forms += [word + "ed", word + "ing", word + "es"]
            if !vowels.contains(last) && !"wxy".contains(last) && vowels.contains(beforeLast)
                && !vowels.contains(letters[letters.count - 3])
            {
                let doubled = word + String(last)
                forms += [doubled + "ed", doubled + "ing"]
            }
        }
        if !word.hasSuffix("ly") { forms.append(word + "ly") }
        if word.hasSuffix("ing") { forms.append(String(letters.dropLast())) }
        return forms
    }
}
