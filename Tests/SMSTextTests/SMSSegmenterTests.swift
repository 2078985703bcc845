import SMSText
import Testing

@Suite("SMSSegmenter")
struct SMSSegmenterTests {
    /// All scalars from the default alphabet (127) and the extension table (10), per TS 23.038.
    static let defaultAlphabet =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    static let extensionTable = "\u{0C}^{}\\[~]|€"

    @Test func alphabetTablesAreExact() {
        var oneSeptet: Set<UInt32> = []
        var twoSeptets: Set<UInt32> = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch SMSSegmenter.septets(for: scalar) {
            case 1?: oneSeptet.insert(value)
            case 2?: twoSeptets.insert(value)
            case nil: break
            case let other?: Issue.record("unexpected cost \(other) for U+\(String(value, radix: 16))")
            }
        }
        #expect(oneSeptet == Set(Self.defaultAlphabet.unicodeScalars.map(\.value)))
        #expect(oneSeptet.count == 127)
        #expect(twoSeptets == Set(Self.extensionTable.unicodeScalars.map(\.value)))
        #expect(twoSeptets.count == 10)
    }

    @Test func trapsAreNotGSM() {
        // ESC, TAB, backtick, DEL, cent, NBSP, soft hyphen, small c-cedilla, OHM SIGN, Greek Alpha, small alpha.
        for value: UInt32 in [0x1B, 0x09, 0x60, 0x7F, 0xA2, 0xA0, 0xAD, 0xE7, 0x2126, 0x391, 0x3B1] {
            #expect(SMSSegmenter.septets(for: Unicode.Scalar(value)!) == nil, "U+\(String(value, radix: 16))")
        }
        #expect(SMSSegmenter.septets(for: "Ç") == 1)
        #expect(SMSSegmenter.septets(for: "Ω") == 1)  // U+03A9
    }

    @Test func extensionCharactersCostTwoSeptets() {
        for scalar in Self.extensionTable.unicodeScalars {
            #expect(SMSSegmenter.septets(for: scalar) == 2)
        }
        let info = SMSSegmenter.measure("Order {id}")
        #expect(info.encoding == .gsm7)
        #expect(info.units == 12)
        #expect(SMSSegmenter.measure("€5").units == 3)
        // 80 euro signs are exactly 160 septets: one message.
        #expect(SMSSegmenter.measure(String(repeating: "€", count: 80)).segments == 1)
    }

    @Test func escapePairIsNeverSplit() {
        // 152 + 2 would be 154 > 153: the euro sign moves whole to the next segment.
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 10)
        let info = SMSSegmenter.measure(text)
        #expect(info.partLengths == [152, 12])
        #expect(info.parts == [String(repeating: "a", count: 152), "€" + String(repeating: "b", count: 10)])

        // 151 + 2 = 153 fits exactly.
        let fits = SMSSegmenter.measure(String(repeating: "a", count: 151) + "€" + String(repeating: "b", count: 10))
        #expect(fits.partLengths == [153, 10])
    }

    @Test func precomposedVersusDecomposedE() {
        let precomposed = "Caf\u{E9}"
        let decomposed = "Cafe\u{301}"
        #expect(precomposed == decomposed)  // Swift: canonically equivalent Strings ...

        let gsm = SMSSegmenter.measure(precomposed)  // ... but only one of them is GSM-7.
        #expect(gsm.encoding == .gsm7)
        #expect(gsm.units == 4)
        #expect(gsm.nonGSMScalars.isEmpty)

        let ucs2 = SMSSegmenter.measure(decomposed)
        #expect(ucs2.encoding == .ucs2)
        #expect(ucs2.units == 5)
        #expect(ucs2.nonGSMScalars == ["\u{301}"])
    }

    @Test func surrogatePairAtTheSixtySevenUnitBoundary() {
        let emoji = "😀"  // U+1F600, 2 UTF-16 units

        // 65 + 2 = 67: the pair ends the first segment exactly.
        let exact = SMSSegmenter.measure(String(repeating: "x", count: 65) + emoji + String(repeating: "y", count: 10))
        #expect(exact.encoding == .ucs2)
        #expect(exact.units == 77)
        #expect(exact.partLengths == [67, 10])
        #expect(exact.parts[0].unicodeScalars.last == "😀")

        // 66 + 2 = 68 > 67: the whole pair moves to the next segment, which starts with it.
        let moved = SMSSegmenter.measure(String(repeating: "x", count: 66) + emoji + String(repeating: "y", count: 10))
        #expect(moved.partLengths == [66, 12])
        #expect(moved.parts[1].unicodeScalars.first == "😀")
        for (part, length) in zip(moved.parts, moved.partLengths) {
            #expect(part.utf16.count == length)
        }
    }

    @Test func singleMessageLimits() {
        #expect(SMSSegmenter.measure(String(repeating: "a", count: 160)).segments == 1)
        #expect(SMSSegmenter.measure(String(repeating: "a", count: 161)).partLengths == [153, 8])
        #expect(SMSSegmenter.measure(String(repeating: "д", count: 70)).segments == 1)
        #expect(SMSSegmenter.measure(String(repeating: "д", count: 71)).partLengths == [67, 4])
    }

    @Test func emptyTextIsOneEmptyGSMSegment() {
        let info = SMSSegmenter.measure("")
        #expect(
            info
                == SegmentInfo(
                    encoding: .gsm7,
                    units: 0,
                    segments: 1,
                    partLengths: [0],
                    parts: [""],
                    nonGSMScalars: []
                )
        )
    }

    @Test func nonGSMScalarsAreUniqueInFirstSeenOrder() {
        let info = SMSSegmenter.measure("“Don’t” 😀 — it’s “fine” 😀")
        #expect(info.encoding == .ucs2)
        #expect(info.nonGSMScalars == ["“", "’", "”", "😀", "—"])

        #expect(SMSSegmenter.measure("Reply STOP to unsubscribe {ok} €").nonGSMScalars.isEmpty)
        #expect(SMSSegmenter.measure("garçon").nonGSMScalars == ["ç"])
    }

    @Test func partsReassembleToTheOriginalScalars() {
        let text = String(repeating: "Привет, 👍🏽 e\u{301}! ", count: 20)
        let info = SMSSegmenter.measure(text)
        #expect(info.segments == info.parts.count)
        #expect(info.partLengths.reduce(0, +) == info.units)
        #expect(Array(info.parts.joined().unicodeScalars) == Array(text.unicodeScalars))
        #expect(info.partLengths.allSatisfy { $0 <= 67 })
    }
}
