/// What a classifier made of an inbound message; an input to the interpreter.
public struct Understanding: Sendable, Equatable, Codable {
    /// The most likely intent, e.g. `order_status`.
    public var intent: String?
    /// The classifier's confidence in `intent`, 0…1.
    public var confidence: Double
    /// `negative`, `neutral` or `positive`.
    public var sentiment: String?
    /// Sentiment score in -1…1.
    public var sentimentScore: Double

    /// Creates a classification result.
    /// - Parameters:
    ///   - intent: The most likely intent.
    ///   - confidence: Confidence in the intent, 0…1.
    ///   - sentiment: The sentiment label.
    ///   - sentimentScore: The sentiment score, -1…1.
    public init(intent: String? = nil, confidence: Double = 0, sentiment: String? = nil, sentimentScore: Double = 0) {
        self.intent = intent
        self.confidence = confidence
        self.sentiment = sentiment
        self.sentimentScore = sentimentScore
    }
}
