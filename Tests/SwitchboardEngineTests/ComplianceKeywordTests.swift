import SwitchboardEngine
import Testing

/// Whole-message compliance keywords: any case, surrounding punctuation and symbols ignored,
/// nothing else in the message.
struct ComplianceKeywordTests {
    @Test(arguments: [
        ("STOP", ComplianceKeyword.optOut("STOP")), ("stop", .optOut("STOP")), ("  Stop!  ", .optOut("STOP")),
        ("...STOP...", .optOut("STOP")), ("Stop 🛑", .optOut("STOP")), ("\"unsubscribe\"", .optOut("UNSUBSCRIBE")),
        ("Cancel.", .optOut("CANCEL")), ("ſtop", .optOut("STOP")), ("start", .optIn("START")), ("Yes!", .optIn("YES")),
        ("help?", .help("HELP")), ("INFO", .help("INFO")),
        // Full-width letters read as plain ones, and "opt out" is the one keyword of two words (FCC).
        ("ｓｔｏｐ", .optOut("STOP")), ("opt out", .optOut("OPT OUT")), ("OPT-OUT.", .optOut("OPT OUT")),
    ])
    func keywords(text: String, expected: ComplianceKeyword) {
        #expect(ComplianceKeyword.match(text) == expected)
    }

    @Test(arguments: [
        "stop please", "please stop", "cancel my appointment", "unsubscribed", "ST0P", "", "!!!", "🛑", "stopp",
        "STOP STOP", "stop-all", "opt in", "opt out now", String(repeating: "a", count: 5000),
    ])
    func notKeywords(text: String) {
        #expect(ComplianceKeyword.match(text) == nil)
    }
}
