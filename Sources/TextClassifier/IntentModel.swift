import Foundation

/// A trained intent model: labels, feature settings, weights, calibration and the out-of-scope
/// threshold, with the hash of the corpus it was trained from. Encodes to a versioned binary file.
public struct IntentModel: Sendable {
    /// The file format version this build writes and reads.
    public static let formatVersion: UInt32 = 2
    private static let magic: [UInt8] = Array("SBIM".utf8)

    /// Everything except the arrays, stored as JSON in the file's header.
    public struct Metadata: Codable, Sendable, Equatable {
        /// Class labels in score order.
        public var labels: [String]
        /// Feature settings.
        public var features: FeatureConfig
        /// Softmax temperature applied to SVM scores for calibrated confidence.
        public var temperature: Double
        /// The label meaning "out of scope", if the data had one.
        public var outOfScopeLabel: String?
        /// Below this top in-scope score the prediction is out of scope.
        public var outOfScopeThreshold: Double?
        /// A hash of the training data (the corpus files, or a CSV file).
        public var corpusHash: String
        /// How many examples it was trained on.
        public var exampleCount: Int
        /// Cross-validated accuracy measured when it was trained, if any.
        public var crossValidatedAccuracy: Double?
    }

    /// The metadata.
    public var metadata: Metadata
    /// Feature bucket → row in `weights`, or -1.
    let rows: [Int32]
    /// Row-major weights: `weights[row * classCount + class]`.
    let weights: [Float]
    /// Per-class bias.
    let bias: [Float]
    let hasher: FeatureHasher

    init(metadata: Metadata, rows: [Int32], weights: [Float], bias: [Float]) {
        self.metadata = metadata
        self.rows = rows
        self.weights = weights
        self.bias = bias
        self.hasher = FeatureHasher(config: metadata.features)
    }

    /// The class labels.
    public var labels: [String] { metadata.labels }

    /// Raw SVM scores per class (margins), in label order.
    /// - Parameter text: The message.
    /// - Returns: One score per label.
    public func scores(_ text: String) -> [Float] {
        scores(hasher.features(of: text))
    }

    func scores(_ features: SparseFeatures) -> [Float] {
        let classes = bias.count
        var result = bias
        result.withUnsafeMutableBufferPointer { out in
            weights.withUnsafeBufferPointer { w in
                rows.withUnsafeBufferPointer { rowOf in
                    for (bucket, value) in zip(features.buckets, features.values) {
                        let row = rowOf[Int(bucket)]
                        if row < 0 { continue }
                        let base = Int(row) * classes
                        for c in 0..<classes { out[c] += w[base + c] * value }
                    }
                }
            }
        }
        return result
    }

    /// A prediction: the best label (or the out-of-scope label), its calibrated confidence and
    /// the top three labels with their probabilities.
    public struct Prediction: Sendable, Equatable {
        /// The predicted label.
        public var label: String
        /// Calibrated probability of `label` (for out-of-scope by threshold, 1 − the best in-scope probability).
        public var confidence: Double
        /// The three most likely labels, best first.
        public var ranked: [(label: String, score: Double)]
        /// The highest in-scope SVM margin.
        public var margin: Double

        /// Compares label, confidence and margin.
        public static func == (lhs: Prediction, rhs: Prediction) -> Bool {
            lhs.label == rhs.label && lhs.confidence == rhs.confidence && lhs.margin == rhs.margin
        }
    }

    /// Predicts the label of a message.
    /// - Parameters:
    ///   - text: The message.
    ///   - useThreshold: Whether to apply the out-of-scope threshold.
    /// - Returns: The prediction.
    public func predict(_ text: String, useThreshold: Bool = true) -> Prediction {
        predict(scores: scores(text), useThreshold: useThreshold)
    }

    func predict(scores: [Float], useThreshold: Bool = true) -> Prediction {
        let probabilities = Self.softmax(scores, temperature: metadata.temperature)
        // The three best by a linear scan (ties keep label order).
        var order: [Int] = []
        for index in scores.indices {
            var position = order.count
            while position > 0 && scores[order[position - 1]] < scores[index] { position -= 1 }
            if position < 3 {
                order.insert(index, at: position)
                if order.count > 3 { order.removeLast() }
            }
        }
        let ranked = order.map { (labels[$0], probabilities[$0]) }
        let oosIndex = metadata.outOfScopeLabel.flatMap { labels.firstIndex(of: $0) }
        var bestInScope = order[0]
        if bestInScope == oosIndex {
            bestInScope = scores.indices.filter { $0 != oosIndex }.max { scores[$0] < scores[$1] } ?? order[0]
        }
        let margin = Double(scores[bestInScope])
        if useThreshold, let oos = metadata.outOfScopeLabel, let threshold = metadata.outOfScopeThreshold,
            order[0] != oosIndex, margin < threshold
        {
            return Prediction(label: oos, confidence: 1 - probabilities[bestInScope], ranked: ranked, margin: margin)
        }
        return Prediction(label: labels[order[0]], confidence: probabilities[order[0]], ranked: ranked, margin: margin)
    }

    static func softmax(_ scores: [Float], temperature: Double) -> [Double] {
        let maximum = Double(scores.max() ?? 0)
        let exps = scores.map { exp((Double($0) - maximum) / temperature) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    // MARK: File format

    /// A model file that cannot be read.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// Encodes the model: magic, version, header length, JSON header, then the arrays (little-endian;
    /// weights in half precision).
    /// - Returns: The file contents.
    public func encoded() -> Data {
        var data = Data(Self.magic)
        var version = Self.formatVersion.littleEndian
        data.append(Data(bytes: &version, count: 4))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = (try? encoder.encode(metadata)) ?? Data()
        var headerLength = UInt32(header.count).littleEndian
        data.append(Data(bytes: &headerLength, count: 4))
        data.append(header)
        // Only the used buckets are stored: (bucket, row) pairs.
        var pairs: [(UInt32, Int32)] = []
        for (bucket, row) in rows.enumerated() where row >= 0 { pairs.append((UInt32(bucket), row)) }
        Self.append(UInt32(pairs.count), to: &data)
        for (bucket, row) in pairs {
            Self.append(bucket, to: &data)
            Self.append(UInt32(bitPattern: row), to: &data)
        }
        Self.append(UInt32(bias.count), to: &data)
        for value in bias { Self.append(value.bitPattern, to: &data) }
        // Weights as IEEE half precision: half the file, no measurable change in accuracy.
        Self.append(UInt32(weights.count), to: &data)
        var halves = [UInt8]()
        halves.reserveCapacity(weights.count * 2)
        for weight in weights {
            let bits = Float16(weight).bitPattern
            halves.append(UInt8(bits & 0xFF))
            halves.append(UInt8(bits >> 8))
        }
        data.append(contentsOf: halves)
        return data
    }

    /// Decodes a model file.
    /// - Parameter data: Contents written by ``encoded()``.
    /// - Returns: The model.
    /// - Throws: ``FormatError`` for a file that is not a model, a newer version, or truncated data.
    public static func decode(_ data: Data) throws -> IntentModel {
        var reader = ByteReader(data: data)
        guard try reader.bytes(4) == magic else { throw FormatError(description: "not a Switchboard model file") }
        let version = try reader.uint32()
        guard version == formatVersion else {
            throw FormatError(description: "model format version \(version); this build reads version \(formatVersion): retrain with 'switchboard train'")
        }
        let headerLength = Int(try reader.uint32())
        let metadata = try JSONDecoder().decode(Metadata.self, from: Data(try reader.bytes(headerLength)))
        var rows = [Int32](repeating: -1, count: 1 << metadata.features.bits)
        let pairCount = Int(try reader.uint32())
        for _ in 0..<pairCount {
            let bucket = Int(try reader.uint32())
            let row = Int32(bitPattern: try reader.uint32())
            guard bucket < rows.count else { throw FormatError(description: "bucket out of range") }
            guard row >= 0, Int(row) < pairCount else { throw FormatError(description: "feature row out of range") }
            rows[bucket] = row
        }
        let biasCount = Int(try reader.uint32())
        guard biasCount == metadata.labels.count else { throw FormatError(description: "bias count does not match labels") }
        guard biasCount >= 2 else { throw FormatError(description: "a model needs at least two labels") }
        var bias: [Float] = []
        for _ in 0..<biasCount { bias.append(Float(bitPattern: try reader.uint32())) }
        let weightCount = Int(try reader.uint32())
        guard weightCount == pairCount * biasCount else { throw FormatError(description: "weight count does not match") }
        let raw = try reader.bytes(weightCount * 2)
        var weights = [Float](repeating: 0, count: weightCount)
        for index in 0..<weightCount {
            weights[index] = Float(Float16(bitPattern: UInt16(raw[2 * index]) | UInt16(raw[2 * index + 1]) << 8))
        }
        return IntentModel(metadata: metadata, rows: rows, weights: weights, bias: bias)
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        var little = value.littleEndian
        data.append(Data(bytes: &little, count: 4))
    }
}

private struct ByteReader {
    let data: Data
    var offset = 0

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, offset + count <= data.count else {
            throw IntentModel.FormatError(description: "model file is truncated")
        }
        defer { offset += count }
        let start = data.startIndex + offset
        return Array(data[start..<start + count])
    }

    mutating func uint32() throws -> UInt32 {
        let raw = try bytes(4)
        return UInt32(raw[0]) | UInt32(raw[1]) << 8 | UInt32(raw[2]) << 16 | UInt32(raw[3]) << 24
    }
}
