import SMSText
import Testing

@Suite("Smart characters")
struct SmartCharactersTests {
    @Test(
        "common smart characters have GSM look-alikes",
        arguments: [
            ("\u{2019}", "'"), ("\u{2018}", "'"), ("\u{201C}", "\""), ("\u{201D}", "\""),
            ("\u{2014}", "-"), ("\u{2013}", "-"), ("\u{2026}", "..."), ("\u{00A0}", " "),
            ("\u{00AB}", "\""), ("\u{2212}", "-"), ("\u{FEFF}", ""), ("\u{00AD}", ""),
            ("\u{2126}", "Ω"), ("\u{FF01}", "!"), ("\u{FF5B}", "{"), ("\u{0060}", "'"),
        ] as [(Unicode.Scalar, String)]
    )
    func replacement(_ scalar: Unicode.Scalar, _ expected: String) {
        #expect(SMSSegmenter.gsmReplacement(for: scalar) == expected)
    }

    @Test func noReplacementForGSMOrUnmappable() {
        for scalar: Unicode.Scalar in ["a", "'", "€", "é", "😀", "д", "你", "\u{301}", "\u{200D}"] {
            #expect(SMSSegmenter.gsmReplacement(for: scalar) == nil, "\(SMSSegmenter.describe(scalar))")
        }
    }

    @Test func everyReplacementIsGSM() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value), let replacement = SMSSegmenter.gsmReplacement(for: scalar)
            else { continue }
            #expect(SMSSegmenter.septets(for: scalar) == nil)
            #expect(SMSSegmenter.measure(replacement).encoding == .gsm7, "\(SMSSegmenter.describe(scalar))")
        }
    }

    @Test func replacingSmartCharactersRestoresGSM() {
        let text = "I’m sorry — “Order 5” ships today…"
        var fixed = ""
        for scalar in text.unicodeScalars {
            fixed += SMSSegmenter.gsmReplacement(for: scalar) ?? String(scalar)
        }
        #expect(fixed == "I'm sorry - \"Order 5\" ships today...")
        #expect(SMSSegmenter.measure(text).encoding == .ucs2)
        #expect(SMSSegmenter.measure(fixed).encoding == .gsm7)
    }

    @Test func describeNamesTheScalar() {
        #expect(SMSSegmenter.describe("\u{2019}") == "’ (U+2019 RIGHT SINGLE QUOTATION MARK)")
        #expect(SMSSegmenter.describe("😀") == "😀 (U+1F600 GRINNING FACE)")
        #expect(SMSSegmenter.describe("\u{00A0}") == "U+00A0 NO-BREAK SPACE")
        #expect(SMSSegmenter.describe("\u{FEFF}") == "U+FEFF ZERO WIDTH NO-BREAK SPACE")
        #expect(SMSSegmenter.describe("\u{301}") == "U+0301 COMBINING ACUTE ACCENT")
        #expect(SMSSegmenter.describe("\t") == "U+0009 CHARACTER TABULATION")
        #expect(SMSSegmenter.describe("\u{80}") == "U+0080 <control>")
    }
}
