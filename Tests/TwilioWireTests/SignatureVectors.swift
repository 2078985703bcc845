import Foundation
import SharedVectors
import Testing
import TwilioWire

/// A form (or GET) webhook case of `shared/vectors/twilio-signatures.json`.
struct FormSignatureCase: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var description: String
    var url: String
    var params: [String: String]
    var formBody: String
    var authToken: String
    var signature: String
    var valid: Bool

    var testDescription: String { id }

    enum CodingKeys: String, CodingKey {
        case id, description, url, params, signature, valid
        case formBody = "form_body"
        case authToken = "auth_token"
    }
}

/// A case where the server sees the URL with a different port spelling than Twilio signed.
struct PortVariantCase: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var description: String
    var signedURL: String
    var url: String
    var params: [String: String]
    var authToken: String
    var signature: String
    var valid: Bool
    var strictMatch: Bool

    var testDescription: String { id }

    enum CodingKeys: String, CodingKey {
        case id, description, url, params, signature, valid
        case signedURL = "signed_url"
        case authToken = "auth_token"
        case strictMatch = "strict_match"
    }
}

/// A webhook with a JSON body: `bodySHA256` in the URL, signature over the URL alone.
struct JSONBodyCase: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var description: String
    var url: String
    var body: String
    var bodySHA256Hex: String
    var authToken: String
    var signature: String
    var valid: Bool

    var testDescription: String { id }

    enum CodingKeys: String, CodingKey {
        case id, description, url, body, signature, valid
        case bodySHA256Hex = "body_sha256_hex"
        case authToken = "auth_token"
    }
}

/// A shared-key case signed with HMAC-SHA256.
struct SharedKeyCase: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var description: String
    var algorithm: String
    var signatureSettingsHeader: String
    var url: String
    var params: [String: String]
    var secret: String
    var signature: String
    var valid: Bool

    var testDescription: String { id }

    enum CodingKeys: String, CodingKey {
        case id, description, algorithm, url, params, secret, signature, valid
        case signatureSettingsHeader = "signature_settings_header"
    }
}

/// The whole vectors file.
struct SignatureVectorFile: Decodable, Sendable {
    struct Header: Decodable, Sendable {
        var rules: [String]
    }

    var header: Header
    var cases: [FormSignatureCase]
    var portVariantCases: [PortVariantCase]
    var jsonBodyCases: [JSONBodyCase]
    var hmacSHA256Cases: [SharedKeyCase]

    enum CodingKeys: String, CodingKey {
        case header, cases
        case portVariantCases = "port_variant_cases"
        case jsonBodyCases = "json_body_cases"
        case hmacSHA256Cases = "hmac_sha256_cases"
    }
}

enum SignatureVectors {
    /// `shared/vectors/twilio-signatures.json`.
    static func load() throws -> SignatureVectorFile {
        try SharedVectors.load("twilio-signatures.json", as: SignatureVectorFile.self)
    }

    static func formCases() throws -> [FormSignatureCase] { try load().cases }
    static func portVariantCases() throws -> [PortVariantCase] { try load().portVariantCases }
    static func jsonBodyCases() throws -> [JSONBodyCase] { try load().jsonBodyCases }
    static func sharedKeyCases() throws -> [SharedKeyCase] { try load().hmacSHA256Cases }
}

/// A vector's `params` object as a form body (order does not matter for signing).
func formBody(_ params: [String: String]) -> FormBody {
    FormBody(params.map { FormParameter(name: $0.key, value: $0.value) })
}

/// Parameters as sorted byte pairs, to compare two bodies exactly (not by canonical equivalence)
/// and regardless of order.
func bytePairs(_ parameters: [FormParameter]) -> [[UInt8]] {
    parameters
        .map { Array($0.name.utf8) + [0] + Array($0.value.utf8) }
        .sorted { $0.lexicographicallyPrecedes($1) }
}
