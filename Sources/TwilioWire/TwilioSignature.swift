import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Computes and checks `X-Twilio-Signature`, the HMAC Twilio sends with every webhook.
///
/// The signed string is the full URL exactly as Twilio requested it, followed, for a form POST,
/// by every body parameter sorted by name in code-point order, each written as name then value
/// with no separator. Parameters sent more than once under one name are appended once per value,
/// values sorted (as twilio-python does). The HMAC (SHA-1 with the auth token unless a shared key
/// says otherwise) is base64-encoded.
///
/// ```swift
/// let form = try FormBody(decoding: body)
/// guard TwilioSignature.isValid(
///     request.headers["X-Twilio-Signature"] ?? "",
///     url: "https://bot.example.com/twilio/sms",   // the public URL, query string verbatim
///     parameters: form,
///     authToken: authToken
/// ) else { return 403 }
/// ```
///
/// Validation accepts the URL with or without its port, as Twilio's SDKs do, compares in
/// constant time, and rejects everything when the secret is empty (an empty HMAC key would let
/// anyone sign). Pass every received parameter: never trim, normalise or drop values.
public enum TwilioSignature {
    /// The header Twilio puts the signature in.
    public static let headerName = "X-Twilio-Signature"
    /// The header that announces a shared key and its algorithm (see ``SignatureSettings``).
    public static let settingsHeaderName = "X-Twilio-Webhooks-Signature-Settings"

    // MARK: - Computing

    /// Computes the signature of a form webhook.
    /// - Parameters:
    ///   - url: The full URL as Twilio requested it (query string byte for byte).
    ///   - parameters: Every decoded body parameter (none for a GET or a JSON body).
    ///   - key: The secret and algorithm.
    /// - Returns: The base64 signature, as Twilio would send it.
    public static func compute(url: String, parameters: FormBody, key: SigningKey) -> String {
        let mac = hmac(signedBytes(url: url, parameters: parameters), key: key)
        return Data(mac).base64EncodedString()
    }

    /// Computes the HMAC-SHA1 signature keyed by an auth token.
    /// - Parameters:
    ///   - url: The full URL as Twilio requested it.
    ///   - parameters: Every decoded body parameter.
    ///   - authToken: The account's auth token.
    /// - Returns: The base64 signature.
    public static func compute(url: String, parameters: FormBody, authToken: String) -> String {
        compute(url: url, parameters: parameters, key: .authToken(authToken))
    }

    /// The lower-case hex SHA-256 of a raw body: the `bodySHA256` Twilio puts in the URL of a
    /// webhook with a JSON body.
    /// - Parameter body: The raw body bytes, exactly as received.
    /// - Returns: 64 lower-case hex digits.
    public static func bodySHA256<Body: Sequence>(_ body: Body) -> String where Body.Element == UInt8 {
        let digest = SHA256.hash(data: Array(body))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Validating

    /// Checks the signature of a form (or GET) webhook.
    /// - Parameters:
    ///   - signature: The `X-Twilio-Signature` header value (empty if the header is missing).
    ///   - url: The full public URL the request was sent to, query string verbatim.
    ///   - parameters: Every decoded body parameter.
    ///   - key: The secret and algorithm, e.g. from ``SigningKey/forRequest(settingsHeader:authToken:sharedKeys:)``.
    /// - Returns: Whether the signature matches the URL with or without its port.
    public static func isValid(_ signature: String, url: String, parameters: FormBody, key: SigningKey) -> Bool {
        guard !key.secret.isEmpty else { return false }
        // The parameters are sorted and joined once; only the URL differs between spellings.
        let suffix = signedBytes(url: "", parameters: parameters)
        var matched = false
        for candidate in WebhookURL.candidates(url) {
            // No early exit: every spelling is always computed.
            let expected = Data(hmac(Array(candidate.utf8) + suffix, key: key)).base64EncodedString()
            matched = constantTimeEqual(expected.utf8, signature.utf8) || matched
        }
        return matched
    }

    /// Checks the HMAC-SHA1 signature of a form webhook signed with the auth token.
    /// - Parameters:
    ///   - signature: The `X-Twilio-Signature` header value.
    ///   - url: The full public URL, query string verbatim.
    ///   - parameters: Every decoded body parameter.
    ///   - authToken: The account's auth token.
    /// - Returns: Whether the signature matches.
    public static func isValid(_ signature: String, url: String, parameters: FormBody, authToken: String) -> Bool {
        isValid(signature, url: url, parameters: parameters, key: .authToken(authToken))
    }

    /// Checks a webhook with a JSON (or other non-form) body.
    ///
    /// Twilio puts `bodySHA256` (the body's lower-case hex SHA-256) in the URL and signs the URL
    /// alone. Both must hold: the signature over the URL, and the hash of the bytes received.
    /// - Parameters:
    ///   - signature: The `X-Twilio-Signature` header value.
    ///   - url: The full public URL, including the `bodySHA256` query parameter.
    ///   - body: The raw body, exactly as received (never a re-serialisation).
    ///   - key: The secret and algorithm.
    /// - Returns: `false` if the URL has no `bodySHA256`, the hash does not match, or the signature
    ///   does not match.
    public static func isValid<Body: Sequence>(
        _ signature: String,
        url: String,
        body: Body,
        key: SigningKey
    ) -> Bool where Body.Element == UInt8 {
        guard let expectedHash = WebhookURL.queryValue(named: "bodySHA256", in: url), !expectedHash.isEmpty else {
            return false
        }
        let hashMatches = constantTimeEqual(bodySHA256(body).utf8, expectedHash.utf8)
        let signatureMatches = isValid(signature, url: url, parameters: FormBody(), key: key)
        return hashMatches && signatureMatches
    }

    /// Checks a JSON-body webhook signed with the auth token (HMAC-SHA1).
    /// - Parameters:
    ///   - signature: The `X-Twilio-Signature` header value.
    ///   - url: The full public URL, including `bodySHA256`.
    ///   - body: The raw body, exactly as received.
    ///   - authToken: The account's auth token.
    /// - Returns: Whether both the body hash and the signature match.
    public static func isValid<Body: Sequence>(
        _ signature: String,
        url: String,
        body: Body,
        authToken: String
    ) -> Bool where Body.Element == UInt8 {
        isValid(signature, url: url, body: body, key: .authToken(authToken))
    }

    // MARK: - Internals

    /// The URL's UTF-8 bytes followed by each parameter's name and value, sorted by name and then
    /// value in code-point order (UTF-8 byte order is code-point order).
    static func signedBytes(url: String, parameters: FormBody) -> [UInt8] {
        let sorted = parameters.parameters.sorted { lhs, rhs in
            if !lhs.name.utf8.elementsEqual(rhs.name.utf8) {
                return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        var bytes = Array(url.utf8)
        for parameter in sorted {
            bytes.append(contentsOf: parameter.name.utf8)
            bytes.append(contentsOf: parameter.value.utf8)
        }
        return bytes
    }

    private static func hmac(_ message: [UInt8], key: SigningKey) -> [UInt8] {
        let symmetricKey = SymmetricKey(data: Array(key.secret.utf8))
        switch key.algorithm {
        case .hmacSHA1:
            return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: symmetricKey))
        case .hmacSHA256:
            return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetricKey))
        }
    }
}
