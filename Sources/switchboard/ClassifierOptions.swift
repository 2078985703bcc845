import ArgumentParser
import FlowRuntime
import Foundation
import TextClassifier

/// Options shared by commands that classify inbound text.
struct ClassifierOptions: ParsableArguments {
    @Option(help: "The corpus folder the classifier is trained from.")
    var corpus: String = "Corpus"

    @Option(help: "The model file (default: <corpus>/.switchboard.model; retrained when stale).")
    var model: String?

    @Flag(help: "Do not classify messages (menus then match keys and words only).")
    var noClassifier = false

    /// The classifier, or nil when disabled or when there is no corpus folder.
    func load() throws -> Classifier? {
        if noClassifier { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus + "/intents", isDirectory: &isDirectory), isDirectory.boolValue else {
            if corpus != "Corpus" { throw ValidationError("no corpus at \(corpus) (expected \(corpus)/intents/*.txt)") }
            return nil
        }
        return try ClassifierLoading.load(corpus: corpus, modelPath: model)
    }
}
