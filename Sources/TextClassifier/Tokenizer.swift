import Foundation

/// Turns an SMS into normalised tokens: case-folded, repeated letters squeezed ("soooo" → "soo"),
/// digits replaced by `0`, contractions and common SMS abbreviations expanded ("cant" → "can not",
/// "pls" → "please"), emoji kept as tokens, and `!` / `?` runs kept as `!`, `!!`, `?`, `??`.
public enum Tokenizer {
    /// The tokens of a text.
    /// - Parameter text: Any text.
    /// - Returns: Tokens in order.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        tokens.reserveCapacity(24)
        var word = String.UnicodeScalarView()
        var lastLetter: Unicode.Scalar = " "
        var repeats = 0
        var punctuation: Unicode.Scalar = " "
        var punctuationCount = 0

        func flushWord() {
            guard !word.isEmpty else { return }
            var text = String(word)
            while text.hasSuffix("'") { text.removeLast() }
            while text.hasPrefix("'") { text.removeFirst() }
            if !text.isEmpty { expand(text, into: &tokens) }
            word = String.UnicodeScalarView()
            repeats = 0
            lastLetter = " "
        }
        func flushPunctuation() {
            guard punctuationCount > 0 else { return }
            tokens.append(punctuationCount == 1 ? String(punctuation) : String(punctuation) + String(punctuation))
            punctuationCount = 0
        }

        let scalars = Array(decodingEntities(text).unicodeScalars)
        var position = 0
        while position < scalars.count {
            let original = scalars[position]
            position += 1
            if word.isEmpty, !original.properties.isAlphabetic || original == "x" || original == "X",
                emoticonStarts.contains(original), let emoticon = emoticon(in: scalars, at: position - 1)
            {
                flushPunctuation()
                tokens.append(emoticon.text)
                position += emoticon.length - 1
                continue
            }
            var scalar = original
            if scalar == "\u{2019}" || scalar == "\u{2018}" || scalar == "`" { scalar = "'" }
            if let ascii = asciiLower(scalar) { scalar = ascii }
            if isWordScalar(scalar) || (scalar == "'" && !word.isEmpty) {
                flushPunctuation()
                if scalar.properties.numericType == .decimal { scalar = "0" }
                if scalar == lastLetter {
                    repeats += 1
                    if repeats >= 2 && scalar != "0" { continue }
                } else {
                    repeats = 0
                    lastLetter = scalar
                }
                word.append(scalar)
            } else if isEmoji(scalar) {
                flushWord()
                flushPunctuation()
                tokens.append(String(scalar))
            } else if scalar == "!" || scalar == "?" {
                flushWord()
                if punctuationCount > 0 && punctuation != scalar { flushPunctuation() }
                punctuation = scalar
                punctuationCount += 1
            } else {
                flushWord()
                flushPunctuation()
            }
        }
        flushWord()
        flushPunctuation()
        return tokens
    }

    /// ASCII emoticons kept whole as tokens (the sentiment lexicon scores them).
    static let emoticons: [String] = [
        ">:(", ":-)", ":-(", ":-D", ";-)", ":-P", ":-p", ":'(", ":')", ":-/", "</3", "^_^", "-_-", "^^",
        ":)", ":(", ":D", ";)", ":P", ":p", ":/", ":|", "<3", "xD", "XD", ":o", ":O", ":*", "8)", ":]", ":[", "=)", "=(", "=D",
        "(:", "):", ":-|", ":-*", ":\\", ":-\\", "=/", ":@", ":-@", "^.^", ";(", ";-(", "._.", ">_<", ">.<", ":-'(", ";_;",
        ":-]", ":^)", "-.-", ":s", ":S", ":-s", ":-S", ":-o", ":-O",
        ":-[", "=]", "=[", ":'-)", ";D", ";p", ";P", "=p", "=P", ":-))", ":))", ":((",
        ":-((", ">:-(", ":d",
    ].sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }

    /// The text with the HTML entities that web and tweet exports leave behind (`&lt;3`, `&amp;`) decoded.
    private static func decodingEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
    private static let emoticonStarts = Set(emoticons.compactMap(\.unicodeScalars.first))
    /// The emoticons by first scalar, longest first, so a lone "." or "-" tries only its own few.
    private static let emoticonsByStart: [Unicode.Scalar: [(text: String, scalars: [Unicode.Scalar])]] = Dictionary(
        grouping: emoticons.map { (text: $0, scalars: Array($0.unicodeScalars)) }, by: { $0.scalars[0] })

    /// The emoticon starting at `index`, when it stands alone (not followed by a letter or digit).
    private static func emoticon(in scalars: [Unicode.Scalar], at index: Int) -> (text: String, length: Int)? {
        if index > 0, isWordScalar(asciiLower(scalars[index - 1]) ?? scalars[index - 1]) { return nil }
        for (text, candidate) in emoticonsByStart[scalars[index]] ?? [] where index + candidate.count <= scalars.count {
            var matches = true
            for offset in 0..<candidate.count where scalars[index + offset] != candidate[offset] {
                matches = false
                break
            }
            guard matches else { continue }
            let end = index + candidate.count
            if end < scalars.count, isWordScalar(asciiLower(scalars[end]) ?? scalars[end]) { continue }
            return (text, candidate.count)
        }
        return nil
    }

    @inline(__always)
    static func asciiLower(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar.value >= 0x41 && scalar.value <= 0x5A { return Unicode.Scalar(scalar.value + 32) }
        if scalar.isASCII { return scalar }
        let lowered = scalar.properties.lowercaseMapping.unicodeScalars
        return lowered.count == 1 ? lowered.first : scalar
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
    }

    @inline(__always)
    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII && scalar.value >= 0x2190 && scalar.properties.isEmoji
            && (scalar.properties.isEmojiPresentation || scalar.value >= 0x2600)
    }

    private static let whole: [String: [String]] = [
        "cant": ["can", "not"], "can't": ["can", "not"], "wont": ["will", "not"], "won't": ["will", "not"],
        "im": ["i", "am"], "i'm": ["i", "am"], "ive": ["i", "have"], "ill": ["i", "will"], "id": ["i", "would"],
        "dont": ["do", "not"], "doesnt": ["does", "not"], "didnt": ["did", "not"], "isnt": ["is", "not"],
        "wasnt": ["was", "not"], "arent": ["are", "not"], "werent": ["were", "not"], "havent": ["have", "not"],
        "hasnt": ["has", "not"], "couldnt": ["could", "not"], "shouldnt": ["should", "not"],
        "wouldnt": ["would", "not"], "aint": ["is", "not"],
        "wheres": ["where", "is"], "whats": ["what", "is"], "thats": ["that", "is"], "hows": ["how", "is"],
        "whos": ["who", "is"], "theres": ["there", "is"], "youre": ["you", "are"], "theyre": ["they", "are"],
        "u": ["you"], "ur": ["your"], "r": ["are"], "pls": ["please"], "plz": ["please"], "plse": ["please"],
        "thx": ["thanks"], "thnx": ["thanks"], "thanx": ["thanks"], "ty": ["thank", "you"], "tysm": ["thank", "you"],
        "acct": ["account"], "acc": ["account"], "msg": ["message"], "msgs": ["messages"], "txt": ["text"],
        "txts": ["texts"], "pkg": ["package"], "appt": ["appointment"], "appts": ["appointments"],
        "b4": ["before"], "2day": ["today"], "tmrw": ["tomorrow"], "tmr": ["tomorrow"], "tomm": ["tomorrow"],
        "rn": ["right", "now"], "asap": ["as", "soon", "as", "possible"], "bc": ["because"], "cuz": ["because"],
        "pw": ["password"], "pwd": ["password"], "info": ["information"], "yr": ["your"], "w/": ["with"],
    ]
    private static let isWords: Set<String> = ["it", "that", "what", "where", "who", "how", "there", "here", "he", "she"]

    private static let suffixes: [(String, String)] = [("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"), ("'m", "am")]

    private static func expand(_ word: String, into tokens: inout [String]) {
        if let mapped = whole[word] {
            tokens.append(contentsOf: mapped)
            return
        }
        // Only words with an apostrophe can be split below.
        guard word.utf8.contains(UInt8(ascii: "'")) else {
            tokens.append(word)
            return
        }
        if word.hasSuffix("n't"), word.count > 3 {
            tokens.append(String(word.dropLast(3)))
            tokens.append("not")
            return
        }
        for (suffix, replacement) in suffixes where word.hasSuffix(suffix) && word.count > suffix.count {
            tokens.append(String(word.dropLast(suffix.count)))
            tokens.append(replacement)
            return
        }
        if word.hasSuffix("'s"), word.count > 2 {
            let stem = String(word.dropLast(2))
            tokens.append(stem)
            if isWords.contains(stem) { tokens.append("is") }
            return
        }
        tokens.append(word)
    }
}
