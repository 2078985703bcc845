import FlowLanguage

/// The contents of a corpus folder, as (path, text) pairs; callers read the files.
public struct CorpusSources: Sendable {
    /// `intents/<label>.txt` files.
    public var intents: [(path: String, text: String)] = []
    /// `sentiment/<label>.txt` files.
    public var sentiment: [(path: String, text: String)] = []
    /// `lexicon/valence.tsv`, `negators.txt`, `intensifiers.tsv`, `contrast.txt` (missing ones empty).
    public var valence: (path: String, text: String) = ("lexicon/valence.tsv", "")
    /// Negators.
    public var negators: (path: String, text: String) = ("lexicon/negators.txt", "")
    /// Intensifiers.
    public var intensifiers: (path: String, text: String) = ("lexicon/intensifiers.tsv", "")
    /// Contrast words.
    public var contrast: (path: String, text: String) = ("lexicon/contrast.txt", "")
    /// `keywords.tsv`, if present.
    public var keywords: (path: String, text: String)?
    /// The corpus folder the paths start with (left out of the hash, so `Corpus`, `Corpus/` and
    /// `./Corpus` are the same corpus).
    public var root: String = ""

    /// An empty set of sources.
    public init() {}

    /// Every file, for the corpus hash.
    public var allFiles: [(path: String, text: String)] {
        intents + sentiment + [valence, negators, intensifiers, contrast] + (keywords.map { [$0] } ?? [])
    }

    /// The hash a model trained from these sources with `folds`-fold calibration records: the files
    /// (paths relative to ``root``), the training settings and ``CorpusTraining/version``, so a model
    /// from other settings or an older tokenizer counts as stale.
    /// - Parameter folds: The cross-validation folds the model was (or will be) calibrated with.
    /// - Returns: The hash.
    public func hash(folds: Int) -> String {
        let prefix = root.isEmpty ? "" : (root.hasSuffix("/") ? root : root + "/")
        let relative = allFiles.map { file in
            let path = prefix.isEmpty || !file.path.hasPrefix(prefix) ? Substring(file.path) : file.path.dropFirst(prefix.count)
            return (path: String(path.drop { $0 == "/" }), text: file.text)
        }
        return Corpus.hash(relative + [("settings", "training \(CorpusTraining.version), folds \(folds)")])
    }
}

/// Trains and assembles the classifier from corpus sources, collecting every problem in the files.
public enum CorpusTraining {
    /// The version of the tokenizer, features and trainer; part of the corpus hash, so a model file
    /// made by a build that tokenized differently is retrained. Bump it with any such change.
    public static let version = 2

    /// The intent examples, or the problems that stop training (with file:line).
    /// - Parameter sources: The corpus.
    /// - Returns: Examples and diagnostics.
    public static func intentExamples(_ sources: CorpusSources) -> ([LabeledText], [Diagnostic]) {
        var examples: [LabeledText] = []
        var diagnostics: [Diagnostic] = []
        for file in sources.intents {
            let parsed = Corpus.examples(path: file.path, text: file.text)
            examples += parsed.examples
            diagnostics += parsed.diagnostics
        }
        if sources.intents.isEmpty {
            let folder = sources.root.isEmpty ? "intents" : (sources.root.hasSuffix("/") ? sources.root : sources.root + "/") + "intents"
            diagnostics.append(DiagnosticCode.corpusProblem("no intent files (expected \(folder)/<intent>.txt)", at: SourceLocation(file: folder, line: 1, column: 1)))
        } else if sources.intents.count == 1 {
            diagnostics.append(DiagnosticCode.corpusProblem("only one intent file: a classifier needs at least two intents", at: SourceLocation(file: sources.intents[0].path, line: 1, column: 1)))
        }
        return (examples, diagnostics + Corpus.conflicts(examples))
    }

    /// Trains the intent and sentiment models.
    /// - Parameters:
    ///   - sources: The corpus.
    ///   - hash: The hash to record (default: the corpus hash).
    ///   - folds: Cross-validation folds for the intent model's calibration and accuracy.
    ///   - progress: Progress lines.
    /// - Returns: The bundle, or the problems found in the files.
    public static func train(
        _ sources: CorpusSources, hash: String? = nil, folds: Int = 5, progress: ((String) -> Void)? = nil
    ) -> Result<ModelBundle, DiagnosticList> {
        let (examples, diagnostics) = intentExamples(sources)
        var sentimentExamples: [LabeledText] = []
        var problems = diagnostics
        for file in sources.sentiment {
            let parsed = Corpus.examples(path: file.path, text: file.text)
            sentimentExamples += parsed.examples
            problems += parsed.diagnostics
        }
        guard problems.isEmpty else { return .failure(DiagnosticList(diagnostics: problems)) }
        let recorded = hash ?? sources.hash(folds: folds)
        let intents = IntentTrainer().train(examples, corpusHash: recorded, folds: folds, progress: progress)
        let sentimentTrainer = IntentTrainer()
        let sentiment = sentimentTrainer.train(sentimentExamples.isEmpty ? [LabeledText(text: "ok", label: "neutral")] : sentimentExamples, corpusHash: recorded, folds: 0)
        return .success(ModelBundle(intents: intents, sentiment: sentiment))
    }

    /// Assembles a classifier from a trained bundle and the corpus's lexicon and keyword rules.
    /// - Parameters:
    ///   - sources: The corpus.
    ///   - bundle: The trained models.
    /// - Returns: The classifier, or the problems in the lexicon or keyword files.
    public static func classifier(_ sources: CorpusSources, bundle: ModelBundle) -> Result<Classifier, DiagnosticList> {
        let (lexicon, lexiconProblems) = SentimentLexicon.parse(
            valence: sources.valence, negators: sources.negators, intensifiers: sources.intensifiers, contrast: sources.contrast)
        var keywords = KeywordRules()
        var keywordProblems: [Diagnostic] = []
        if let file = sources.keywords { (keywords, keywordProblems) = KeywordRules.parse(path: file.path, text: file.text) }
        let problems = lexiconProblems + keywordProblems
        guard problems.isEmpty else { return .failure(DiagnosticList(diagnostics: problems)) }
        return .success(Classifier(intents: bundle.intents, sentiment: SentimentAnalyzer(lexicon: lexicon, model: bundle.sentiment), keywords: keywords))
    }
}

/// Problems that stop a corpus from training, as an error.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    /// The problems.
    public var diagnostics: [Diagnostic]
    /// One rendered diagnostic per line.
    public var description: String { diagnostics.map { DiagnosticRenderer.render($0) }.joined(separator: "\n") }
}
