import Foundation

/// What performing an ``HTTPLookupRequest`` produced: a response, or a failure to get one.
public enum HTTPLookupOutcome: Hashable, Sendable {
    /// The server answered (any status; redirects already followed).
    case response(status: Int, body: [UInt8])
    /// No usable response.
    case failure(HTTPLookupFailure)

    /// The largest body a lookup reads; clients should stop reading there and report
    /// ``HTTPLookupFailure/tooLarge``, and the interpreter treats a larger body the same way.
    public static let maxBodyBytes = 1 << 20
}

/// Why an HTTP lookup got no usable response. Extensible: clients may add their own reasons.
public struct HTTPLookupFailure: Hashable, Sendable, CustomStringConvertible {
    /// A short reason, e.g. `timeout`.
    public var reason: String

    /// Creates a failure.
    /// - Parameter reason: A short reason; never the URL, which may hold personal data.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The request took longer than the node's timeout.
    public static let timeout = HTTPLookupFailure("timeout")
    /// The server could not be reached (DNS, refused, reset, TLS).
    public static let connection = HTTPLookupFailure("connection error")
    /// The response body was larger than ``HTTPLookupOutcome/maxBodyBytes``.
    public static let tooLarge = HTTPLookupFailure("response too large")
    /// No client is configured, or the response was not fetched before the step.
    public static let notFetched = HTTPLookupFailure("not fetched")

    /// The reason.
    public var description: String { reason }
}

extension HTTPLookup {
    /// What a lookup's outcome means for the flow: which edge it takes.
    public enum Answer: Equatable, Sendable {
        /// Found: the slots to set (a `nil` value unsets the slot), in map order.
        case found([(slot: String, value: String?)])
        /// Not found: 404 or 410, or a required path is missing.
        case notFound
        /// Failed, with a short reason that holds no personal data.
        case failed(String)

        /// Compares two results.
        public static func == (lhs: Answer, rhs: Answer) -> Bool {
            switch (lhs, rhs) {
            case (.found(let a), .found(let b)): a.map(\.slot) == b.map(\.slot) && a.map(\.value) == b.map(\.value)
            case (.notFound, .notFound): true
            case (.failed(let a), .failed(let b)): a == b
            default: false
            }
        }
    }

    /// Interprets an outcome: a 2xx response is found when every required path of ``map`` is
    /// present (without a map the body is not read); 404 and 410 are not found; anything else failed.
    /// - Parameter outcome: The fetched outcome.
    /// - Returns: Found with the slot values, not found, or failed.
    public func answer(for outcome: HTTPLookupOutcome) -> Answer {
        let status: Int, body: [UInt8]
        switch outcome {
        case .failure(let failure): return .failed(failure.reason)
        case .response(let code, let bytes): (status, body) = (code, bytes)
        }
        if status == 404 || status == 410 { return .notFound }
        guard (200..<300).contains(status) else { return .failed("status \(status)") }
        if map.isEmpty { return .found([]) }
        guard body.count <= HTTPLookupOutcome.maxBodyBytes else { return .failed(HTTPLookupFailure.tooLarge.reason) }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else { return .failed("not JSON") }
        var values: [(slot: String, value: String?)] = []
        for mapping in map {
            if let text = mapping.path.text(in: json) {
                values.append((mapping.slot, text))
            } else if let fallback = mapping.fallback {
                values.append((mapping.slot, fallback.isEmpty ? nil : fallback))
            } else {
                return .notFound
            }
        }
        return .found(values)
    }
}
