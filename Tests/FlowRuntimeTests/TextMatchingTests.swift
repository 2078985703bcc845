import FlowRuntime
import Testing

struct TextMatchingTests {
    @Test(arguments: [
        ("  A. ", "a"), (" b)", "b"), ("My  BILL!!", "my bill"), ("where’s my package?", "where's my package"),
        ("#1", "1"), ("😀 hi", "😀 hi"), ("", ""), ("'quoted'", "quoted"),
    ])
    func normalize(input: String, expected: String) {
        #expect(TextMatching.normalize(input) == expected)
    }

    @Test func containsMatchesWholeWordsOnly() {
        #expect(TextMatching.contains("my bill", in: "question about my bill please"))
        #expect(!TextMatching.contains("bill", in: "billing"))
        #expect(!TextMatching.contains("no", in: "not now"))
        #expect(!TextMatching.contains("", in: "anything"))
    }
}
