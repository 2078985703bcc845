import Foundation

/// Turns an SMS into normalised tokens: case-folded, repeated letters squeezed ("soooo" → "soo"),
/// contractions and common SMS abbreviations expanded ("cant" → "can not", "pls" → "please",
/// "gr8" → "great"), other digits replaced by `0`, emoji and emoticons kept as tokens, and `!` / `?`
/// runs kept as `!`, `!!`, `?`, `??`.
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
        var hasDigit = false

        func flushWord() {
            guard !word.isEmpty else { return }
            var text = String(word)
            while text.hasSuffix("'") { text.removeLast() }
            while text.hasPrefix("'") { text.removeFirst() }
            if !text.isEmpty { expand(text, hasDigit: hasDigit, into: &tokens) }
            word = String.UnicodeScalarView()
            repeats = 0
            lastLetter = " "
            hasDigit = false
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
            if emoticonStarts.contains(original),
                word.isEmpty ? (!original.properties.isAlphabetic || original == "x" || original == "X") : afterWordStarts.contains(original),
                let emoticon = emoticon(in: scalars, at: position - 1, afterWord: !word.isEmpty)
            {
                flushWord()
                flushPunctuation()
                tokens.append(emoticon.text)
                position += emoticon.length - 1
                continue
            }
            var scalar = straightened(original)
            if let ascii = asciiLower(scalar) { scalar = ascii }
            if isWordScalar(scalar) || (scalar == "'" && !word.isEmpty) {
                flushPunctuation()
                let isDigit = scalar.properties.numericType == .decimal
                hasDigit = hasDigit || isDigit
                if scalar == lastLetter {
                    repeats += 1
                    if repeats >= 2 && !isDigit { continue }
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

    /// Emoticons that may touch the word before them ("thanks:)", "ok:(").
    private static let afterWordStarts: Set<Unicode.Scalar> = [":", ";", "="]

    /// The emoticon starting at `index`, when it stands alone: not followed by a letter or digit, and
    /// when it touches a word before it (`afterWord`), followed by a space, the end or `!?.,` — so
    /// "http://" is no ":/". "<3" takes any further 3s ("<333").
    private static func emoticon(in scalars: [Unicode.Scalar], at index: Int, afterWord: Bool) -> (text: String, length: Int)? {
        if !afterWord, index > 0, isWordScalar(asciiLower(scalars[index - 1]) ?? scalars[index - 1]) { return nil }
        for (text, candidate) in emoticonsByStart[scalars[index]] ?? [] where index + candidate.count <= scalars.count {
            var matches = true
            for offset in 0..<candidate.count where scalars[index + offset] != candidate[offset] {
                matches = false
                break
            }
            guard matches else { continue }
            var end = index + candidate.count
            if text == "<3" { while end < scalars.count && scalars[end] == "3" { end += 1 } }
            if end < scalars.count {
                let next = scalars[end]
                if isWordScalar(asciiLower(next) ?? next) { continue }
                if afterWord && !(next.properties.isWhitespace || "!?.,".unicodeScalars.contains(next)) { continue }
            }
            return (text, end - index)
        }
        return nil
    }

    /// `'` for the apostrophes phone keyboards and chat apps type instead (`’`, `‘`, a backtick);
    /// any other scalar as it is.
    @inline(__always)
    static func straightened(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar == "\u{2019}" || scalar == "\u{2018}" || scalar == "`" ? "'" : scalar
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
        "b4": ["before"], "2day": ["today"], "2nite": ["tonight"], "2moro": ["tomorrow"], "l8r": ["later"], "l8": ["late"],
        "gr8": ["great"], "h8": ["hate"], "w8": ["wait"], "any1": ["anyone"], "some1": ["someone"], "tmrw": ["tomorrow"], "tmr": ["tomorrow"], "tomm": ["tomorrow"],
        "rn": ["right", "now"], "asap": ["as", "soon", "as", "possible"], "bc": ["because"], "cuz": ["because"],
        "pw": ["password"], "pwd": ["password"], "info": ["information"], "yr": ["your"], "w/": ["with"],
    ]
    private static let isWords: Set<String> = ["it", "that", "what", "where", "who", "how", "there", "here", "he", "she"]

    private static let suffixes: [(String, String)] = [("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"), ("'m", "am")]

    /// Expands contractions and SMS abbreviations (looked up with their digits: "b4", "gr8"), and
    /// replaces every other digit by `0`.
    private static func expand(_ original: String, hasDigit: Bool, into tokens: inout [String]) {
        if let mapped = whole[original] {
            tokens.append(contentsOf: mapped)
            return
        }
        var word = original
        if hasDigit {
            var scalars = String.UnicodeScalarView()
            for scalar in original.unicodeScalars { scalars.append(scalar.properties.numericType == .decimal ? "0" : scalar) }
            word = String(scalars)
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
