import FlowRuntime
import TextClassifier

extension Classification {
    /// What the interpreter needs from a classification. An empty intent (a supplied
    /// classification that names none) is no intent.
    public var understanding: Understanding {
        Understanding(intent: intent.isEmpty ? nil : intent, confidence: confidence, sentiment: sentiment.rawValue, sentimentScore: sentimentScore)
    }
}
