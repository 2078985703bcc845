/// Classification metrics: accuracy, macro-F1, per-label precision and recall, the most confused
/// pairs and, with an out-of-scope label, in-scope accuracy and out-of-scope recall.
public struct Evaluation: Sendable {
    /// Precision and recall of one label.
    public struct LabelScore: Sendable {
        /// The label.
        public var label: String
        /// Precision.
        public var precision: Double
        /// Recall.
        public var recall: Double
        /// F1.
        public var f1: Double
        /// Gold examples of the label.
        public var support: Int
    }

    /// Fraction of exact matches.
    public var accuracy: Double
    /// Mean F1 over gold labels.
    public var macroF1: Double
    /// Per-label scores, by label.
    public var labels: [LabelScore]
    /// (gold, predicted, count), most frequent first.
    public var confusions: [(gold: String, predicted: String, count: Int)]
    /// Accuracy over examples whose gold label is not out of scope (nil without such a label).
    public var inScopeAccuracy: Double?
    /// Recall of the out-of-scope label.
    public var outOfScopeRecall: Double?
    /// How many examples.
    public var count: Int

    /// Computes the metrics.
    /// - Parameters:
    ///   - gold: Gold labels.
    ///   - predicted: Predicted labels, parallel to `gold`.
    ///   - outOfScopeLabel: The out-of-scope label, if the data has one.
    public init(gold: [String], predicted: [String], outOfScopeLabel: String?) {
        count = gold.count
        let pairs = zip(gold, predicted)
        accuracy = count == 0 ? 0 : Double(pairs.filter { $0 == $1 }.count) / Double(count)
        var truePositive: [String: Int] = [:], predictedCount: [String: Int] = [:], goldCount: [String: Int] = [:]
        var confusion: [String: Int] = [:]
        for (g, p) in pairs {
            goldCount[g, default: 0] += 1
            predictedCount[p, default: 0] += 1
            if g == p { truePositive[g, default: 0] += 1 } else { confusion["\(g)\u{1}\(p)", default: 0] += 1 }
        }
        labels = goldCount.keys.sorted().map { label in
            let tp = Double(truePositive[label] ?? 0)
            let precision = tp / Double(max(predictedCount[label] ?? 0, 1))
            let recall = tp / Double(goldCount[label]!)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return LabelScore(label: label, precision: precision, recall: recall, f1: f1, support: goldCount[label]!)
        }
        macroF1 = labels.isEmpty ? 0 : labels.map(\.f1).reduce(0, +) / Double(labels.count)
        confusions = confusion.map { key, count in
            let parts = key.split(separator: "\u{1}").map(String.init)
            return (parts[0], parts[1], count)
        }.sorted { ($0.count, $1.gold, $1.predicted) > ($1.count, $0.gold, $0.predicted) }
        if let oos = outOfScopeLabel, goldCount[oos] != nil {
            let inScope = pairs.filter { $0.0 != oos }
            inScopeAccuracy = inScope.isEmpty ? nil : Double(inScope.filter { $0 == $1 }.count) / Double(inScope.count)
            outOfScopeRecall = Double(truePositive[oos] ?? 0) / Double(goldCount[oos]!)
        }
    }
}
