import PhoneNumbers
import Testing

@Suite("PhoneNumbers")
struct PhoneNumbersTests {
    // MARK: - normalize beyond the vectors

    @Test func supportedRegions() {
        #expect(PhoneNumbers.supportedRegions == ["US", "GB", "DE", "IN", "BR"])
    }

    @Test(arguments: [
        ("tel:+1-202-456-1111;ext=42", "US", "+12024561111"),
        ("202-456-1111 x 42", "US", "+12024561111"),
        ("202-456-1111x42", "US", "+12024561111"),
        ("202-456-1111 #42", "US", "+12024561111"),
        ("202-456-1111#", "US", "+12024561111"),
        ("202 456 1111 extension 7", "US", "+12024561111"),
        ("1-800-GOT-JUNK", "US", "+18004685865"),
        ("+44 020 7946 0958", "US", "+442079460958"),  // trunk 0 after the country code
        ("00 33 1 23 45 67 89", "GB", "+33123456789"),  // no metadata for France: shape only
        ("+39 06 1234 5678", "US", "+390612345678"),  // Italian landlines keep their 0
        ("+41 (0)44 668 18 00", "US", "+41446681800"),  // (0) is dropped for any country
        ("００４４ ２０ ７９４６ ０９５８", "GB", "+442079460958"),  // full-width digits and prefix
        ("＋１ ２０２ ４５６ １１１１", "US", "+12024561111"),  // full-width plus
        ("\u{200E}+1 202 456 1111\u{200F}", "US", "+12024561111"),  // direction marks from copy-paste
        ("+1\u{00A0}202\u{2011}456\u{2013}1111", "US", "+12024561111"),  // no-break space, dashes
        ("2024561111\n", "US", "+12024561111"),  // trailing newline trimmed
        ("१२३४५ ६७८९०", "IN", "+911234567890"),  // Devanagari digits
        ("0 21 11 2345-6789", "BR", "+551123456789"),  // carrier code before a landline
        ("0021 1 202 456 1111", "BR", "+12024561111"),  // BR international prefix 00 + carrier 21
        ("(202) 456-1111", "us", "+12024561111"),  // region code in lower case
        ("+1 202 456 1111", "FR", "+12024561111"),  // + works with an unsupported region
    ])
    func normalizes(input: String, region: String, expected: String) throws {
        #expect(try PhoneNumbers.normalize(input, defaultRegion: region) == expected)
    }

    @Test(arguments: [
        ("(202) 456-1111", "FR", "default region is not supported: use the international format (+ and country code)"),
        ("555-1234", "US", "too short"),
        ("(555) 555-5555", "US", "area code 555 is not assigned"),
        ("(911) 456-1111", "US", "area code 911 is not assigned"),
        ("(202) 156-1111", "US", "exchange must start with 2-9"),
        ("07700 900123", "GB", "07700 900xxx is reserved for drama"),
        ("+0 123 456 7890", "US", "country code cannot start with 0"),
        ("+7 123", "US", "too short"),
        ("+7 1234 5678 9012 3456", "US", "too long"),
        ("1+202 456 1111", "US", "'+' is only allowed at the start"),
        ("abc", "US", "not a phone number"),
        ("", "US", "not a phone number"),
        ("202 456 1111 ext 12345678901", "US", "extension is not a number"),
        ("202 456 111O", "US", "contains characters that are not part of a phone number"),
    ])
    func rejects(input: String, region: String, reason: String) {
        #expect(throws: PhoneNumberError.self) { try PhoneNumbers.normalize(input, defaultRegion: region) }
        do {
            _ = try PhoneNumbers.normalize(input, defaultRegion: region)
        } catch {
            #expect(error.reason == reason)
            #expect(error.description == "invalid phone number: \(reason)")
        }
    }

    // MARK: - Hostile input

    @Test(arguments: [
        String(repeating: "1234567890", count: 1024),  // 10 KB of digits
        "+" + String(repeating: "9", count: 10_000),
        "📞 202 456 1111",
        "202 456 1111 😀",
        "202\u{0}456\u{0}1111",
        "\u{7}2024561111",
        "202\u{1B}[31m4561111",
        "202\n456\n1111",
        "' OR 1=1; --",
        "1; DROP TABLE users; --",
        "2024561111'; DELETE FROM sessions WHERE '1'='1",
        "SELECT * FROM numbers",
        "<script>alert(1)</script>",
        "+1 202 456 1111 +1 202 456 1111",
        "202*456*1111",
        "١٢٣",
    ])
    func rejectsHostileInput(_ input: String) {
        #expect(throws: PhoneNumberError.self) { try PhoneNumbers.normalize(input) }
    }

    @Test func errorNeverContainsTheInput() {
        for input in ["+44 7911 12345", "(11) 81234-5678", "555-1234", String(repeating: "7", count: 400)] {
            do {
                _ = try PhoneNumbers.normalize(input, defaultRegion: "BR")
                Issue.record("expected a throw")
            } catch {
                let digits = input.filter(\.isNumber)
                #expect(!error.description.contains(digits))
                #expect(!error.reason.contains(digits))
            }
        }
    }

    // MARK: - mask

    @Test(arguments: [
        ("+12024561111", "+1******1111"),
        ("+442079460958", "+44******0958"),
        ("+4915123456789", "+49*******6789"),
        ("+5511912345678", "+55*******5678"),
        ("+919876543210", "+91******3210"),
        ("+3531234567", "+353****567"),  // 3-digit country code, short number: four digits stay masked
        ("+2901234", "+290****"),  // short number: at least four digits stay masked
        ("+37012345678", "+370****5678"),
    ])
    func masks(e164: String, expected: String) {
        #expect(PhoneNumbers.mask(e164) == expected)
    }

    @Test(arguments: ["", "12024561111", "+", "+0123456789", "+1202456111x", "+1234567890123456", "not a number"])
    func maskHidesAnythingThatIsNotE164(_ text: String) {
        #expect(PhoneNumbers.mask(text) == "***")
    }

    @Test func maskOfNormalizedNumber() throws {
        #expect(PhoneNumbers.mask(try PhoneNumbers.normalize("1-800-FLOWERS")) == "+1******9377")
    }
}
