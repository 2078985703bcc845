import Foundation
import Testing
import TwilioWire

@Suite("Shared Twilio signature vectors")
struct SignatureVectorTests {
    @Test("vector file is present and well formed")
    func vectorFileLoads() throws {
        let file = try SignatureVectors.load()
        #expect(!file.header.rules.isEmpty)
        #expect(file.cases.contains { $0.valid } && file.cases.contains { !$0.valid })
        #expect(!file.portVariantCases.isEmpty)
        #expect(file.jsonBodyCases.contains { $0.valid } && file.jsonBodyCases.contains { !$0.valid })
        #expect(!file.hmacSHA256Cases.isEmpty)
        let ids =
            file.cases.map(\.id) + file.portVariantCases.map(\.id) + file.jsonBodyCases.map(\.id)
            + file.hmacSHA256Cases.map(\.id)
        #expect(Set(ids).count == ids.count, "case ids must be unique")
    }

    @Test("form case: validation from the params object", arguments: try SignatureVectors.formCases())
    func formCaseFromParams(_ vector: FormSignatureCase) {
        let parameters = formBody(vector.params)
        let isValid = TwilioSignature.isValid(
            vector.signature,
            url: vector.url,
            parameters: parameters,
            authToken: vector.authToken
        )
        #expect(isValid == vector.valid, "\(vector.description)")
        if vector.valid {
            #expect(
                TwilioSignature.compute(url: vector.url, parameters: parameters, authToken: vector.authToken)
                    == vector.signature
            )
        }
    }

    @Test(
        "form case: the form_body decodes to the params, re-encodes byte for byte, and validates the same",
        arguments: try SignatureVectors.formCases()
    )
    func formCaseFromBody(_ vector: FormSignatureCase) throws {
        let decoded = try FormBody(decoding: Array(vector.formBody.utf8))
        #expect(decoded.parameters.count == vector.params.count)
        #expect(bytePairs(decoded.parameters) == bytePairs(formBody(vector.params).parameters))
        #expect(decoded.encoded() == vector.formBody)

        let isValid = TwilioSignature.isValid(
            vector.signature,
            url: vector.url,
            parameters: decoded,
            authToken: vector.authToken
        )
        #expect(isValid == vector.valid, "\(vector.description)")
    }

    @Test(
        "port variant: accepted although the URL's port differs from the signed one",
        arguments: try SignatureVectors.portVariantCases()
    )
    func portVariant(_ vector: PortVariantCase) {
        let parameters = formBody(vector.params)
        let strict = TwilioSignature.compute(url: vector.url, parameters: parameters, authToken: vector.authToken)
        #expect((strict == vector.signature) == vector.strictMatch)
        #expect(
            TwilioSignature.compute(url: vector.signedURL, parameters: parameters, authToken: vector.authToken)
                == vector.signature
        )
        let isValid = TwilioSignature.isValid(
            vector.signature,
            url: vector.url,
            parameters: parameters,
            authToken: vector.authToken
        )
        #expect(isValid == vector.valid)
    }

    @Test("JSON body: bodySHA256 and the signature over the URL", arguments: try SignatureVectors.jsonBodyCases())
    func jsonBody(_ vector: JSONBodyCase) {
        let body = Array(vector.body.utf8)
        #expect(TwilioSignature.bodySHA256(body) == vector.bodySHA256Hex)
        let isValid = TwilioSignature.isValid(
            vector.signature,
            url: vector.url,
            body: body,
            authToken: vector.authToken
        )
        #expect(isValid == vector.valid, "\(vector.description)")
        if vector.valid {
            #expect(
                TwilioSignature.compute(url: vector.url, parameters: [:], authToken: vector.authToken)
                    == vector.signature
            )
        }
    }

    @Test("shared key: HMAC-SHA256 chosen from the settings header", arguments: try SignatureVectors.sharedKeyCases())
    func sharedKey(_ vector: SharedKeyCase) throws {
        let settings = try SignatureSettings(header: vector.signatureSettingsHeader)
        #expect(settings.algorithm.rawValue == vector.algorithm)

        let key = try SigningKey.forRequest(
            settingsHeader: vector.signatureSettingsHeader,
            authToken: "an-auth-token-that-must-not-be-used",
            sharedKeys: [settings.keyID: vector.secret]
        )
        #expect(key.algorithm == .hmacSHA256)
        #expect(key.secret == vector.secret)

        let parameters = formBody(vector.params)
        #expect(
            TwilioSignature.isValid(vector.signature, url: vector.url, parameters: parameters, key: key) == vector.valid
        )
        if vector.valid {
            #expect(TwilioSignature.compute(url: vector.url, parameters: parameters, key: key) == vector.signature)
        }
        // The same secret with the default algorithm does not produce this signature.
        let sha1 = SigningKey(secret: vector.secret, algorithm: .hmacSHA1)
        #expect(!TwilioSignature.isValid(vector.signature, url: vector.url, parameters: parameters, key: sha1))
    }
}
