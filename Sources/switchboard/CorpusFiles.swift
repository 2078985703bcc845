import ArgumentParser
import FlowLanguage
import Foundation
import TextClassifier

/// Reads corpus files from disk for the classifier commands.
enum CorpusFiles {
    /// Reads a file as UTF-8; otherwise prints an error naming the file (and, for bad UTF-8, the
    /// line and column of the first bad byte) and exits with status 1.
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("error: cannot read \(path): no such file or not readable")
            throw ExitCode(1)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let place = firstInvalidUTF8(data).map { "\(path):\($0.line):\($0.column)" } ?? path
            printError("error: \(place): not valid UTF-8")
            throw ExitCode(1)
        }
        return text
    }

    /// The line and column (in characters) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> (line: Int, column: Int)? {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                if Unicode.UTF8.decode(encoded) == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return (line, column)
            }
        }
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

    /// Labelled examples to train on from a CSV file: at least two labels, or an error naming the file.
    static func trainingExamples(_ path: String) throws -> [LabeledText] {
        let examples = try csvExamples(path)
        let labels = Set(examples.map(\.label))
        guard labels.count >= 2 else {
            printError("error: \(path): training needs at least two labels (found \(examples.count) examples, \(labels.count) labels)")
            throw ExitCode(1)
        }
        return examples
    }

    /// Stops with the first example whose label the model does not know (file:line), for
    /// validation sets that calibrate a model trained on other data.
    static func requireKnownLabels(_ examples: [LabeledText], known: some Sequence<String>) throws {
        let known = Set(known)
        guard let unknown = examples.first(where: { !known.contains($0.label) }) else { return }
        printError("error: \(unknown.source): label '\(unknown.label)' does not occur in the training data")
        throw ExitCode(1)
    }

    static func stopOnErrors(_ diagnostics: [Diagnostic]) throws {
        guard !diagnostics.isEmpty else { return }
        for diagnostic in diagnostics { printError(DiagnosticRenderer.render(diagnostic)) }
        throw ExitCode(1)
    }
}
