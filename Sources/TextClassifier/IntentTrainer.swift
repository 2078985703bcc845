import Foundation

/// A text with its label.
public struct LabeledText: Sendable, Equatable {
    /// The text.
    public var text: String
    /// The label (an intent name).
    public var label: String
    /// Where it came from, e.g. `Corpus/intents/billing.txt:12`.
    public var source: String

    /// Creates an example.
    /// - Parameters:
    ///   - text: The text.
    ///   - label: The label.
    ///   - source: Where it came from.
    public init(text: String, label: String, source: String = "") {
        self.text = text
        self.label = label
        self.source = source
    }
}

/// Trains ``IntentModel``s: features, one-vs-rest linear SVMs, calibration of confidence and the
/// out-of-scope threshold from held-out predictions. Deterministic for a given seed.
///
/// ```swift
/// let trainer = IntentTrainer()
/// let model = trainer.train(examples, corpusHash: hash, folds: 5)
/// model.predict("where's my package").label   // "order_status"
/// ```
public struct IntentTrainer: Sendable {
    /// Feature settings.
    public var features = FeatureConfig()
    /// SVM regularisation (larger fits the training data more closely).
    public var c: Float = 0.5
    /// Seed for shuffles and folds.
    public var seed: UInt64 = 42
    /// The label meaning "out of scope".
    public var outOfScopeLabel = "oos"
    /// The out-of-scope recall the threshold aims for on held-out data.
    public var targetOutOfScopeRecall = 0.85

    /// A trainer with default settings.
    public init() {}

    /// Held-out predictions from cross-validation.
    public struct HeldOut: Sendable {
        /// Gold labels.
        public var gold: [String]
        /// Scores per example (label order of `labels`).
        public var scores: [[Float]]
        /// The label order.
        public var labels: [String]

        /// Creates held-out predictions.
        /// - Parameters:
        ///   - gold: Gold labels.
        ///   - scores: Scores per example.
        ///   - labels: The label order of the scores.
        public init(gold: [String], scores: [[Float]], labels: [String]) {
            self.gold = gold
            self.scores = scores
            self.labels = labels
        }

        /// The top-scoring label of each example (no out-of-scope threshold).
        public var predicted: [String] {
            scores.map { row in row.indices.max { row[$0] < row[$1] }.map { labels[$0] } ?? "" }
        }
    }

    struct Prepared {
        var labels: [String]
        var features: [SparseFeatures]
        var classOf: [Int]
        var rowOf: [UInt32: Int32]
        var indices: [[Int32]]
    }

    func prepare(_ examples: [LabeledText]) -> Prepared {
        let hasher = FeatureHasher(config: features)
        let labels = Array(Set(examples.map(\.label))).sorted()
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let extracted = examples.map { hasher.features(of: $0.text) }
        var rowOf: [UInt32: Int32] = [:]
        var indices: [[Int32]] = []
        indices.reserveCapacity(extracted.count)
        for vector in extracted {
            indices.append(vector.buckets.map { bucket in
                if let row = rowOf[bucket] { return row }
                let row = Int32(rowOf.count)
                rowOf[bucket] = row
                return row
            })
        }
        return Prepared(labels: labels, features: extracted, classOf: examples.map { labelIndex[$0.label]! }, rowOf: rowOf, indices: indices)
    }

    private func fit(_ prepared: Prepared, subset: [Int]) -> (weights: [Float], bias: [Float]) {
        let data = Dataset(
            indices: subset.map { prepared.indices[$0] }, values: subset.map { prepared.features[$0].values },
            labels: subset.map { prepared.classOf[$0] }, featureCount: prepared.rowOf.count,
            classCount: prepared.labels.count)
        return LinearSVM.train(data, parameters: LinearSVM.Parameters(c: c, seed: seed))
    }

    private func score(_ prepared: Prepared, example: Int, weights: [Float], bias: [Float]) -> [Float] {
        let classes = bias.count
        var result = bias
        for (row, value) in zip(prepared.indices[example], prepared.features[example].values) {
            let base = Int(row) * classes
            for c in 0..<classes { result[c] += weights[base + c] * value }
        }
        return result
    }

    /// Stratified k-fold cross-validation.
    /// - Parameters:
    ///   - examples: Labelled texts.
    ///   - folds: Number of folds (≥ 2).
    ///   - progress: Called with a line per fold.
    /// - Returns: The held-out scores of every example.
    public func crossValidate(_ examples: [LabeledText], folds: Int, progress: ((String) -> Void)? = nil) -> HeldOut {
        let prepared = prepare(examples)
        return crossValidate(prepared, folds: folds, progress: progress)
    }

    func crossValidate(_ prepared: Prepared, folds: Int, progress: ((String) -> Void)?) -> HeldOut {
        let foldOf = Self.stratifiedFolds(prepared.classOf, folds: folds, seed: seed)
        var scores = [[Float]](repeating: [], count: prepared.classOf.count)
        for fold in 0..<folds {
            progress?("cross-validation fold \(fold + 1)/\(folds)")
            let train = prepared.classOf.indices.filter { foldOf[$0] != fold }
            let (weights, bias) = fit(prepared, subset: train)
            for example in prepared.classOf.indices where foldOf[example] == fold {
                scores[example] = score(prepared, example: example, weights: weights, bias: bias)
            }
        }
        return HeldOut(gold: prepared.classOf.map { prepared.labels[$0] }, scores: scores, labels: prepared.labels)
    }

    /// Trains a model on all examples; with `folds` ≥ 2 it first cross-validates to calibrate the
    /// confidence and choose the out-of-scope threshold, and records the cross-validated accuracy.
    /// - Parameters:
    ///   - examples: Labelled texts.
    ///   - corpusHash: The hash of the training data, stored in the model.
    ///   - folds: Cross-validation folds (0 to skip; then default calibration, no threshold).
    ///   - heldOut: Held-out predictions to calibrate from instead of cross-validating (e.g. a validation set).
    ///   - progress: Called with progress lines.
    /// - Returns: The model.
    public func train(
        _ examples: [LabeledText], corpusHash: String, folds: Int = 5, heldOut: HeldOut? = nil,
        progress: ((String) -> Void)? = nil
    ) -> IntentModel {
        let prepared = prepare(examples)
        var temperature = 0.3
        var threshold: Double?
        var accuracy: Double?
        let validation = heldOut ?? (folds >= 2 ? crossValidate(prepared, folds: folds, progress: progress) : nil)
        if let validation {
            temperature = Calibration.temperature(validation)
            threshold = Calibration.outOfScopeThreshold(validation, label: outOfScopeLabel, targetRecall: targetOutOfScopeRecall)
            if heldOut == nil {
                accuracy = Evaluation(gold: validation.gold, predicted: validation.scores.map { validation.labels[Calibration.argmax($0)] }, outOfScopeLabel: nil).accuracy
            }
        }
        progress?("training on \(examples.count) examples, \(prepared.labels.count) classes, \(prepared.rowOf.count) features")
        let (weights, bias) = fit(prepared, subset: Array(prepared.classOf.indices))
        var rows = [Int32](repeating: -1, count: 1 << features.bits)
        for (bucket, row) in prepared.rowOf { rows[Int(bucket)] = row }
        let metadata = IntentModel.Metadata(
            labels: prepared.labels, features: features, temperature: temperature,
            outOfScopeLabel: prepared.labels.contains(outOfScopeLabel) ? outOfScopeLabel : nil,
            outOfScopeThreshold: prepared.labels.contains(outOfScopeLabel) ? threshold : nil,
            corpusHash: corpusHash, exampleCount: examples.count, crossValidatedAccuracy: accuracy)
        return IntentModel(metadata: metadata, rows: rows, weights: weights, bias: bias)
    }

    /// Assigns each example a fold, class by class, after a seeded shuffle.
    static func stratifiedFolds(_ classes: [Int], folds: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        var byClass: [Int: [Int]] = [:]
        for (index, label) in classes.enumerated() { byClass[label, default: []].append(index) }
        var foldOf = [Int](repeating: 0, count: classes.count)
        var next = 0
        for label in byClass.keys.sorted() {
            var members = byClass[label]!
            members.shuffle(using: &generator)
            for member in members {
                foldOf[member] = next % folds
                next += 1
            }
        }
        return foldOf
    }
}

/// Fits the softmax temperature and the out-of-scope threshold on held-out scores.
enum Calibration {
    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// The temperature minimising the negative log-likelihood of the gold labels.
    static func temperature(_ heldOut: IntentTrainer.HeldOut) -> Double {
        let labelIndex = Dictionary(uniqueKeysWithValues: heldOut.labels.enumerated().map { ($1, $0) })
        var best = (temperature: 0.3, loss: Double.infinity)
        for step in 1...100 {
            let temperature = Double(step) * 0.02
            var loss = 0.0
            for (scores, gold) in zip(heldOut.scores, heldOut.gold) {
                let probabilities = IntentModel.softmax(scores, temperature: temperature)
                loss -= log(max(probabilities[labelIndex[gold]!], 1e-12))
            }
            if loss < best.loss { best = (temperature, loss) }
        }
        return best.temperature
    }

    /// The threshold on the best in-scope margin that keeps out-of-scope recall at the target with
    /// the best in-scope accuracy; `nil` when there is no out-of-scope label.
    static func outOfScopeThreshold(_ heldOut: IntentTrainer.HeldOut, label: String, targetRecall: Double) -> Double? {
        guard let oos = heldOut.labels.firstIndex(of: label) else { return nil }
        var candidates: [(margin: Float, isOOS: Bool, correctInScope: Bool, predictedOOS: Bool)] = []
        for (scores, gold) in zip(heldOut.scores, heldOut.gold) {
            var bestIn = oos == 0 ? 1 : 0
            for index in scores.indices where index != oos && scores[index] > scores[bestIn] { bestIn = index }
            let top = argmax(scores)
            candidates.append((scores[bestIn], gold == label, heldOut.labels[bestIn] == gold, top == oos))
        }
        let oosCount = candidates.filter(\.isOOS).count
        let inCount = candidates.count - oosCount
        guard oosCount > 0, inCount > 0 else { return nil }
        let margins = Array(Set(candidates.map(\.margin))).sorted()
        var bestFeasible: (threshold: Double, accuracy: Double)?
        var bestSum: (threshold: Double, sum: Double) = (-.infinity, -1)
        var step = max(1, margins.count / 400)
        if margins.count < 400 { step = 1 }
        for index in stride(from: 0, to: margins.count, by: step) {
            let threshold = Double(margins[index])
            var recalled = 0, correct = 0
            for candidate in candidates {
                let saysOOS = candidate.predictedOOS || Double(candidate.margin) < threshold
                if candidate.isOOS { if saysOOS { recalled += 1 } } else if !saysOOS && candidate.correctInScope { correct += 1 }
            }
            let recall = Double(recalled) / Double(oosCount), accuracy = Double(correct) / Double(inCount)
            if recall >= targetRecall, accuracy > (bestFeasible?.accuracy ?? -1) { bestFeasible = (threshold, accuracy) }
            if recall + accuracy > bestSum.sum { bestSum = (threshold, recall + accuracy) }
        }
        return bestFeasible?.threshold ?? bestSum.threshold
    }
}
