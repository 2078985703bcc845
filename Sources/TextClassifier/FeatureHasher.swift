/// Settings of the feature extractor; stored in the model so training and prediction agree.
public struct FeatureConfig: Codable, Sendable, Equatable {
    /// log2 of the hashed feature space.
    public var bits: Int = 18
    /// Word n-grams up to this length (1 = unigrams only).
    public var wordNGrams: Int = 2
    /// Shortest character n-gram (within word boundaries).
    public var charMin: Int = 2
    /// Longest character n-gram.
    public var charMax: Int = 5
    /// Weight of the word family after normalisation.
    public var wordWeight: Float = 1
    /// Weight of the character family after normalisation.
    public var charWeight: Float = 1

    /// The default configuration.
    public init() {}
}

/// One example's features: hashed buckets and their values, each family L2-normalised.
public struct SparseFeatures: Sendable {
    /// Bucket numbers (`hash & mask`), unique, in order of first occurrence.
    public var buckets: [UInt32]
    /// Values, parallel to `buckets`.
    public var values: [Float]
}

/// Hashes word uni/bigrams and word-boundary character n-grams into a fixed space (FNV-1a),
/// with sublinear term frequency (1 + ln tf) and each family scaled to unit length.
public struct FeatureHasher: Sendable {
    /// The configuration.
    public let config: FeatureConfig
    /// Words hash into the lower half of the space, character n-grams into the upper half, so the
    /// two families never collide and their concatenation stays sorted.
    private let mask: UInt32
    private let charBit: UInt32

    /// Creates a hasher.
    /// - Parameter config: The configuration.
    public init(config: FeatureConfig) {
        self.config = config
        self.mask = UInt32((1 << (config.bits - 1)) - 1)
        self.charBit = UInt32(1 << (config.bits - 1))
    }

    /// Extracts features from a text.
    /// - Parameter text: Any text.
    /// - Returns: The sparse feature vector.
    public func features(of text: String) -> SparseFeatures {
        features(tokens: Tokenizer.tokens(text))
    }

    /// Extracts features from tokens.
    /// - Parameter tokens: Tokens from ``Tokenizer``.
    /// - Returns: The sparse feature vector.
    public func features(tokens: [String]) -> SparseFeatures {
        var words: [UInt32] = []
        words.reserveCapacity(tokens.count * 2 + 2)
        var previous: UInt32 = Self.hash(bytes: [0x02], seed: 0x9E37_79B9)  // start-of-text marker
        var beforePrevious = previous
        for token in tokens {
            let unigram = Self.hash(string: token, seed: 0x811C_9DC5)
            words.append(unigram & mask)
            if config.wordNGrams >= 2 {
                words.append(Self.combine(previous, unigram) & mask)
            }
            if config.wordNGrams >= 3 {
                words.append(Self.combine(Self.combine(beforePrevious, previous), unigram) & mask)
            }
            beforePrevious = previous
            previous = unigram
        }
        if config.wordNGrams >= 2, !tokens.isEmpty {
            words.append(Self.combine(previous, Self.hash(bytes: [0x03], seed: 0x9E37_79B9)) & mask)
        }
        var chars: [UInt32] = []
        chars.reserveCapacity(tokens.count * 24)
        var padded: [UInt8] = []
        padded.reserveCapacity(32)
        for token in tokens {
            padded.removeAll(keepingCapacity: true)
            padded.append(0x20)
            padded.append(contentsOf: token.utf8)
            padded.append(0x20)
            let count = padded.count
            for start in 0..<count {
                var hash: UInt32 = 0x0100_0193 &* 0x5BD1_E995
                let limit = min(config.charMax, count - start)
                if limit < config.charMin { break }
                for length in 1...limit {
                    hash = (hash ^ UInt32(padded[start + length - 1])) &* 0x0100_0193
                    if length >= config.charMin {
                        chars.append(((hash ^ UInt32(length)) &* 0x0100_0193 & mask) | charBit)
                    }
                }
            }
        }
        var buckets: [UInt32] = []
        var values: [Float] = []
        buckets.reserveCapacity(words.count + chars.count)
        values.reserveCapacity(words.count + chars.count)
        Self.append(&words, weight: config.wordWeight, buckets: &buckets, values: &values)
        Self.append(&chars, weight: config.charWeight, buckets: &buckets, values: &values)
        return SparseFeatures(buckets: buckets, values: values)
    }

    /// Counts one family's buckets (open addressing, first-occurrence order), applies 1 + ln(tf)
    /// and unit length, and appends them.
    private static func append(_ family: inout [UInt32], weight: Float, buckets: inout [UInt32], values: inout [Float]) {
        guard !family.isEmpty, weight > 0 else { return }
        var capacity = 16
        while capacity < family.count * 2 { capacity <<= 1 }
        let slotMask = capacity - 1
        // Slot holds (index into the output + 1); 0 = empty.
        var slots = [Int32](repeating: 0, count: capacity)
        let start = values.count
        var counts: [Float] = []
        counts.reserveCapacity(family.count)
        for bucket in family {
            var slot = Int((bucket &* 0x9E37_79B1) >> 7) & slotMask
            while true {
                let entry = Int(slots[slot])
                if entry == 0 {
                    slots[slot] = Int32(counts.count + 1)
                    buckets.append(bucket)
                    counts.append(1)
                    break
                }
                if buckets[start + entry - 1] == bucket {
                    counts[entry - 1] += 1
                    break
                }
                slot = (slot + 1) & slotMask
            }
        }
        var norm: Float = 0
        for count in counts {
            let value = count == 1 ? 1 : 1 + logf(count)
            values.append(value)
            norm += value * value
        }
        let scale = weight / norm.squareRoot()
        for position in start..<values.count { values[position] *= scale }
    }

    @inline(__always)
    static func hash(string: String, seed: UInt32) -> UInt32 {
        var hash = seed
        for byte in string.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    @inline(__always)
    static func hash(bytes: [UInt8], seed: UInt32) -> UInt32 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    @inline(__always)
    static func combine(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var hash: UInt32 = 0x2545_F491
        hash = (hash ^ a) &* 0x0100_0193
        hash = (hash ^ (b &* 0x9E37_79B1)) &* 0x0100_0193
        return hash ^ (hash >> 15)
    }
}

@inline(__always)
private func logf(_ value: Float) -> Float {
    Float(log(Double(value)))
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
