import FlowLanguage
import Foundation

/// A sentiment label.
public enum SentimentLabel: String, Sendable, Codable, CaseIterable {
    /// Unhappy, angry, disappointed.
    case negative
    /// Neither.
    case neutral
    /// Happy, grateful, pleased.
    case positive
}

/// The valence lexicon and its modifiers, as the project writes them in Corpus/lexicon.
public struct SentimentLexicon: Sendable {
    /// Word, emoji or phrase → valence in -4…4. Keys are tokens as ``Tokenizer`` makes them, joined
    /// by single spaces when there are several ("top notch", "thank you").
    public var valence: [String: Double] = [:]
    /// Words or phrases that flip the valence of what follows ("not happy", "no one").
    public var negators: Set<String> = []
    /// Word or phrase → boost (positive) or damp (negative) factor for what follows ("really", "kind of").
    public var intensifiers: [String: Double] = [:]
    /// Words after which sentiment weighs more than before ("but", "on the other hand").
    public var contrast: Set<String> = []

    /// Everything known about one token, so scoring looks each token up once.
    struct Entry {
        var valence: Double?
        /// Laughter, emoticons and emoji: "no idea lol" is still a laugh, so negators and intensifiers leave it alone.
        var unmodifiable = false
        var negator = false
        var intensifier: Double?
        var contrast = false
        /// An entry of several tokens starts with this token ("kind of", "on the other hand").
        var startsPhrase = false
    }

    /// An entry of several tokens, keyed by its first token.
    struct Phrase {
        /// The tokens after the first.
        var rest: [String]
        /// What the phrase's last token becomes (its other words lose any valence of their own).
        var entry: Entry
    }

    /// The four lists merged by key, with the regular inflections of the valence words: single
    /// tokens for lookup per token, and entries of several tokens ("top notch", "no one", "kind of",
    /// "on the other hand") as phrases by first token, longest first.
    func compiled() -> (entries: [String: Entry], phrases: [String: [Phrase]]) {
        var merged: [String: Entry] = [:]
        let reserved = negators.union(intensifiers.keys).union(contrast)
        for (key, value) in valenceWithInflections(reserved: reserved) { merged[key, default: Entry()].valence = value }
        for key in negators { merged[key, default: Entry()].negator = true }
        for (key, factor) in intensifiers { merged[key, default: Entry()].intensifier = factor }
        for key in contrast { merged[key, default: Entry()].contrast = true }
        var entries: [String: Entry] = [:]
        var phrases: [String: [Phrase]] = [:]
        for (key, entry) in merged {
            if key.contains(" ") {
                let tokens = key.split(separator: " ").map(String.init)
                phrases[tokens[0], default: []].append(Phrase(rest: Array(tokens.dropFirst()), entry: entry))
            } else {
                var entry = entry
                entry.unmodifiable = entry.valence != nil
                    && (Self.interjections.contains(key) || key.unicodeScalars.first.map({ !$0.properties.isAlphabetic }) == true)
                entries[key] = entry
            }
        }
        for first in phrases.keys { entries[first, default: Entry()].startsPhrase = true }
        let ordered = phrases.mapValues { $0.sorted { $0.rest.count > $1.rest.count || ($0.rest.count == $1.rest.count && $0.rest.lexicographicallyPrecedes($1.rest)) } }
        return (entries, ordered)
    }

    /// Laughs and kisses: their valence stands whatever precedes them.
    static let interjections: Set<String> = [
        "lol", "lols", "lolz", "lool", "lmao", "lmfao", "rofl", "roflmao", "haha", "hahaha", "hahah", "ahaha", "hehe",
        "hehehe", "heh", "ha", "teehee", "xo", "xoxo", "xox", "xx", "yay", "ugh", "omg", "wtf",
    ]

    /// An empty lexicon.
    public init() {}

    /// Parses the four lexicon files; each takes (path, contents). Problems come back with file:line.
    /// - Parameters:
    ///   - valence: `word<TAB>score` lines.
    ///   - negators: One word per line.
    ///   - intensifiers: `word<TAB>factor` lines.
    ///   - contrast: One word per line.
    /// - Returns: The lexicon and any problems.
    public static func parse(
        valence: (path: String, text: String), negators: (path: String, text: String),
        intensifiers: (path: String, text: String), contrast: (path: String, text: String)
    ) -> (SentimentLexicon, [Diagnostic]) {
        var lexicon = SentimentLexicon()
        var diagnostics: [Diagnostic] = []
        lexicon.valence = firstWins(pairs(valence, range: -4...4, diagnostics: &diagnostics))
        lexicon.intensifiers = firstWins(pairs(intensifiers, range: -1...1, diagnostics: &diagnostics))
        lexicon.negators = Set(words(negators, diagnostics: &diagnostics))
        lexicon.contrast = Set(words(contrast, diagnostics: &diagnostics))
        return (lexicon, diagnostics)
    }

    /// Entries by key where several lines give the same key: a line spelled as the key ("thanks")
    /// beats lines the tokenizer normalises to it ("thnx"), and otherwise the first line wins.
    private static func firstWins(_ entries: [(key: String, value: Double, exact: Bool)]) -> [String: Double] {
        var result: [String: (value: Double, exact: Bool)] = [:]
        for entry in entries {
            if let existing = result[entry.key], existing.exact || !entry.exact { continue }
            result[entry.key] = (entry.value, entry.exact)
        }
        return result.mapValues(\.value)
    }

    /// The key of an entry: its tokens joined by spaces; nil (with a problem at the line) when the
    /// tokenizer keeps nothing of it, or only digits, which would match any number.
    private static func key(_ text: String, path: String, line: Int, diagnostics: inout [Diagnostic]) -> String? {
        let tokens = Tokenizer.tokens(text)
        if tokens.isEmpty || tokens.allSatisfy({ $0.allSatisfy { $0 == "0" } }) {
            diagnostics.append(DiagnosticCode.corpusProblem("'\(text)' has no word a message could match (digits alone would match any number)", at: SourceLocation(file: path, line: line, column: 1)))
            return nil
        }
        return tokens.joined(separator: " ")
    }

    private static func lines(_ file: (path: String, text: String)) -> [(Int, String)] {
        file.text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated().compactMap { index, raw in
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let trimmed = line.trimmingWhitespace()
            return trimmed.isEmpty || trimmed.hasPrefix("#") ? nil : (index + 1, line)
        }
    }

    private static func words(_ file: (path: String, text: String), diagnostics: inout [Diagnostic]) -> [String] {
        lines(file).compactMap { number, line in key(line.trimmingWhitespace(), path: file.path, line: number, diagnostics: &diagnostics) }
    }

    private static func pairs(_ file: (path: String, text: String), range: ClosedRange<Double>, diagnostics: inout [Diagnostic]) -> [(key: String, value: Double, exact: Bool)] {
        var result: [(key: String, value: Double, exact: Bool)] = []
        for (number, line) in lines(file) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            guard fields.count == 2, !fields[0].isEmpty, let value = Double(fields[1]), range.contains(value) else {
                diagnostics.append(DiagnosticCode.corpusProblem("expected 'word<TAB>number' with the number in \(range.lowerBound)…\(range.upperBound)", at: SourceLocation(file: file.path, line: number, column: 1)))
                continue
            }
            // Key by the tokens the tokenizer makes, so "don't", "top-notch" and "thnx" entries match messages.
            guard let key = key(fields[0], path: file.path, line: number, diagnostics: &diagnostics) else { continue }
            result.append((key, value, key == fields[0].lowercased()))
        }
        return result
    }
}

/// The result of sentiment analysis.
public struct SentimentResult: Sendable, Equatable {
    /// The label.
    public var label: SentimentLabel
    /// The combined score in -1…1.
    public var score: Double
    /// The lexicon's part alone (VADER-style compound), in -1…1.
    public var lexiconScore: Double
}

/// Sentiment from the valence lexicon (negation, intensifiers, contrast, "!!!", emoji) combined
/// with a linear model trained on Corpus/sentiment.
public struct SentimentAnalyzer: Sendable {
    /// The lexicon.
    public var lexicon: SentimentLexicon {
        didSet { (entries, phrases) = lexicon.compiled() }
    }
    private var entries: [String: SentimentLexicon.Entry]
    private var phrases: [String: [SentimentLexicon.Phrase]]
    /// The trained three-class model, if any.
    public var model: IntentModel?
    /// Weight of the lexicon score in the combination (the model gets the rest).
    public var lexiconWeight = 0.8
    /// Scores at or beyond ±this are positive or negative (texts without a lexicon word need ±0.15).
    /// A lexicon word that survives negation and contrast is a signal even when weak: on the tweet and
    /// review ground truths ±0.02 beats VADER's ±0.05, and "hi", "order 123" stay neutral either way.
    public var neutralBand = 0.02

    /// Creates an analyzer.
    /// - Parameters:
    ///   - lexicon: The lexicon.
    ///   - model: A model trained on negative/neutral/positive examples.
    public init(lexicon: SentimentLexicon, model: IntentModel?) {
        self.lexicon = lexicon
        (self.entries, self.phrases) = lexicon.compiled()
        self.model = model
    }

    /// Analyzes a text.
    /// - Parameter text: The text.
    /// - Returns: The label and scores.
    public func analyze(_ text: String) -> SentimentResult {
        analyze(text, tokens: Tokenizer.tokens(text))
    }

    func analyze(_ text: String, tokens: [String], features: SparseFeatures? = nil) -> SentimentResult {
        let compound = lexiconScore(tokens)
        var score = compound
        if let model {
            let probabilities = IntentModel.softmax(model.scores(features ?? model.hasher.features(tokens: tokens)), temperature: model.metadata.temperature)
            let labels = model.labels
            let positive = labels.firstIndex(of: "positive").map { probabilities[$0] } ?? 0
            let negative = labels.firstIndex(of: "negative").map { probabilities[$0] } ?? 0
            let neutral = labels.firstIndex(of: "neutral").map { probabilities[$0] } ?? 0
            // The model speaks only when it does not think the text neutral.
            let lean = neutral >= max(positive, negative) ? 0 : positive - negative
            score = lexiconWeight * compound + (1 - lexiconWeight) * lean
        }
        // Without a single lexicon word, the model alone must be sure before a text counts as non-neutral.
        let band = compound == 0 ? max(neutralBand, 0.15) : neutralBand
        let label: SentimentLabel = score >= band ? .positive : (score <= -band ? .negative : .neutral)
        return SentimentResult(label: label, score: max(-1, min(1, score)), lexiconScore: compound)
    }

    /// VADER-style compound score from the lexicon alone.
    func lexiconScore(_ tokens: [String]) -> Double {
        var found = tokens.map { entries[$0] }
        var index = 0
        while index < found.count {
            if found[index]?.startsPhrase == true, let length = matchPhrase(tokens, at: index, found: &found) {
                index += length
            } else {
                index += 1
            }
        }
        // A contrast word shifts the weight only when sentiment follows it ("great, is it here yet" stays great).
        let contrastAt = found.lastIndex { $0?.contrast == true }.flatMap { at in
            found[(at + 1)...].contains { ($0?.valence ?? 0) != 0 } ? at : nil
        }
        var sum = 0.0
        var exclamations = 0
        for (index, token) in tokens.enumerated() {
            if token == "!" { exclamations += 1 } else if token == "!!" { exclamations += 3 }
            guard let entry = found[index], var valence = entry.valence else { continue }
            if entry.negator && !Self.negatorCounts(at: index, found) { continue }
            // "pretty", "damn", "mad" boost a sentiment word right after them instead of adding their own.
            if entry.intensifier != nil, index + 1 < found.count, (found[index + 1]?.valence ?? 0) != 0 { continue }
            for back in 1...3 where index - back >= 0 && !entry.unmodifiable && !entry.negator {
                guard let previous = found[index - back] else { continue }
                if let factor = previous.intensifier {
                    valence += (valence > 0 ? 1 : -1) * factor * (1 - 0.05 * Double(back - 1))
                }
                if previous.negator {
                    valence *= -0.74
                    break
                }
            }
            if let contrastAt { valence *= index < contrastAt ? 0.5 : (index > contrastAt ? 1.5 : 1) }
            sum += valence
        }
        if sum != 0 { sum += (sum > 0 ? 1 : -1) * 0.292 * Double(min(exclamations, 4)) }
        return sum / (sum * sum + 15).squareRoot()
    }

    /// Replaces an entry of several tokens starting at `index` by its entry on the last word ("kind
    /// of happy" damps "happy" instead of scoring "kind"); returns its length.
    private func matchPhrase(_ tokens: [String], at index: Int, found: inout [SentimentLexicon.Entry?]) -> Int? {
        guard let candidates = phrases[tokens[index]] else { return nil }
        for phrase in candidates where index + phrase.rest.count < tokens.count {
            guard tokens[(index + 1)...(index + phrase.rest.count)].elementsEqual(phrase.rest) else { continue }
            for position in index..<(index + phrase.rest.count) { found[position] = nil }
            found[index + phrase.rest.count] = phrase.entry
            return phrase.rest.count + 1
        }
        return nil
    }

    /// Whether a negator with a valence of its own ("no") adds it: only when it negates nothing in
    /// the next three tokens and does not open the message. "still no refund" and "err no" lean
    /// negative; "no problem" is a negated problem; "no, the other address" (an answer) stays neutral.
    private static func negatorCounts(at index: Int, _ found: [SentimentLexicon.Entry?]) -> Bool {
        guard index > 0 else { return false }
        let following = found[(index + 1)..<min(found.count, index + 4)]
        return !following.contains { entry in (entry?.valence ?? 0) != 0 && entry?.negator != true }
    }
}

/// The VADER-format ground truth: `id<TAB>mean rating (-4…4)<TAB>text` per line.
public enum SentimentGroundTruth {
    /// One rated text.
    public struct Row: Sendable {
        /// The mean human rating, -4…4.
        public var rating: Double
        /// The text.
        public var text: String
    }

    /// Parses the file.
    /// - Parameters:
    ///   - text: The contents.
    ///   - path: The path, for errors.
    /// - Returns: The rows.
    /// - Throws: A ``Diagnostic``-rendered error for a malformed line.
    public static func parse(_ text: String, path: String) throws -> [Row] {
        var rows: [Row] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let rating = Double(fields[1]) else {
                throw GroundTruthError(description: "\(path):\(index + 1): expected 'id<TAB>rating<TAB>text'")
            }
            rows.append(Row(rating: rating, text: String(fields[2])))
        }
        return rows
    }

    /// The three-class label of a mean rating: above 0.05 positive, below -0.05 negative.
    /// - Parameter rating: The mean rating.
    /// - Returns: The label.
    public static func label(_ rating: Double) -> SentimentLabel {
        rating > 0.05 ? .positive : (rating < -0.05 ? .negative : .neutral)
    }

    /// A malformed ground-truth line.
    public struct GroundTruthError: Error, CustomStringConvertible, Sendable {
        /// `path:line: problem`.
        public var description: String
    }
}
