import ArgumentParser
import FlowLanguage
import Foundation
import TextClassifier

/// Reads corpus files from disk for the classifier commands.
enum CorpusFiles {
    /// Reads a file as UTF-8, or throws an error naming it.
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CleanExit.message("error: cannot read \(path): no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CleanExit.message("error: \(path) is not valid UTF-8")
        }
        return text
    }

    /// Files with a suffix in a folder, sorted, as (path, text).
    static func files(in folder: String, suffix: String) throws -> [(path: String, text: String)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
        return try names.map { name in
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            return (path, try read(path))
        }
    }

    /// The labelled intent examples of a corpus folder, or the diagnostics that stop training.
    static func intentExamples(corpus: String) throws -> [LabeledText] {
        let (examples, diagnostics) = CorpusTraining.intentExamples(try ClassifierLoading.sources(corpus: corpus))
        try stopOnErrors(diagnostics)
        return examples
    }

    /// Labelled examples from a CSV file.
    static func csvExamples(_ path: String) throws -> [LabeledText] {
        let parsed = Corpus.csv(path: path, text: try read(path))
        try stopOnErrors(parsed.diagnostics)
        return parsed.examples
    }

    static func stopOnErrors(_ diagnostics: [Diagnostic]) throws {
        guard !diagnostics.isEmpty else { return }
        for diagnostic in diagnostics { printError(DiagnosticRenderer.render(diagnostic)) }
        throw ExitCode(1)
    }
}
