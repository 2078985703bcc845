import Foundation

/// Everything the classifier says about one message.
public struct Classification: Sendable {
    /// The intent (or `oos`).
    public var intent: String
    /// Calibrated confidence in the intent, 0…1.
    public var confidence: Double
    /// The three most likely intents with their probabilities.
    public var intents: [(intent: String, score: Double)]
    /// Sentiment label.
    public var sentiment: SentimentLabel
    /// Sentiment score, -1…1.
    public var sentimentScore: Double
    /// Frustration, 0…1.
    public var frustration: Double
    /// Keyword categories that matched (agent_request, profanity, urgency).
    public var keywords: [String]
    /// The keyword rules that matched.
    public var matchedRules: [KeywordRules.Rule]

    /// Creates a classification (the classifier makes them; tests and other channels may too).
    /// - Parameters:
    ///   - intent: The intent.
    ///   - confidence: Confidence in it, 0…1.
    ///   - intents: The most likely intents with their probabilities.
    ///   - sentiment: The sentiment label.
    ///   - sentimentScore: The sentiment score, -1…1.
    ///   - frustration: Frustration, 0…1.
    ///   - keywords: Keyword categories that matched.
    ///   - matchedRules: The keyword rules that matched.
    public init(
        intent: String, confidence: Double, intents: [(intent: String, score: Double)] = [], sentiment: SentimentLabel = .neutral,
        sentimentScore: Double = 0, frustration: Double = 0, keywords: [String] = [], matchedRules: [KeywordRules.Rule] = []
    ) {
        self.intent = intent
        self.confidence = confidence
        self.intents = intents
        self.sentiment = sentiment
        self.sentimentScore = sentimentScore
        self.frustration = frustration
        self.keywords = keywords
        self.matchedRules = matchedRules
    }

    /// The keyword rules that matched, as `category:name`.
    public var keywordRules: [String] { matchedRules.map { "\($0.category):\($0.name)" } }
}

/// The classifier: intent, sentiment, frustration and keywords for one message, in microseconds.
///
/// ```swift
/// let classifier = Classifier(intents: model, sentiment: analyzer, keywords: rules)
/// let result = classifier.classify("this is the THIRD delay!!!")
/// result.intent, result.frustration
/// ```
public struct Classifier: Sendable {
    /// The intent model.
    public var intents: IntentModel
    /// The sentiment analyzer.
    public var sentiment: SentimentAnalyzer
    /// The keyword rules.
    public var keywords: KeywordRules

    /// Creates a classifier.
    /// - Parameters:
    ///   - intents: The intent model.
    ///   - sentiment: The sentiment analyzer.
    ///   - keywords: The keyword rules.
    public init(intents: IntentModel, sentiment: SentimentAnalyzer, keywords: KeywordRules) {
        self.intents = intents
        self.sentiment = sentiment
        self.keywords = keywords
    }

    /// Classifies a message.
    /// - Parameter text: The message.
    /// - Returns: Intent, sentiment, frustration and keywords.
    public func classify(_ text: String) -> Classification {
        let tokens = Tokenizer.tokens(text)
        let features = intents.hasher.features(tokens: tokens)
        let prediction = intents.predict(scores: intents.scores(features))
        let shared = sentiment.model?.metadata.features == intents.metadata.features
        let mood = sentiment.analyze(text, tokens: tokens, features: shared ? features : nil)
        let rules = keywords.matches(text)
        var categories: [String] = []
        for rule in rules where !categories.contains(rule.category) { categories.append(rule.category) }
        let frustration = Frustration.score(text: text, tokens: tokens, sentiment: mood.score, keywords: categories)
        return Classification(
            intent: prediction.label, confidence: prediction.confidence, intents: prediction.ranked.map { ($0.label, $0.score) },
            sentiment: mood.label, sentimentScore: mood.score, frustration: frustration, keywords: categories,
            matchedRules: rules)
    }
}

/// Frustration in 0…1 from negative sentiment, shouting (capitals), repeated `!`/`?`, profanity,
/// urgency and explicit requests for a person, combined as independent signals (noisy-or).
public enum Frustration {
    /// Scores one message.
    /// - Parameters:
    ///   - text: The original text (for capitals).
    ///   - tokens: Its tokens.
    ///   - sentiment: The sentiment score, -1…1.
    ///   - keywords: Matched keyword categories.
    /// - Returns: Frustration, 0…1.
    public static func score(text: String, tokens: [String], sentiment: Double, keywords: [String]) -> Double {
        var letters = 0, capitals = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                if value >= 0x41 && value <= 0x5A {
                    letters += 1
                    capitals += 1
                } else if value >= 0x61 && value <= 0x7A {
                    letters += 1
                }
            } else if scalar.properties.isAlphabetic {
                letters += 1
                if scalar.properties.isUppercase { capitals += 1 }
            }
        }
        // Shouting counts only in texts long enough to tell ("OK" is not shouting).
        let caps = letters >= 6 ? Double(capitals) / Double(letters) : 0
        let shouting = caps > 0.15 ? min(1, caps * 1.5) : 0
        // Runs of two or more ! or ? ("!!") count; a single mark does not.
        let marks = tokens.reduce(0) { $0 + ($1 == "!!" || $1 == "??" ? 3 : 0) }
        let punctuation = min(1, Double(marks) / 3)
        let signals: [(Double, Double)] = [
            (max(0, -sentiment), 0.75),
            (shouting, 0.5),
            (punctuation, 0.35),
            (keywords.contains("profanity") ? 1 : 0, 0.6),
            (keywords.contains("agent_request") ? 1 : 0, 0.3),
            (keywords.contains("urgency") ? 1 : 0, 0.2),
        ]
        let calm = signals.reduce(1.0) { $0 * (1 - $1.0 * $1.1) }
        return max(0, min(1, 1 - calm))
    }
}
