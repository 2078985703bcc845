import FlowLanguage
import Testing
import TextClassifier

struct CorpusTests {
    @Test func linesCommentsAndLabels() {
        let (examples, diagnostics) = Corpus.examples(path: "Corpus/intents/billing.txt", text: "# billing\n\nrefund pls\r\n  why was i charged  \n")
        #expect(diagnostics.isEmpty)
        #expect(examples == [
            LabeledText(text: "refund pls", label: "billing", source: "Corpus/intents/billing.txt:3"),
            LabeledText(text: "why was i charged", label: "billing", source: "Corpus/intents/billing.txt:4"),
        ])
    }

    @Test func problemsNameFileAndLine() {
        let bad = Corpus.examples(path: "Corpus/intents/Bad-Name.txt", text: "x\n")
        #expect(bad.diagnostics.map { "\($0.location) \($0.code)" } == ["Corpus/intents/Bad-Name.txt:1:1 FL0701"])
        let control = Corpus.examples(path: "c/intents/thanks.txt", text: "ok\nthanks\u{7}\n")
        #expect(control.diagnostics.map(\.location.line) == [2])
        let empty = Corpus.examples(path: "c/intents/thanks.txt", text: "# nothing\n")
        #expect(empty.diagnostics.first?.message == "no examples in 'thanks'")
        let conflicts = Corpus.conflicts([
            LabeledText(text: "Cancel it", label: "cancel", source: "c/intents/cancel.txt:4"),
            LabeledText(text: "cancel it ", label: "opt_out", source: "c/intents/opt_out.txt:9"),
        ])
        #expect(conflicts.map { "\($0.location)" } == ["c/intents/opt_out.txt:9:1"])
        #expect(conflicts.first?.message.contains("also an example of 'cancel' (c/intents/cancel.txt:4)") == true)
        let sameTokens = Corpus.conflicts([
            LabeledText(text: "yes", label: "confirm", source: "c/intents/confirm.txt:1"),
            LabeledText(text: "YES.", label: "deny", source: "c/intents/deny.txt:7"),
        ])
        #expect(sameTokens.map { "\($0.location)" } == ["c/intents/deny.txt:7:1"])
        #expect(sameTokens.first?.message.contains("reads the same as 'yes', an example of 'confirm'") == true)
    }

    @Test func csvImportWithQuotesAndNewlines() {
        let (examples, diagnostics) = Corpus.csv(path: "x.csv", text: "text,label\n\"hi, there\",greeting\n\"two\nlines\",other\n,empty\n")
        #expect(examples.map(\.text) == ["hi, there", "two\nlines"])
        #expect(diagnostics.map { "\($0.location): \($0.message)" } == ["x.csv:5:1: malformed CSV: empty text"])
        let broken = Corpus.csv(path: "y.csv", text: "text,label\n\"open,x\n")
        #expect(broken.diagnostics.map { "\($0.location)" } == ["y.csv:2:1"])
    }

    @Test func keywordRulesAndTheirErrors() {
        let (rules, diagnostics) = KeywordRules.parse(path: "k.tsv", text: "# c\nagent_request\thuman\t\\bhumans?\\b\nurgency\tasap\tasap|(\nbroken line\n")
        #expect(rules.rules.count == 1)
        #expect(rules.matches("a HUMAN please").map(\.name) == ["human"])
        #expect(diagnostics.map { "\($0.location)" } == ["k.tsv:3:20", "k.tsv:4:1"])
        let (_, misspelt) = KeywordRules.parse(path: "k.tsv", text: "profanty\tf\t\\bf\\b\nurgency\tnow\tnow\nurgency\tnow\tasap\n")
        #expect(misspelt.map { "\($0.location)" } == ["k.tsv:1:1", "k.tsv:3:9"])
        #expect(misspelt.first?.message.contains("unknown category 'profanty' (expected one of agent_request, profanity, urgency)") == true)
    }

    @Test func boundaryPrefilterIsOnlyUsedWhenSound() {
        #expect(KeywordRules.startsAtBoundary(#"\bhumans?\b|^\W*rep\W*$"#))
        #expect(KeywordRules.startsAtBoundary(#"\b(?:a|b)c|\bd[|]e"#))
        #expect(!KeywordRules.startsAtBoundary(#"\bok|now\s*!+"#))
        #expect(!KeywordRules.startsAtBoundary(#"(?:\bx)"#))
        // Rules that do not start at a boundary still match mid-word through the plain alternation.
        let (rules, _) = KeywordRules.parse(path: "k", text: "urgency\tbang\t!{2,}\nurgency\tnow\t\\bnow\\b\n")
        #expect(rules.matches("help!!").map { $0.name } == ["bang"])
        #expect(rules.matches("do it now").map { $0.name } == ["now"])
    }

    @Test func backReferencesKeepWorkingInACategory() {
        // Joined into one alternation, \\1 would point at the first rule's group.
        let (rules, diagnostics) = KeywordRules.parse(path: "k", text: "urgency\tfirst\t(x)y\nurgency\tdouble\t\\b(\\w)\\1\\b\n")
        #expect(diagnostics.isEmpty)
        #expect(rules.matches("aa").map { $0.name } == ["double"])
        #expect(rules.matches("xy").map { $0.name } == ["first"])
    }

    @Test func hashChangesWithContent() {
        #expect(Corpus.hash([("a", "x")]) == Corpus.hash([("a", "x")]))
        #expect(Corpus.hash([("a", "x")]) != Corpus.hash([("a", "y")]))
    }

    @Test("the corpus hash ignores how the folder is spelled, and changes with the training settings")
    func corpusHashIsAboutTheCorpusAndTheSettings() {
        func sources(_ root: String) -> CorpusSources {
            var sources = CorpusSources()
            sources.root = root
            let prefix = root.hasSuffix("/") ? root : root + "/"
            sources.intents = [(prefix + "intents/a.txt", "hi"), (prefix + "intents/b.txt", "bye")]
            sources.valence = (prefix + "lexicon/valence.tsv", "good\t1.9\n")
            return sources
        }
        #expect(sources("Corpus").hash(folds: 5) == sources("Corpus/").hash(folds: 5))
        #expect(sources("Corpus").hash(folds: 5) == sources("./Corpus").hash(folds: 5))
        #expect(sources("Corpus").hash(folds: 5) != sources("Corpus").hash(folds: 0))
    }

    @Test("keyword rules match curly apostrophes as typed on phones")
    func keywordRulesStraightenApostrophes() {
        let (rules, _) = KeywordRules.parse(path: "k", text: "urgency\tcant_wait\tcan't wait\nagent_request\tbot\tdon't want a bot\n")
        #expect(rules.matches("i can\u{2019}t wait any longer").map(\.name) == ["cant_wait"])
        #expect(rules.matches("i don`t want a bot").map(\.name) == ["bot"])
        #expect(rules.matches("i can't wait").map(\.name) == ["cant_wait"])
    }
}
