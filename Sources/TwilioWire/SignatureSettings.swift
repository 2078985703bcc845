/// The `X-Twilio-Webhooks-Signature-Settings` header: which shared key and algorithm signed a request.
///
/// Twilio sends it when a Webhook Setting signs with a shared key (public beta), e.g.
/// `key=webhooks_sharedkey_01abc…,algorithm=HMAC_SHA256`. The signature itself is still in
/// `X-Twilio-Signature` and covers the same string as with the auth token.
public struct SignatureSettings: Sendable, Hashable {
    /// The id of the shared key (not its secret), e.g. `webhooks_sharedkey_…`.
    public var keyID: String
    /// The HMAC the key was used with.
    public var algorithm: SignatureAlgorithm

    /// Creates settings.
    /// - Parameters:
    ///   - keyID: The shared key's id.
    ///   - algorithm: The HMAC used.
    public init(keyID: String, algorithm: SignatureAlgorithm) {
        self.keyID = keyID
        self.algorithm = algorithm
    }

    /// Reads the header: comma-separated `name=value` attributes; names are case-insensitive,
    /// spaces around attributes are ignored, and unknown attributes are skipped.
    /// - Parameter header: The header's value.
    /// - Throws: ``TwilioWireError`` with code ``TwilioWireError/Code/invalidSignatureSettings`` if
    ///   `key` or `algorithm` is missing or empty, or the algorithm is not one this library knows.
    public init(header: String) throws(TwilioWireError) {
        var keyID: String?
        var algorithmName: String?
        for attribute in header.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = attribute.firstIndex(of: "=") else { continue }
            let name = attribute[..<equals].trimmingASCIISpaces().lowercased()
            let value = String(attribute[attribute.index(after: equals)...].trimmingASCIISpaces())
            switch name {
            case "key": keyID = keyID ?? value
            case "algorithm": algorithmName = algorithmName ?? value
            default: continue
            }
        }
        guard let keyID, !keyID.isEmpty else {
            throw TwilioWireError(
                code: .invalidSignatureSettings,
                field: "key",
                message: "missing attribute 'key' in X-Twilio-Webhooks-Signature-Settings"
            )
        }
        guard let algorithmName, !algorithmName.isEmpty else {
            throw TwilioWireError(
                code: .invalidSignatureSettings,
                field: "algorithm",
                message: "missing attribute 'algorithm' in X-Twilio-Webhooks-Signature-Settings"
            )
        }
        guard let algorithm = SignatureAlgorithm(rawValue: algorithmName.uppercased()) else {
            let shown = TwilioWireError.showable(algorithmName).map { " '\($0)'" } ?? ""
            throw TwilioWireError(
                code: .invalidSignatureSettings,
                field: "algorithm",
                message: "unsupported algorithm\(shown) in X-Twilio-Webhooks-Signature-Settings "
                    + "(expected HMAC_SHA1 or HMAC_SHA256)"
            )
        }
        self.init(keyID: keyID, algorithm: algorithm)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingASCIISpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
