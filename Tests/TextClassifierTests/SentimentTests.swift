import FlowLanguage
import Testing
import TextClassifier

struct SentimentTests {
    static let analyzer: SentimentAnalyzer = {
        let (lexicon, _) = SentimentLexicon.parse(
            valence: ("v.tsv", "good\t1.9\ngreat\t3.1\nhappy\t2.7\nbad\t-2.5\nterrible\t-3.1\nuseless\t-2.6\n😡\t-3\n😊\t2.5\n"),
            negators: ("n.txt", "not\nnever\n"), intensifiers: ("i.tsv", "really\t0.3\nkinda\t-0.2\n"), contrast: ("c.txt", "but\n"))
        return SentimentAnalyzer(lexicon: lexicon, model: nil)
    }()

    func score(_ text: String) -> Double { Self.analyzer.analyze(text).score }

    /// A lexicon parsed from the four files' texts, with its problems and an analyzer without a model.
    static func lexicon(valence: String, negators: String = "", intensifiers: String = "", contrast: String = "")
        -> (lexicon: SentimentLexicon, problems: [Diagnostic], analyzer: SentimentAnalyzer)
    {
        let (lexicon, problems) = SentimentLexicon.parse(
            valence: ("v.tsv", valence), negators: ("n.txt", negators), intensifiers: ("i.tsv", intensifiers), contrast: ("c.txt", contrast))
        return (lexicon, problems, SentimentAnalyzer(lexicon: lexicon, model: nil))
    }

    @Test func lexiconRules() {
        #expect(Self.analyzer.analyze("this is great").label == .positive)
        #expect(Self.analyzer.analyze("the order number is 123").label == .neutral)
        #expect(Self.analyzer.analyze("not happy").label == .negative)
        #expect(Self.analyzer.analyze("this is useless 😡").label == .negative)
        #expect(score("really good") > score("good"))
        #expect(score("kinda good") < score("good"))
        #expect(score("good!!!") > score("good"))
        #expect(score("good but terrible") < 0)
        #expect(score("terrible but good") > 0)
        #expect(score("i dont think its bad") > 0)
    }

    @Test("a negator with a valence of its own counts only when it negates nothing and does not open the message")
    func negatorWithAValence() {
        let analyzer = Self.lexicon(valence: "no\t-1.0\nproblem\t-1.7\nrefund\t0\n", negators: "no\nnot\n").analyzer
        #expect(analyzer.analyze("still no refund").label == .negative)
        #expect(analyzer.analyze("they said err no").label == .negative)
        #expect(analyzer.analyze("no the other address").label == .neutral)
        #expect(analyzer.analyze("no").label == .neutral)
        #expect(analyzer.analyze("no problem").label == .positive)
        #expect(analyzer.analyze("sadly no problem solved").label == .positive)
        #expect(analyzer.analyze("no no no").label == .negative)
    }

    @Test("intensifier and contrast phrases of several words work like single words, and their words lose any valence")
    func phrases() {
        let analyzer = Self.lexicon(
            valence: "kind\t2.4\ngood\t1.9\nshitty\t-2.6\nbad\t-2.5\ngreat\t3.1\n", intensifiers: "kind of\t-0.2\n", contrast: "on the other hand\n"
        ).analyzer
        #expect(analyzer.analyze("feeling kind of shitty").label == .negative)
        #expect(analyzer.analyze("kind of good").score < analyzer.analyze("good").score)
        #expect(analyzer.analyze("she was kind").label == .positive)
        #expect(analyzer.analyze("great, on the other hand bad").score < 0)
        #expect(analyzer.analyze("bad, on the other hand great").score > 0)
        #expect(analyzer.analyze("on the other").label == .neutral)
    }

    @Test("entries the tokenizer splits (\"top-notch\", \"no one\") match as phrases; a spelled-out entry beats one normalised to it")
    func entriesMatchTheWayMessagesAreTokenized() {
        let (lexicon, problems, analyzer) = Self.lexicon(
            valence: "hassle\t-1.7\nfree\t1.0\nhassle-free\t2.0\ntop-notch\t2.7\nthnx\t1.0\nthanks\t1.9\ncares\t1.0\n", negators: "no one\n")
        #expect(problems.isEmpty)
        #expect(analyzer.analyze("hassle-free setup").label == .positive)
        #expect(analyzer.analyze("top-notch service").score > analyzer.analyze("thanks").score)
        #expect(analyzer.analyze("no one cares").label == .negative)
        #expect(lexicon.valence["thanks"] == 1.9)
        #expect(lexicon.valence["top notch"] == 2.7)
    }

    @Test("an intensifier with a valence of its own boosts the next word instead; a contrast word counts only with sentiment after it")
    func intensifiersAndTrailingContrast() {
        let analyzer = Self.lexicon(valence: "mad\t-2.0\ngood\t1.9\ngreat\t3.1\n", intensifiers: "mad\t0.25\n", contrast: "yet\n").analyzer
        #expect(analyzer.analyze("mad good").score > analyzer.analyze("good").score)
        #expect(analyzer.analyze("so mad").label == .negative)
        #expect(analyzer.analyze("great, is it here yet").score == analyzer.analyze("great, is it here").score)
    }

    @Test("an entry the tokenizer reduces to digits alone is reported at its line, since it would match any number")
    func digitOnlyEntriesAreReported() {
        let problems = Self.lexicon(valence: "good\t1.9\n", intensifiers: "very\t0.3\n100%\t0.3\n").problems
        #expect(problems.map { "\($0.location)" } == ["i.tsv:2:1"])
    }

    @Test("inflections that are other words are not scored: \"passed\" is not \"passe\"")
    func inflectionsThatAreOtherWords() {
        let analyzer = Self.lexicon(valence: "passe\t-0.7\nannoy\t-1.8\n").analyzer
        #expect(analyzer.analyze("the inspection passed").label == .neutral)
        #expect(analyzer.analyze("so annoying").label == .negative)
    }

    @Test func malformedLexiconLinesAreReported() {
        let (_, diagnostics) = SentimentLexicon.parse(
            valence: ("v.tsv", "good\t1.9\nbad\n# c\nworse\t-9\n"), negators: ("n", ""), intensifiers: ("i.tsv", "very\tx\n"), contrast: ("c", ""))
        #expect(diagnostics.map { "\($0.location)" } == ["v.tsv:2:1", "v.tsv:4:1", "i.tsv:1:1"])
    }

    @Test func frustrationRisesWithShoutingAndRepeatedPunctuation() {
        let calm = Frustration.score(text: "my order is late", tokens: Tokenizer.tokens("my order is late"), sentiment: -0.2, keywords: [])
        let loud = Frustration.score(text: "this is the THIRD delay!!!", tokens: Tokenizer.tokens("this is the THIRD delay!!!"), sentiment: -0.6, keywords: [])
        let abusive = Frustration.score(text: "f this", tokens: ["f", "this"], sentiment: -0.6, keywords: ["profanity", "agent_request"])
        #expect(calm < 0.3)
        #expect(loud > 0.6)
        #expect(abusive > loud)
        #expect((0...1).contains(Frustration.score(text: String(repeating: "A!", count: 500), tokens: Tokenizer.tokens(String(repeating: "A!", count: 500)), sentiment: -1, keywords: ["profanity", "agent_request", "urgency"])))
    }

    @Test func groundTruthFormat() throws {
        let rows = try SentimentGroundTruth.parse("1\t2.5\tgreat stuff\r\n2\t-0.01\tmeh\tok\r\n3\t-1.2\tbad", path: "g.txt")
        #expect(rows.map(\.text) == ["great stuff", "meh\tok", "bad"])
        #expect(rows.map { SentimentGroundTruth.label($0.rating) } == [.positive, .neutral, .negative])
        #expect(throws: SentimentGroundTruth.GroundTruthError.self) { try SentimentGroundTruth.parse("1\tx\ttext", path: "g.txt") }
    }
}
