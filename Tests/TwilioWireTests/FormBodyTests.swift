import Testing
import TwilioWire

@Suite("FormBody decoding and encoding")
struct FormBodyTests {
    @Test("'+' is a space, %XX a byte, and %2B a literal plus")
    func plusAndPercent() throws {
        let form = try FormBody(decoding: "Body=a+b%2Bc%20d&To=%2B14155550100")
        #expect(form.first("Body") == "a b+c d")
        #expect(form.first("To") == "+14155550100")
    }

    @Test("percent escapes are decoded as UTF-8, with upper- or lower-case hex")
    func utf8Escapes() throws {
        let form = try FormBody(decoding: "Body=Gr%C3%BC%c3%9Fe+%F0%9F%98%80")
        #expect(form.first("Body") == "Grüße 😀")
    }

    @Test("duplicates are kept in order; first and all see them")
    func duplicates() throws {
        let form = try FormBody(decoding: "a=1&b=2&a=3")
        #expect(form.parameters.map(\.name) == ["a", "b", "a"])
        #expect(form.first("a") == "1")
        #expect(form.all("a") == ["1", "3"])
        #expect(form.all("missing") == [])
        #expect(form.first("missing") == nil)
    }

    @Test("names are matched case-sensitively")
    func caseSensitiveNames() throws {
        let form = try FormBody(decoding: "body=lower&Body=upper")
        #expect(form.first("Body") == "upper")
        #expect(form.first("body") == "lower")
        #expect(form.first("BODY") == nil)
    }

    @Test("empty pieces are skipped; a piece without '=' has an empty value; '=' may appear in values")
    func pieces() throws {
        let form = try FormBody(decoding: "&a=1&&flag&b=x=y&c=&")
        #expect(
            form.parameters == [
                FormParameter(name: "a", value: "1"),
                FormParameter(name: "flag", value: ""),
                FormParameter(name: "b", value: "x=y"),
                FormParameter(name: "c", value: ""),
            ]
        )
        #expect(try FormBody(decoding: "").parameters.isEmpty)
    }

    @Test("values are not trimmed or normalised")
    func noTrimmingOrNormalisation() throws {
        let form = try FormBody(decoding: "Body=++Cafe%CC%81%0D%0A++")
        let body = try #require(form.first("Body"))
        #expect(Array(body.unicodeScalars) == Array("  Cafe\u{301}\r\n  ".unicodeScalars))
        #expect(!body.unicodeScalars.contains("\u{E9}"))
    }

    @Test(
        "a bad percent escape throws, naming the parameter and the byte offset",
        arguments: [
            ("To=1&Body=100%", 13),  // '%' at the very end
            ("To=1&Body=100%2", 13),  // one hex digit only
            ("To=1&Body=%zz", 10),  // not hex
            ("To=1&Body=%+1", 10),
        ]
    )
    func badEscape(body: String, offset: Int) {
        #expect {
            try FormBody(decoding: body)
        } throws: { error in
            guard let error = error as? TwilioWireError else { return false }
            return error.code == .invalidFormEncoding && error.field == "Body" && error.byteOffset == offset
                && error.description.contains("'Body'") && error.description.contains("byte \(offset)")
        }
    }

    @Test("bytes that are not UTF-8 once decoded throw, naming the parameter and the offending byte")
    func badUTF8() throws {
        let error = try #require(throws: TwilioWireError.self) { try FormBody(decoding: "To=1&Body=ok%FF") }
        #expect(error.code == .invalidFormEncoding)
        #expect(error.field == "Body")
        #expect(error.byteOffset == 12)
        #expect(error.description == "invalid UTF-8 in value of parameter 'Body' at byte 12")

        // An escaped UTF-16 surrogate (CESU-8) is not UTF-8 either.
        #expect(throws: TwilioWireError.self) { try FormBody(decoding: "Body=%ED%A0%BD") }
        // Nor is an overlong encoding of '/'.
        #expect(throws: TwilioWireError.self) { try FormBody(decoding: "Body=%C0%AF") }
        // Raw (unescaped) invalid bytes are caught too.
        #expect(throws: TwilioWireError.self) { try FormBody(decoding: Array("Body=".utf8) + [0xC3]) }
    }

    @Test("a bad name is reported by position, and the error never quotes a value")
    func badName() throws {
        let error = try #require(throws: TwilioWireError.self) { try FormBody(decoding: "To=%2B15550100&%ZZ=1") }
        #expect(error.field == nil)
        #expect(error.description.contains("name of parameter 2"))
        #expect(!error.description.contains("15550100"))
    }

    @Test("the encoder keeps unreserved characters, writes spaces as '+', and escapes the rest in upper-case hex")
    func encoder() {
        let form: FormBody = [
            "To": "+14155550100",
            "From": "+12125550123",
            "Body": "Grüße & 100% ~ok* \"x\"",
            "StatusCallback": "https://bot.example.com/twilio/status?tenant=acme",
        ]
        // What Python's urllib.parse.urlencode (and so twilio-python) writes for the same pairs.
        #expect(
            form.encoded() == "To=%2B14155550100&From=%2B12125550123"
                + "&Body=Gr%C3%BC%C3%9Fe+%26+100%25+~ok%2A+%22x%22"
                + "&StatusCallback=https%3A%2F%2Fbot.example.com%2Ftwilio%2Fstatus%3Ftenant%3Dacme"
        )
        #expect(FormBody().encoded() == "")
        let unreserved: FormBody = ["a-b.c_d~": "AZaz09-._~"]
        #expect(unreserved.encoded() == "a-b.c_d~=AZaz09-._~")
    }

    @Test("encoding then decoding gives back the same parameters, scalar for scalar")
    func roundTrip() throws {
        let original: FormBody = [
            "Body": "a+b=c & d 100% #1\r\n\t👨‍👩‍👧 Cafe\u{301}",
            "Body": "",
            "Empty name follows": "x",
            "": "value of an empty name",
        ]
        let decoded = try FormBody(decoding: original.encoded())
        #expect(decoded == original)
        #expect(decoded.parameters.count == 4)
    }

    @Test("parameters compare scalar by scalar, not by canonical equivalence")
    func exactEquality() {
        let precomposed = FormParameter(name: "Body", value: "Caf\u{E9}")
        let decomposed = FormParameter(name: "Body", value: "Cafe\u{301}")
        #expect(precomposed.value == decomposed.value)  // String equality says equal…
        #expect(precomposed != decomposed)  // …the wire bytes differ.
        #expect(Set([precomposed, decomposed]).count == 2)
    }
}
