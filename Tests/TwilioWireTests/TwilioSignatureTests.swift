import Testing
import TwilioWire

@Suite("TwilioSignature beyond the shared vectors")
struct TwilioSignatureTests {
    static let url = "https://bot.example.com/twilio/sms"

    @Test("repeated names are signed once per value, values sorted in code-point order")
    func repeatedNames() throws {
        let form = try FormBody(decoding: "b=2&a=z&a=y&A=1")
        // Expected value: HMAC-SHA1("…/twilio/sms" + "A1" + "ay" + "az" + "b2", "12345"), computed with Python's hmac.
        #expect(
            TwilioSignature.compute(url: Self.url, parameters: form, authToken: "12345")
                == "C1jbIdDDmAY4FDSApSejTZaUUiY="
        )
    }

    @Test("an empty secret never validates, even against a signature made with the empty key")
    func emptySecret() {
        let form: FormBody = ["Body": "hi"]
        let forged = TwilioSignature.compute(url: Self.url, parameters: form, authToken: "")
        #expect(!TwilioSignature.isValid(forged, url: Self.url, parameters: form, authToken: ""))
        let body = Array("{}".utf8)
        let jsonURL = Self.url + "?bodySHA256=" + TwilioSignature.bodySHA256(body)
        let jsonForged = TwilioSignature.compute(url: jsonURL, parameters: [:], authToken: "")
        #expect(!TwilioSignature.isValid(jsonForged, url: jsonURL, body: body, authToken: ""))
    }

    @Test(
        "the received URL's port is toggled as twilio-python does: default port added, any port removed",
        arguments: [
            ("https://h.example.com/x", "https://h.example.com:443/x", true),
            ("https://h.example.com:443/x", "https://h.example.com/x", true),
            ("http://h.example.com/x?q=1", "http://h.example.com:80/x?q=1", true),
            ("https://h.example.com/x", "https://h.example.com:8443/x", true),
            // A non-default port is never guessed.
            ("https://h.example.com:8443/x", "https://h.example.com/x", false),
            ("https://h.example.com:8443/x", "https://h.example.com:9443/x", false),
            ("https://h.example.com:8443/x", "https://h.example.com:443/x", false),
            // http gets :80, never :443.
            ("http://h.example.com:443/x", "http://h.example.com/x", false),
            // The port is found after user info and after an IPv6 literal.
            ("https://user:pw@h.example.com/x", "https://user:pw@h.example.com:443/x", true),
            ("https://[2001:db8::1]/x", "https://[2001:db8::1]:443/x", true),
            ("https://[2001:db8::1]/x", "https://[2001:db8::1]:8443/x", true),
            // Nothing else is normalised.
            ("https://h.example.com/x", "https://H.example.com:443/x", false),
            ("https://h.example.com/x", "https://h.example.com:443/x/", false),
        ]
    )
    func portVariants(signedURL: String, receivedURL: String, accepted: Bool) {
        let form: FormBody = ["Body": "port"]
        let signature = TwilioSignature.compute(url: signedURL, parameters: form, authToken: "secret")
        #expect(TwilioSignature.isValid(signature, url: receivedURL, parameters: form, authToken: "secret") == accepted)
    }

    @Test("the port is not toggled inside the query or in a URL without a scheme")
    func noAuthority() {
        let form: FormBody = ["Body": "x"]
        let signed = TwilioSignature.compute(
            url: "/twilio/sms?next=https://h.example.com:443/",
            parameters: form,
            authToken: "s"
        )
        #expect(
            TwilioSignature.isValid(
                signed,
                url: "/twilio/sms?next=https://h.example.com:443/",
                parameters: form,
                authToken: "s"
            )
        )
        #expect(
            !TwilioSignature.isValid(
                signed,
                url: "/twilio/sms?next=https://h.example.com/",
                parameters: form,
                authToken: "s"
            )
        )
    }

    @Test("a JSON body needs bodySHA256 in the URL, and the signature must cover that URL")
    func jsonBodyRules() {
        let body = Array(#"{"MessageStatus":"delivered"}"#.utf8)
        let hash = TwilioSignature.bodySHA256(body)
        #expect(hash.utf8.count == 64 && hash == hash.lowercased())
        #expect(
            TwilioSignature.bodySHA256([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )

        let signedWithoutHash = TwilioSignature.compute(url: Self.url, parameters: [:], authToken: "s")
        #expect(!TwilioSignature.isValid(signedWithoutHash, url: Self.url, body: body, authToken: "s"))

        let url = Self.url + "?tenant=acme&bodySHA256=" + hash
        let signature = TwilioSignature.compute(url: url, parameters: [:], authToken: "s")
        #expect(TwilioSignature.isValid(signature, url: url, body: body, authToken: "s"))
        #expect(
            TwilioSignature.isValid(
                signature,
                url: "https://bot.example.com:443/twilio/sms?tenant=acme&bodySHA256=" + hash,
                body: body,
                authToken: "s"
            )
        )
        #expect(!TwilioSignature.isValid(signature, url: url, body: body + [0x20], authToken: "s"))
        #expect(!TwilioSignature.isValid(signature, url: url + "&extra=1", body: body, authToken: "s"))
    }

    @Test("signatures of other lengths or encodings are rejected")
    func malformedSignatures() {
        let form: FormBody = ["Body": "hi"]
        let good = TwilioSignature.compute(url: Self.url, parameters: form, authToken: "s")
        #expect(TwilioSignature.isValid(good, url: Self.url, parameters: form, authToken: "s"))
        for bad in ["", String(good.dropLast()), good + "=", " " + good, good.lowercased()] where bad != good {
            #expect(!TwilioSignature.isValid(bad, url: Self.url, parameters: form, authToken: "s"), "\(bad)")
        }
    }
}

@Suite("Signature settings and signing keys")
struct SigningKeyTests {
    @Test("the settings header is read leniently: spaces, name case, attribute order, unknown attributes")
    func lenientHeader() throws {
        let settings = try SignatureSettings(header: " Algorithm=hmac_sha256 , version=2, KEY=webhooks_sharedkey_A ")
        #expect(settings == SignatureSettings(keyID: "webhooks_sharedkey_A", algorithm: .hmacSHA256))
        #expect(try SignatureSettings(header: "key=k,algorithm=HMAC_SHA1").algorithm == .hmacSHA1)
    }

    @Test(
        "a header without key or algorithm, or with an unknown algorithm, is an error naming the attribute",
        arguments: [
            ("algorithm=HMAC_SHA256", "key"),
            ("key=,algorithm=HMAC_SHA256", "key"),
            ("key=k", "algorithm"),
            ("key=k,algorithm=HMAC_SHA512", "algorithm"),
            ("", "key"),
        ]
    )
    func badHeader(header: String, field: String) {
        #expect {
            try SignatureSettings(header: header)
        } throws: { error in
            guard let error = error as? TwilioWireError else { return false }
            return error.code == .invalidSignatureSettings && error.field == field && error.description.contains(field)
        }
    }

    @Test("without the header the auth token signs with HMAC-SHA1; with it, the named shared key is used")
    func keyChoice() throws {
        let plain = try SigningKey.forRequest(settingsHeader: nil, authToken: "token", sharedKeys: ["k": "shared"])
        #expect(plain.secret == "token" && plain.algorithm == .hmacSHA1)

        let shared = try SigningKey.forRequest(
            settingsHeader: "key=k,algorithm=HMAC_SHA256",
            authToken: "token",
            sharedKeys: ["k": "shared"]
        )
        #expect(shared.secret == "shared" && shared.algorithm == .hmacSHA256)

        let error = try #require(throws: TwilioWireError.self) {
            try SigningKey.forRequest(
                settingsHeader: "key=other,algorithm=HMAC_SHA256",
                authToken: "token",
                sharedKeys: ["k": "shared"]
            )
        }
        #expect(error.code == .invalidSignatureSettings)
        #expect(error.description.contains("'other'"))
    }

    @Test("a key's description never shows the secret")
    func description() {
        let key = SigningKey(secret: "super-secret-token", algorithm: .hmacSHA256)
        #expect(!key.description.contains("super-secret-token"))
        #expect(!String(describing: key).contains("super-secret-token"))
        #expect(key.description.contains("HMAC_SHA256"))
    }
}
