/// The HMAC that signs a webhook.
///
/// Twilio signs with HMAC-SHA1 keyed by the account's auth token unless a Webhook Setting with a
/// shared key says otherwise, in which case the request carries
/// `X-Twilio-Webhooks-Signature-Settings: key=…,algorithm=HMAC_SHA256` (see ``SignatureSettings``).
public enum SignatureAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// HMAC-SHA1, base64: 28 characters. The default, used with the auth token.
    case hmacSHA1 = "HMAC_SHA1"
    /// HMAC-SHA256, base64: 44 characters. Used with shared keys (public beta).
    case hmacSHA256 = "HMAC_SHA256"
}
