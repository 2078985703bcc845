import Testing
import TextClassifier

struct TokenizerTests {
    @Test(arguments: [
        ("Where's my PACKAGE??", ["where", "is", "my", "package", "??"]),
        ("soooo sloooow!!!", ["soo", "sloow", "!!"]),
        ("order #4821-3377 pls", ["order", "0000", "0000", "please"]),
        ("I can't log in, dont know why", ["i", "can", "not", "log", "in", "do", "not", "know", "why"]),
        ("thx u 😊👍", ["thanks", "you", "😊", "👍"]),
        ("it’s broken?!", ["it", "is", "broken", "?", "!"]),
        ("great :) see u <3 xD", ["great", ":)", "see", "you", "<3", "xD"]),
        ("time 8:30 :Dave", ["time", "0", "00", "dave"]),
        ("see u b4 2nite, gr8", ["see", "you", "before", "tonight", "great"]),
        ("h1 and h8", ["h0", "and", "hate"]),
        ("ok:( thanks:) <333", ["ok", ":(", "thanks", ":)", "<3"]),
        ("http://x.co/a is down :/", ["http", "x", "co", "a", "is", "down", ":/"]),
        ("", []),
        ("   ...   ", []),
    ])
    func tokens(text: String, expected: [String]) {
        #expect(Tokenizer.tokens(text) == expected)
    }

    @Test func hostileInputDoesNotCrash() {
        let long = String(repeating: "a", count: 10_000) + "\u{0}\u{7}\u{202E}é\u{301}"
        #expect(Tokenizer.tokens(long).count == 2)
        #expect(Tokenizer.tokens("'; DROP TABLE users; --") == ["drop", "table", "users"])
    }

    @Test func featuresAreDeterministicAndNormalised() {
        let hasher = FeatureHasher(config: FeatureConfig())
        let one = hasher.features(of: "where is my order")
        let two = hasher.features(of: "where is my order")
        #expect(one.buckets == two.buckets)
        #expect(one.values == two.values)
        #expect(Set(one.buckets).count == one.buckets.count)
        // Two families, each of unit length: total squared norm 2.
        let norm = one.values.reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 2) < 1e-4)
        #expect(hasher.features(of: "").buckets.isEmpty)
    }
}
