import FlowRuntime
import Testing

struct TextMatchingTests {
    @Test(arguments: [
        ("  A. ", "a"), (" b)", "b"), ("My  BILL!!", "my bill"), ("where’s my package?", "where's my package"),
        ("#1", "1"), ("😀 hi", "😀 hi"), ("", ""), ("'quoted'", "quoted"),
        ("\u{FF22}", "b"), ("\u{0662}", "2"), ("\u{0967}\u{0966}", "10"),
    ])
    func normalize(input: String, expected: String) {
        #expect(TextMatching.normalize(input) == expected)
    }

    @Test func emojiWordsAreDecorationForKeys() {
        #expect(TextMatching.withoutEmoji("b \u{1F44D}") == "b")
        #expect(TextMatching.withoutEmoji("\u{1F44D}") == "\u{1F44D}")
        #expect(TextMatching.withoutEmoji("b") == "b")
    }

    @Test func containsMatchesWholeWordsOnly() {
        #expect(TextMatching.contains("my bill", in: "question about my bill please"))
        #expect(!TextMatching.contains("bill", in: "billing"))
        #expect(!TextMatching.contains("no", in: "not now"))
        #expect(!TextMatching.contains("", in: "anything"))
    }
}
