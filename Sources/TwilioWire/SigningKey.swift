/// A secret and the algorithm Twilio signs with it: the auth token with HMAC-SHA1, or a shared key.
///
/// The secret never appears in ``description``, so a key can be logged by accident without harm.
///
/// ```swift
/// let key = try SigningKey.forRequest(
///     settingsHeader: request.headers["X-Twilio-Webhooks-Signature-Settings"],
///     authToken: config.authToken,
///     sharedKeys: config.sharedKeys
/// )
/// ```
public struct SigningKey: Sendable, CustomStringConvertible {
    /// The HMAC key, used as its UTF-8 bytes.
    public var secret: String
    /// The HMAC to compute.
    public var algorithm: SignatureAlgorithm

    /// Creates a key.
    /// - Parameters:
    ///   - secret: The HMAC key (auth token or shared-key secret), used as UTF-8.
    ///   - algorithm: The HMAC to compute.
    public init(secret: String, algorithm: SignatureAlgorithm) {
        self.secret = secret
        self.algorithm = algorithm
    }

    /// The account auth token with HMAC-SHA1: how Twilio signs unless told otherwise.
    /// - Parameter token: The account's (primary) auth token.
    /// - Returns: A HMAC-SHA1 key.
    public static func authToken(_ token: String) -> SigningKey {
        SigningKey(secret: token, algorithm: .hmacSHA1)
    }

    /// Chooses the key for one request from its `X-Twilio-Webhooks-Signature-Settings` header.
    ///
    /// Without the header Twilio signed with the auth token (HMAC-SHA1). With it, the header names
    /// a shared key and an algorithm; the key's secret is looked up in `sharedKeys`.
    ///
    /// - Parameters:
    ///   - settingsHeader: The header's value, or `nil` when the request has none.
    ///   - authToken: The account's auth token.
    ///   - sharedKeys: Shared-key secrets by key id (`webhooks_sharedkey_…`).
    /// - Returns: The key to validate the request's signature with.
    /// - Throws: ``TwilioWireError`` with code ``TwilioWireError/Code/invalidSignatureSettings`` if
    ///   the header cannot be read or names a key that is not in `sharedKeys`.
    public static func forRequest(
        settingsHeader: String?,
        authToken: String,
        sharedKeys: [String: String]
    ) throws(TwilioWireError) -> SigningKey {
        guard let settingsHeader else { return .authToken(authToken) }
        let settings = try SignatureSettings(header: settingsHeader)
        guard let secret = sharedKeys[settings.keyID] else {
            throw TwilioWireError(
                code: .invalidSignatureSettings,
                field: "key",
                message: "no shared key is configured for key id '\(TwilioWireError.quoted(settings.keyID))'"
            )
        }
        return SigningKey(secret: secret, algorithm: settings.algorithm)
    }

    /// The algorithm only, e.g. `SigningKey(HMAC_SHA1, secret hidden)`.
    public var description: String { "SigningKey(\(algorithm.rawValue), secret hidden)" }
}
