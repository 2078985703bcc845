import ArgumentParser
import Foundation
import TextClassifier

/// `switchboard train`: train the classifier from the corpus (or a CSV file) and save the model.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the intent and sentiment models from Corpus/ (or intents from a CSV file).",
        discussion: "Prints progress, then examples, classes and cross-validated accuracy. The model file records the corpus hash; commands that need it retrain when the corpus changed."
    )

    @Option(help: "The corpus folder.") var corpus: String = "Corpus"
    @Option(help: "Learn intents from this CSV instead (header; first column text, second label).") var csv: String?
    @Option(help: "Where to write the model (default: <corpus>/.switchboard.model).") var out: String?
    @Option(help: "Cross-validation folds for the accuracy report and calibration (0 to skip).") var folds: Int = 5

    func validate() throws {
        if folds == 1 || folds < 0 { throw ValidationError("--folds must be 0 or at least 2") }
    }

    func run() throws {
        let sources = try ClassifierLoading.sources(corpus: corpus)
        let files = sources.allFiles
        let clock = ContinuousClock()
        let start = clock.now
        let progress: (String) -> Void = { printError("train: \($0)") }
        var bundle: ModelBundle
        if let csv {
            let text = try CorpusFiles.read(csv)
            let hash = Corpus.hash(files + [(csv, text)])
            let examples = try CorpusFiles.trainingExamples(csv)
            let intents = IntentTrainer().train(examples, corpusHash: hash, folds: folds, progress: progress)
            let sentiment = try ClassifierLoading.train(sources, hash: hash, folds: 0, progress: nil).sentiment
            bundle = ModelBundle(intents: intents, sentiment: sentiment)
        } else {
            bundle = try ClassifierLoading.train(sources, folds: folds, progress: progress)
        }
        let path = out ?? ClassifierLoading.defaultModelPath(corpus: corpus)
        let data = bundle.encoded()
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        let metadata = bundle.intents.metadata
        print("examples: \(metadata.exampleCount)")
        print("classes: \(metadata.labels.count) (\(metadata.labels.joined(separator: ", ")))")
        if let accuracy = metadata.crossValidatedAccuracy {
            print(String(format: "cross-validated accuracy (%d folds): %.4f", folds, accuracy))
        }
        print(String(format: "confidence calibration: softmax temperature %.2f", metadata.temperature))
        if let threshold = metadata.outOfScopeThreshold {
            print(String(format: "out-of-scope threshold (SVM margin): %.3f", threshold))
        }
        print(String(format: "model: %@ (%.1f MB), trained in %.1f s", path as NSString, Double(data.count) / 1_048_576, (clock.now - start).seconds))
    }
}
