import ArgumentParser
import Foundation
import TextClassifier

/// `switchboard eval`: measure the intent classifier (and sentiment) on labelled data.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate the classifier: --train/--test CSV files, --train with --train-folds K, or --folds K on the corpus.",
        discussion: """
            Prints accuracy, macro-F1, per-intent precision/recall and the most confused pairs; with an
            'oos' label also in-scope accuracy and out-of-scope recall. --sentiment FILE evaluates
            sentiment on a VADER-format ground truth (id, mean rating, text; tab-separated).
            --train FILE --train-folds K cross-validates on the training CSV alone and prints accuracy,
            balanced accuracy (mean recall per intent) and macro-F1: for choosing settings without
            looking at a test set.
            """
    )

    @Option(help: "Training CSV (header; text, label).") var train: String?
    @Option(help: "Test CSV (header; text, label).") var test: String?
    @Option(help: "Validation CSV to calibrate and choose the out-of-scope threshold on (default: 3-fold CV of --train).") var val: String?
    @Option(help: "Cross-validate on the corpus with K folds.") var folds: Int?
    @Option(help: "The corpus folder.") var corpus: String = "Corpus"
    @Option(help: "Evaluate sentiment on this VADER-format ground-truth file.") var sentiment: String?
    @Option(help: "SVM regularisation C.") var c: Float = 0.5
    @Option(help: "Out-of-scope recall the threshold aims for.") var oosRecall: Double = 0.85
    @Option(help: "With --folds: write every misclassified example (source, gold, predicted, text) to this file; with --sentiment: rating, gold, predicted, score, lexicon score, text.") var errors: String?
    @Option(help: "Sentiment: weight of the lexicon score (the trained model gets the rest).") var lexiconWeight: Double?
    @Option(help: "Sentiment: scores within ±this are neutral.") var neutralBand: Double?
    @Option(help: "Longest character n-gram.") var charMax: Int = FeatureConfig().charMax
    @Option(help: "Shortest character n-gram.") var charMin: Int = FeatureConfig().charMin
    @Option(help: "Longest word n-gram.") var wordNgrams: Int = FeatureConfig().wordNGrams
    @Option(help: "Weight of character n-grams relative to words.") var charWeight: Float = FeatureConfig().charWeight
    @Option(help: "With --train and no --test: stratified K-fold cross-validation on the training CSV (to choose settings without the test set).") var trainFolds: Int?

    func validate() throws {
        if let trainFolds {
            if train == nil || test != nil { throw ValidationError("--train-folds needs --train and no --test") }
            if trainFolds < 2 { throw ValidationError("--train-folds must be at least 2") }
        } else if (train == nil) != (test == nil) {
            throw ValidationError("--train and --test go together")
        }
        if train == nil && folds == nil && sentiment == nil { throw ValidationError("give --train and --test, --folds K, or --sentiment FILE") }
        if let folds, folds < 2 { throw ValidationError("--folds must be at least 2") }
        if c <= 0 { throw ValidationError("--c must be positive") }
        if !(1...8).contains(charMin) || !(charMin...8).contains(charMax) { throw ValidationError("--char-min and --char-max must satisfy 1 <= min <= max <= 8") }
        if !(1...3).contains(wordNgrams) { throw ValidationError("--word-ngrams must be 1, 2 or 3") }
    }

    func run() throws {
        var trainer = IntentTrainer()
        trainer.c = c
        trainer.targetOutOfScopeRecall = oosRecall
        trainer.features.charMax = charMax
        trainer.features.charMin = charMin
        trainer.features.wordNGrams = wordNgrams
        trainer.features.charWeight = charWeight
        if let train, let trainFolds {
            let examples = try CorpusFiles.trainingExamples(train)
            let heldOut = trainer.crossValidate(examples, folds: trainFolds) { printError($0) }
            let evaluation = Evaluation(gold: heldOut.gold, predicted: heldOut.predicted, outOfScopeLabel: nil)
            let balanced = evaluation.labels.map(\.recall).reduce(0, +) / Double(max(evaluation.labels.count, 1))
            print("train \(train): \(trainFolds)-fold cross-validation, \(examples.count) examples")
            print(String(format: "accuracy %.4f  balanced %.4f  macro-F1 %.4f", evaluation.accuracy, balanced, evaluation.macroF1))
            return
        }
        if let train, let test {
            let trainExamples = try CorpusFiles.trainingExamples(train)
            let testExamples = try CorpusFiles.csvExamples(test)
            let clock = ContinuousClock()
            let start = clock.now
            var heldOut: IntentTrainer.HeldOut?
            if let val {
                let valExamples = try CorpusFiles.csvExamples(val)
                try CorpusFiles.requireKnownLabels(valExamples, known: trainExamples.map(\.label))
                let model = trainer.train(trainExamples, corpusHash: "", folds: 0)
                heldOut = IntentTrainer.HeldOut(gold: valExamples.map(\.label), scores: valExamples.map { model.scores($0.text) }, labels: model.labels)
            }
            let hasOOS = trainExamples.contains { $0.label == trainer.outOfScopeLabel }
            let model = trainer.train(trainExamples, corpusHash: "", folds: heldOut == nil && hasOOS ? 3 : 0, heldOut: heldOut) { printError($0) }
            let seconds = (clock.now - start).seconds
            printError(String(format: "trained in %.1f s", seconds))
            report(model: model, examples: testExamples)
        }
        if let folds {
            let examples = try CorpusFiles.intentExamples(corpus: corpus)
            let heldOut = trainer.crossValidate(examples, folds: folds) { printError($0) }
            let predicted = heldOut.predicted
            print("corpus \(corpus): \(folds)-fold cross-validation, \(examples.count) examples")
            if let errors {
                let lines = zip(examples, predicted).filter { $0.0.label != $0.1 }.map { "\($0.0.source)\t\($0.0.label)\t\($0.1)\t\($0.0.text)" }
                try (lines.joined(separator: "\n") + "\n").write(toFile: errors, atomically: true, encoding: .utf8)
            }
            print(ReportFormat.evaluation(Evaluation(gold: heldOut.gold, predicted: predicted, outOfScopeLabel: trainer.outOfScopeLabel)))
        }
        if let sentiment {
            var analyzer = try SentimentLoading.analyzer(corpus: corpus)
            if let lexiconWeight { analyzer.lexiconWeight = lexiconWeight }
            if let neutralBand { analyzer.neutralBand = neutralBand }
            let rows = try SentimentGroundTruth.parse(CorpusFiles.read(sentiment), path: sentiment)
            let predicted = rows.map { analyzer.analyze($0.text).label.rawValue }
            let gold = rows.map { SentimentGroundTruth.label($0.rating).rawValue }
            let evaluation = Evaluation(gold: gold, predicted: predicted, outOfScopeLabel: nil)
            if let errors {
                let lines = rows.indices.filter { gold[$0] != predicted[$0] }.map { index in
                    let result = analyzer.analyze(rows[index].text)
                    return String(format: "%.2f\t%@\t%@\t%.3f\t%.3f\t", rows[index].rating, gold[index], predicted[index], result.score, result.lexiconScore) + rows[index].text
                }
                try (lines.joined(separator: "\n") + "\n").write(toFile: errors, atomically: true, encoding: .utf8)
            }
            print("sentiment \(sentiment): \(rows.count) texts")
            print(ReportFormat.evaluation(evaluation))
        }
    }

    private func report(model: IntentModel, examples: [LabeledText]) {
        let predicted = examples.map { model.predict($0.text).label }
        print("test: \(examples.count) examples, \(model.labels.count) labels")
        print(ReportFormat.evaluation(Evaluation(gold: examples.map(\.label), predicted: predicted, outOfScopeLabel: model.metadata.outOfScopeLabel)))
        if model.metadata.outOfScopeLabel != nil {
            let raw = examples.map { model.predict($0.text, useThreshold: false).label }
            let inScope = zip(examples, raw).filter { $0.0.label != model.metadata.outOfScopeLabel }
            let rawAccuracy = Double(inScope.filter { $0.0.label == $0.1 }.count) / Double(max(inScope.count, 1))
            print(String(format: "without the out-of-scope threshold: in-scope accuracy %.4f (threshold %.3f)", rawAccuracy, model.metadata.outOfScopeThreshold ?? .nan))
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Text layout of an evaluation.
enum ReportFormat {
    static func evaluation(_ evaluation: Evaluation) -> String {
        var lines = [String(format: "accuracy %.4f  macro-F1 %.4f", evaluation.accuracy, evaluation.macroF1)]
        if let inScope = evaluation.inScopeAccuracy, let recall = evaluation.outOfScopeRecall {
            lines.append(String(format: "in-scope accuracy %.4f  out-of-scope recall %.4f", inScope, recall))
        }
        lines.append("per label (precision / recall / support):")
        for label in evaluation.labels {
            lines.append(String(format: "  %-28@ %.3f / %.3f / %d", label.label as NSString, label.precision, label.recall, label.support))
        }
        lines.append("most confused (gold -> predicted):")
        for confusion in evaluation.confusions.prefix(8) {
            lines.append("  \(confusion.gold) -> \(confusion.predicted): \(confusion.count)")
        }
        return lines.joined(separator: "\n")
    }
}
