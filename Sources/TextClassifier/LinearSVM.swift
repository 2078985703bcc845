import Dispatch

/// Training examples in a compact feature space: rows of (feature index, value) per example.
struct Dataset {
    /// Feature indices per example (into 0..<featureCount).
    var indices: [[Int32]]
    /// Values parallel to `indices`.
    var values: [[Float]]
    /// Class number per example.
    var labels: [Int]
    /// Number of distinct features.
    var featureCount: Int
    /// Number of classes.
    var classCount: Int
}

/// One-vs-rest linear SVMs (L2-regularised, squared hinge loss) trained by dual coordinate
/// descent, the LIBLINEAR algorithm; classes train in parallel, each deterministic for a seed.
enum LinearSVM {
    struct Parameters {
        var c: Float = 0.5
        var epsilon: Float = 0.01
        var maxEpochs = 200
        var seed: UInt64 = 42
    }

    /// Trains and returns weights row-major by feature ([feature * classCount + class]) and biases.
    static func train(_ data: Dataset, parameters: Parameters) -> (weights: [Float], bias: [Float]) {
        let classes = data.classCount
        let results = Results(classes: classes)
        DispatchQueue.concurrentPerform(iterations: classes) { label in
            let (w, b) = trainBinary(data, positive: label, parameters: parameters)
            results.lock.withLock {
                results.weights[label] = w
                results.bias[label] = b
            }
        }
        let perClass = results.weights
        let biases = results.bias
        var weights = [Float](repeating: 0, count: data.featureCount * classes)
        for label in 0..<classes {
            let w = perClass[label]
            for feature in 0..<data.featureCount { weights[feature * classes + label] = w[feature] }
        }
        return (weights, biases)
    }

    private static func trainBinary(_ data: Dataset, positive: Int, parameters: Parameters) -> ([Float], Float) {
        let n = data.labels.count
        var w = [Float](repeating: 0, count: data.featureCount)
        var bias: Float = 0
        var alpha = [Float](repeating: 0, count: n)
        let diagonal = 1 / (2 * parameters.c)
        var qd = [Float](repeating: 0, count: n)
        var y = [Float](repeating: -1, count: n)
        for i in 0..<n {
            if data.labels[i] == positive { y[i] = 1 }
            var norm: Float = 1  // the bias feature
            for value in data.values[i] { norm += value * value }
            qd[i] = norm + diagonal
        }
        var order = Array(0..<n)
        var generator = SplitMix64(seed: parameters.seed &+ UInt64(positive) &* 0x9E37_79B9_7F4A_7C15)
        var active = n
        var maxOld = Float.infinity, minOld = -Float.infinity
        for _ in 0..<parameters.maxEpochs {
            var maxNew = -Float.infinity, minNew = Float.infinity
            for i in 0..<active {
                let j = i + Int(generator.next() % UInt64(active - i))
                order.swapAt(i, j)
            }
            var s = 0
            while s < active {
                let i = order[s]
                let indices = data.indices[i], values = data.values[i]
                var score = bias
                indices.withUnsafeBufferPointer { idx in
                    values.withUnsafeBufferPointer { val in
                        w.withUnsafeBufferPointer { weights in
                            for k in 0..<idx.count { score += weights[Int(idx[k])] * val[k] }
                        }
                    }
                }
                let gradient = y[i] * score - 1 + diagonal * alpha[i]
                var projected: Float = gradient
                if alpha[i] == 0 {
                    if gradient > maxOld {
                        active -= 1
                        order.swapAt(s, active)
                        continue
                    }
                    projected = min(gradient, 0)
                }
                maxNew = max(maxNew, projected)
                minNew = min(minNew, projected)
                if abs(projected) > 1e-12 {
                    let old = alpha[i]
                    alpha[i] = max(old - gradient / qd[i], 0)
                    let delta = (alpha[i] - old) * y[i]
                    bias += delta
                    indices.withUnsafeBufferPointer { idx in
                        values.withUnsafeBufferPointer { val in
                            w.withUnsafeMutableBufferPointer { weights in
                                for k in 0..<idx.count { weights[Int(idx[k])] += delta * val[k] }
                            }
                        }
                    }
                }
                s += 1
            }
            if maxNew - minNew <= parameters.epsilon {
                if active == n { break }
                active = n
                maxOld = .infinity
                minOld = -.infinity
                continue
            }
            maxOld = maxNew <= 0 ? .infinity : maxNew
            minOld = minNew >= 0 ? -.infinity : minNew
        }
        _ = minOld
        return (w, bias)
    }
}

/// Per-class results written by concurrent workers under a lock.
private final class Results: @unchecked Sendable {
    // @unchecked: every access to the arrays happens inside `lock.withLock`.
    let lock = NSLockLike()
    var weights: [[Float]]
    var bias: [Float]
    init(classes: Int) {
        weights = [[Float]](repeating: [], count: classes)
        bias = [Float](repeating: 0, count: classes)
    }
}

/// A deterministic 64-bit generator (SplitMix64) for shuffles and folds.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A tiny mutex for collecting results from concurrent workers.
final class NSLockLike: @unchecked Sendable {
    // @unchecked: the pthread mutex is only touched through lock/unlock.
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
