import ArgumentParser
import FlowLanguage
import Foundation
import TextClassifier

/// Loads the classifier for a corpus folder: the models from the model file when its corpus hash
/// matches, otherwise by training (and saving); lexicon and keyword rules from their files.
enum ClassifierLoading {
    /// The default model file beside the corpus.
    static func defaultModelPath(corpus: String) -> String {
        (corpus.hasSuffix("/") ? corpus : corpus + "/") + ".switchboard.model"
    }

    /// Reads a corpus folder.
    static func sources(corpus: String) throws -> CorpusSources {
        var sources = CorpusSources()
        sources.root = corpus
        sources.intents = try CorpusFiles.files(in: corpus + "/intents", suffix: ".txt")
        sources.sentiment = try CorpusFiles.files(in: corpus + "/sentiment", suffix: ".txt")
        func optional(_ name: String) throws -> (path: String, text: String) {
            let path = corpus + "/" + name
            return (path, FileManager.default.fileExists(atPath: path) ? try CorpusFiles.read(path) : "")
        }
        sources.valence = try optional("lexicon/valence.tsv")
        sources.negators = try optional("lexicon/negators.txt")
        sources.intensifiers = try optional("lexicon/intensifiers.tsv")
        sources.contrast = try optional("lexicon/contrast.txt")
        if FileManager.default.fileExists(atPath: corpus + "/keywords.tsv") { sources.keywords = try optional("keywords.tsv") }
        return sources
    }

    static func train(_ sources: CorpusSources, hash: String? = nil, folds: Int, progress: ((String) -> Void)?) throws -> ModelBundle {
        switch CorpusTraining.train(sources, hash: hash, folds: folds, progress: progress) {
        case .success(let bundle): return bundle
        case .failure(let problems):
            try CorpusFiles.stopOnErrors(problems.diagnostics)
            throw ExitCode(1)
        }
    }

    /// The classifier for a corpus, retraining when the model file is missing or stale.
    static func load(corpus: String, modelPath: String?, quiet: Bool = false) throws -> Classifier {
        let sources = try sources(corpus: corpus)
        let hash = sources.hash(folds: 5)
        let path = modelPath ?? defaultModelPath(corpus: corpus)
        var bundle: ModelBundle?
        if let data = FileManager.default.contents(atPath: path) {
            // A file given with --model that is something else (a flow, a typo'd path) is never
            // written over; the default file inside the corpus folder is ours to replace.
            if modelPath != nil, !data.isEmpty, !ModelBundle.looksLikeModelFile(data) {
                printError("error: --model \(path): not a Switchboard model file; refusing to overwrite it (choose another path)")
                throw ExitCode(1)
            }
            do {
                let stored = try ModelBundle.decode(data)
                if stored.corpusHash == hash {
                    bundle = stored
                } else if modelPath != nil {
                    printError("note: \(path) was trained from other data than \(corpus); using it as given")
                    bundle = stored
                } else if !quiet {
                    printError("note: \(path) was trained from another version of \(corpus), other settings or an older build; retraining")
                }
            } catch {
                if !quiet { printError("note: \(path): \(error); retraining") }
            }
        }
        if bundle == nil {
            let trained = try train(sources, folds: 5, progress: nil)
            do {
                try trained.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                if !quiet { printError("note: could not save the model to \(path): \(error.localizedDescription)") }
            }
            bundle = trained
        }
        switch CorpusTraining.classifier(sources, bundle: bundle!) {
        case .success(let classifier): return classifier
        case .failure(let problems):
            try CorpusFiles.stopOnErrors(problems.diagnostics)
            throw ExitCode(1)
        }
    }
}

/// The sentiment analyzer alone, for `eval --sentiment`.
enum SentimentLoading {
    static func analyzer(corpus: String) throws -> SentimentAnalyzer {
        try ClassifierLoading.load(corpus: corpus, modelPath: nil, quiet: true).sentiment
    }
}
