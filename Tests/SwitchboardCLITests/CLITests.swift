import Foundation
import SwitchboardTestSupport
import Testing

/// Runs the built `switchboard` binary as a user would, from the repository root.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("switchboard"),
            root.appendingPathComponent(".build/debug/switchboard"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String = "", cwd: URL = root) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Feed stdin from another thread so a large input cannot deadlock against a full stdout pipe.
        let writer = input.fileHandleForWriting
        let payload = Data(stdin.utf8)
        Thread.detachNewThread {
            writer.write(payload)
            try? writer.close()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}

@Suite(.serialized)
struct CLITests {
    @Test func checkPassesOnShippedFlows() throws {
        let result = try CLI.run(["check"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("checked 5 flow files and 2 tables: 0 errors, 0 warnings"))
    }

    @Test func checkReportsPositionsAndExitsOne() throws {
        let result = try CLI.run(["check", "Tests/FlowLanguageTests/Fixtures/invalid/unknown-node.yaml"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Tests/FlowLanguageTests/Fixtures/invalid/unknown-node.yaml:7:11: error: no node or flow named 'by'; did you mean 'bye'? [FL0201]")
        #expect(lines.contains("        next: by"))
        #expect(lines.contains("              ^"))
        #expect(result.stderr.contains("1 error, 0 warnings"))
    }

    @Test func checkWithOnlyWarningsExitsZero() throws {
        let result = try CLI.run(["check", "--brief", "Tests/FlowLanguageTests/Fixtures/invalid/unreachable.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout == "Tests/FlowLanguageTests/Fixtures/invalid/unreachable.yaml:10:3: warning: node 'orphan' is unreachable [FL0501]\n")
    }

    @Test func checkJSONFormat() throws {
        let result = try CLI.run(["check", "--format", "json", "Tests/FlowLanguageTests/Fixtures/invalid/invalid-pattern.yaml"])
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["line"] as? Int == 8)
        #expect(object?["column"] as? Int == 21)
        #expect(object?["code"] as? String == "FL0401")
    }

    @Test func checkMissingPathIsAnError() throws {
        let result = try CLI.run(["check", "--brief", "NoSuchFolder"])
        #expect(result.status == 1)
        #expect(result.stdout == "NoSuchFolder:1:1: error: cannot read file: no such file or folder [FL0002]\n")
    }

    @Test func checkNamesTheFirstByteThatIsNotUTF8() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("latin1.yaml")
        try Data("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: \"caf".utf8 + [0xE9] + Data("\"\n".utf8)).write(to: file)
        let result = try CLI.run(["check", "--brief", file.path])
        #expect(result.status == 1)
        #expect(result.stdout == "\(file.path):6:14: error: cannot read file: not valid UTF-8 [FL0002]\n")
    }

    @Test func badArgumentsExitWithUsageStatus() throws {
        #expect(try CLI.run(["check", "--format", "xml"]).status == 64)
        #expect(try CLI.run(["graph", "--format", "png"]).status == 64)
        #expect(try CLI.run(["chat", "--time", "yesterday"]).status == 64)
        #expect(try CLI.run(["frobnicate"]).status == 64)
    }

    @Test func simulateSpeaksJSONLines() throws {
        let input = """
            {"from":"+12025550101","body":"hi","at":"2026-11-23T15:04:05Z","id":"SM1"}
            {"from":"+12025550101","body":"B","at":"2026-11-23T15:04:10Z"}
            {"from":"+12025550101","body":"order #12345678 pls","at":"2026-11-23T15:04:20Z"}
            not json
            {"body":"no sender"}
            {"from":"+12025550101","body":5}
            {"from":"+12025550102","body":"agent","at":"not a time"}

            {"from":"+12025550102","body":"agent","at":"2026-11-23T15:05:00Z"}
            {"from":"+12025550101","body":"hi","id":"SM1"}
            {"from":"call me maybe","body":"hi"}
            """
        let result = try CLI.run(["simulate"], stdin: input + "\n")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 10)
        #expect(lines[0].hasPrefix(#"{"from":"+12025550101","replies":["Hi there! Thanks for texting Acme. Reply A billing, B order status, C tech support, D appointments, or AGENT for a person."],"flow":"support","node":"main_menu","status":"waiting","slots":{},"handoff":null,"intent":"greeting","confidence":"#))
        #expect(lines[0].hasSuffix(#""opted_out":false}"#))
        let third = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as! [String: Any]
        #expect((third["slots"] as? [String: String])?["order_number"] == "12345678")
        #expect(third["node"] as? String == "anything_else")
        #expect(lines[3].hasPrefix(#"{"error":"malformed JSON"#) && lines[3].hasSuffix(#""line":4}"#))
        #expect(lines[4] == #"{"error":"missing field 'from'","line":5}"#)
        #expect(lines[5] == #"{"error":"field 'body' must be a string","line":6}"#)
        #expect(lines[6] == #"{"error":"field 'at' must be an ISO-8601 time such as 2026-11-23T15:04:05Z","line":7}"#)
        #expect(lines[7].contains(#""handoff":{"queue":"general","reason":"agent_request"}"#))
        // A repeated provider id returns the first replies and changes nothing.
        #expect(lines[8].contains(#""replies":["Hi there! Thanks for texting Acme."#) && lines[8].hasSuffix(#""duplicate":true}"#))
        #expect(lines[9].hasPrefix(#"{"error":"invalid phone number: the sender is not a phone number"#))
    }

    @Test func simulateAgentActionsAndOptOut() throws {
        let input = """
            {"from":"+12025550103","body":"hi"}
            {"from":"+12025550103","body":"can i talk to a real person"}
            {"agent":"alice","action":"claim","phone":"+12025550103"}
            {"agent":"bob","action":"claim","phone":"+12025550103"}
            {"agent":"alice","action":"reply","phone":"+12025550103","body":"Hi, Alice here."}
            {"from":"+12025550103","body":"stop"}
            {"agent":"alice","action":"reply","phone":"+12025550103","body":"Still there?"}
            {"from":"+12025550103","body":"hello?"}
            {"from":"+12025550103","body":"START"}
            {"agent":"alice","action":"dance","phone":"+12025550103"}
            """
        let lines = try CLI.run(["simulate"], stdin: input + "\n").stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 10)
        #expect(lines[1].contains(#""handoff":{"queue":"general","reason":"agent_request"}"#))
        #expect(lines[2] == #"{"agent":"alice","action":"claim","conversation":1,"ok":true}"#)
        #expect(lines[3] == #"{"error":"conflict: conversation 1 is already claimed by alice","line":4}"#)
        #expect(lines[4] == #"{"agent":"alice","action":"reply","conversation":1,"ok":true}"#)
        #expect(lines[5].contains(#""replies":["Acme: you're unsubscribed and will get no more texts. Reply START to resubscribe."]"#) && lines[5].hasSuffix(#""opted_out":true}"#))
        #expect(lines[6] == #"{"error":"opted out: the customer opted out; nothing can be sent until they text START","line":7}"#)
        #expect(lines[7].contains(#""replies":[]"#))
        #expect(lines[8].contains(#""replies":["Acme: you're subscribed again."#) && lines[8].hasSuffix(#""opted_out":false}"#))
        #expect(lines[9] == #"{"error":"unknown action 'dance' (claim, reply, transfer, release, close)","line":10}"#)
    }

    @Test func simulateHandlesHostileText() throws {
        let body = String(repeating: "x", count: 10_000) + "\u{0}\u{7}\"\\😀"
        let line = String(data: try JSONSerialization.data(withJSONObject: ["from": "+12025550101", "body": body]), encoding: .utf8)!
        let result = try CLI.run(["simulate"], stdin: line + "\n" + #"{"from":"+12025550101","body":"'; DROP TABLE x; --"}"# + "\n" + #"{"from":"+12025550101","body":"😀😀"}"# + "\n")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { !$0.contains("error") })
    }

    @Test func graphRendersDotAndMermaid() throws {
        let dot = try CLI.run(["graph", "--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph switchboard {"))
        #expect(dot.stdout.contains(#""support.main_menu" -> "orders.ask_order" [label="b"];"#))
        let mermaid = try CLI.run(["graph", "orders", "--format", "mermaid"])
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.hasPrefix("flowchart LR"))
        #expect(mermaid.stdout.contains(#"orders_ask_order -->|"on_fail"| orders_order_number_failed"#))
        #expect(!mermaid.stdout.contains("subgraph billing"))
        #expect(try CLI.run(["graph", "nosuchflow"]).status == 64)
    }

    @Test func testCommandPassesAndReportsFailuresWithLines() throws {
        let passing = try CLI.run(["test", "--coverage"])
        #expect(passing.status == 0)
        #expect(passing.stdout.contains("conversation files: 8 passing, 0 failing"))
        #expect(passing.stdout.contains("coverage: 41 nodes entered, 59 of 59 edges taken"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "> hi\n< Hello there\n".write(to: folder.appendingPathComponent("bad.convo"), atomically: true, encoding: .utf8)
        let failing = try CLI.run(["test", folder.path])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("\(folder.path)/bad.convo:2: error: expected a reply containing 'Hello there', got 'Hi there!"))
    }

    @Test func testCommandRunsTheEngineWithItsSettingsUnlessFlowsOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("stop.convo")
        try "> hi\n> STOP\n<= Bye from Zed.\n> hi\n<.\n".write(to: script, atomically: true, encoding: .utf8)
        let settings = folder.appendingPathComponent("switchboard.yaml")
        try "stop_confirmation: Bye from Zed.\n".write(to: settings, atomically: true, encoding: .utf8)

        let engine = try CLI.run(["test", "--config", settings.path, script.path])
        #expect(engine.status == 0, "\(engine.stdout)")
        #expect(engine.stdout.contains("PASS \(script.path)"))
        // The flows alone know nothing of STOP: the menu answers it.
        let flowsOnly = try CLI.run(["test", "--flows-only", "--config", settings.path, script.path])
        #expect(flowsOnly.status == 1)
        #expect(flowsOnly.stdout.contains("\(script.path):3: error: expected the reply 'Bye from Zed.', got"))
    }

    @Test func chatStateIsWhatIsStoredUnderTheNormalisedNumber() throws {
        let db = TemporaryDatabase(prefix: "chat")
        #expect(try CLI.run(["chat", "--no-color", "--db", db.path, "--time", "2026-11-23T15:00"], stdin: "hi\nB\n").status == 0)
        // A second chat on the same database, and the same number written another way.
        let later = try CLI.run(["chat", "--no-color", "--db", db.path, "--as", "(202) 555-0101", "--time", "2026-11-23T15:05"], stdin: "/state\n/as banana\n/as 2025550102\n/state\n")
        #expect(later.status == 0)
        #expect(later.stdout.contains("You are +12025550101."))
        #expect(later.stdout.contains("status: waiting  node: orders.ask_order  department: orders  conversation: bot"))
        #expect(later.stdout.contains("'banana' is not a phone number; you are still +12025550101"))
        #expect(later.stdout.contains("[you are now +12025550102]"))
        #expect(later.stdout.contains("status: idle  node: none  department: general  conversation: new"))
        #expect(try CLI.run(["chat", "--as", "banana"], stdin: "").status == 64)
    }

    @Test func chatAnswersAndHandlesCommands() throws {
        let result = try CLI.run(["chat", "--no-color", "--time", "2026-11-23T15:00"], stdin: "hi\nB\n/state\n/as +12025550102\nhi\nd\n/time 2026-11-28T12:00\n/time soon\n/reset\n/bogus\n/quit\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("bot> Hi there! Thanks for texting Acme."))
        #expect(result.stdout.contains("1 segment · GSM-7 · 122/160"))
        #expect(result.stdout.contains("status: waiting  node: orders.ask_order"))
        #expect(result.stdout.contains("[you are now +12025550102]"))
        #expect(result.stdout.contains("bot> You have a water heater check appointment"))
        #expect(result.stdout.contains("'soon' is not an ISO-8601 time"))
        #expect(result.stdout.contains("unknown command /bogus"))
    }

    @Test func brokenFlowsStopRunCommandsWithExitOne() throws {
        let result = try CLI.run(["simulate", "--flows", "Tests/FlowLanguageTests/Fixtures/invalid"], stdin: "")
        #expect(result.status == 1)
        #expect(result.stderr.contains("have errors; run 'switchboard check"))
    }
}

/// The classifier commands, run against a copy of the corpus so the real one is untouched.
@Suite(.serialized)
struct ClassifierCLITests {
    static func corpusCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("Corpus"), to: folder)
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(".switchboard.model"))
        return folder
    }

    @Test func trainReportsAndWritesAModel() throws {
        let corpus = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let result = try CLI.run(["train", "--corpus", corpus.path, "--folds", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("train: cross-validation fold 1/3"))
        #expect(result.stdout.contains("classes: 14 (account, agent, billing, cancel, complaint, confirm, deny, greeting, oos, opt_out, order_status, reschedule, tech_support, thanks)"))
        #expect(result.stdout.contains("cross-validated accuracy (3 folds): 0."))
        #expect(FileManager.default.fileExists(atPath: corpus.appendingPathComponent(".switchboard.model").path))
    }

    @Test func classifyPrintsJSONAndRetrainsWhenTheCorpusChanges() throws {
        let corpus = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let first = try CLI.run(["classify", "--corpus", corpus.path, "where's my package"])
        #expect(first.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(object["intent"] as? String == "order_status")
        #expect((object["intents"] as? [[String: Any]])?.count == 3)
        #expect(["negative", "neutral", "positive"].contains(object["sentiment"] as? String ?? ""))
        for key in ["confidence", "sentiment_score", "frustration"] { #expect(object[key] is NSNumber) }
        // A model for the same corpus is reused silently; an edited corpus retrains with a note.
        #expect(try CLI.run(["classify", "--corpus", corpus.path, "hi"]).stderr.isEmpty)
        let thanks = corpus.appendingPathComponent("intents/thanks.txt")
        try (try String(contentsOf: thanks, encoding: .utf8) + "much obliged, legend\n").write(to: thanks, atomically: true, encoding: .utf8)
        let retrained = try CLI.run(["classify", "--corpus", corpus.path, "hi"])
        #expect(retrained.stderr.contains("was trained from another version of"))
        // The folder spelled another way is the same corpus; a model trained with other settings is not current.
        #expect(try CLI.run(["classify", "--corpus", corpus.path + "/", "hi"]).stderr.isEmpty)
        #expect(try CLI.run(["train", "--corpus", corpus.path, "--folds", "0"]).status == 0)
        #expect(try CLI.run(["classify", "--corpus", corpus.path, "hi"]).stderr.contains("other settings"))
        // A corrupt model file is reported and replaced.
        try Data("garbage".utf8).write(to: corpus.appendingPathComponent(".switchboard.model"))
        let corrupt = try CLI.run(["classify", "--corpus", corpus.path, "hi"])
        #expect(corrupt.status == 0)
        #expect(corrupt.stderr.contains("not a Switchboard model file; retraining"))
        // Any other file named with --model is left alone.
        let flow = corpus.appendingPathComponent("orders.yaml")
        try "flow: orders\n".write(to: flow, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["classify", "--corpus", corpus.path, "--model", flow.path, "hi"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--model \(flow.path): not a Switchboard model file; refusing to overwrite it"))
        #expect(try String(contentsOf: flow, encoding: .utf8) == "flow: orders\n")
    }

    @Test func classifyReadsStdinLinesAndFlagsFrustration() throws {
        let result = try CLI.run(["classify"], stdin: "stop texting me\nthis is the THIRD delay!!!\ncan i talk to a real person\n")
        let lines = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 3)
        #expect(lines[0]["intent"] as? String == "opt_out")
        #expect((lines[1]["frustration"] as? Double ?? 0) > 0.5)
        #expect(lines[1]["sentiment"] as? String == "negative")
        #expect(lines[2]["keywords"] as? [String] == ["agent_request"])
    }

    @Test func corpusErrorsNameFileAndLine() throws {
        let corpus = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: corpus) }
        // Put an opt_out example under billing too: the text now has two labels.
        let optOut = try String(contentsOf: corpus.appendingPathComponent("intents/opt_out.txt"), encoding: .utf8)
        let lines = optOut.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { !$0.isEmpty && !$0.hasPrefix("#") })
        let billing = corpus.appendingPathComponent("intents/billing.txt")
        let before = try String(contentsOf: billing, encoding: .utf8)
        try (before + lines[index] + "\n").write(to: billing, atomically: true, encoding: .utf8)
        let billingLine = before.split(separator: "\n", omittingEmptySubsequences: false).count
        let result = try CLI.run(["train", "--corpus", corpus.path])
        #expect(result.status == 1)
        // Files are read in name order, so billing's copy comes first and opt_out's is reported.
        #expect(result.stderr.contains("\(corpus.path)/intents/opt_out.txt:\(index + 1):1: error: '\(lines[index])' is also an example of 'billing' (\(corpus.path)/intents/billing.txt:\(billingLine)); a text may have one label [FL0701]"), "\(result.stderr)")
        // A corpus folder without intents names the folder it looked in.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("nocorpus-\(UUID().uuidString)")
        let none = try CLI.run(["classify", "--corpus", empty.path, "hi"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("\(empty.path)/intents:1:1: error: no intent files (expected \(empty.path)/intents/<intent>.txt)"), "\(none.stderr)")
    }

    @Test func evalOnCSVAndBadArguments() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var train = "text,label\n", test = "text,label\n"
        for (label, words) in [("order", ["package", "delivery", "tracking", "shipment"]), ("bill", ["invoice", "charge", "refund", "payment"])] {
            for word in words {
                train += "where is my \(word),\(label)\n\"my \(word), again\",\(label)\n"
                test += "\(word) question,\(label)\n"
            }
        }
        try train.write(to: folder.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        try test.write(to: folder.appendingPathComponent("test.csv"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["eval", "--train", folder.appendingPathComponent("train.csv").path, "--test", folder.appendingPathComponent("test.csv").path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("accuracy 1.0000"))
        let folds = try CLI.run(["eval", "--train", folder.appendingPathComponent("train.csv").path, "--train-folds", "2"])
        #expect(folds.status == 0)
        #expect(folds.stdout.contains("2-fold cross-validation, 16 examples"), "\(folds.stdout)")
        // "accuracy A  balanced B  macro-F1 F": every held-out text is scored, better than chance.
        let figures = folds.stdout.split(separator: "\n").last { $0.hasPrefix("accuracy ") }?.split(separator: " ") ?? []
        #expect(figures.count == 6 && figures[2] == "balanced" && figures[4] == "macro-F1", "\(folds.stdout)")
        let accuracy = figures.count == 6 ? Double(figures[1]) ?? 0 : 0
        #expect(accuracy > 0.6 && accuracy <= 1, "\(folds.stdout)")
        #expect(try CLI.run(["eval", "--train", "x.csv", "--train-folds", "1"]).status == 64)
        #expect(try CLI.run(["eval", "--train", "x.csv", "--test", "y.csv", "--train-folds", "5"]).status == 64)
        #expect(try CLI.run(["eval", "--train", "x.csv"]).status == 64)
        #expect(try CLI.run(["eval", "--folds", "1"]).status == 64)
        let missing = try CLI.run(["eval", "--train", "nope.csv", "--test", "nope.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read nope.csv"))
        // Nothing to learn from, and a validation label the training data lacks: errors, not crashes.
        let empty = folder.appendingPathComponent("empty.csv")
        try "text,label\n".write(to: empty, atomically: true, encoding: .utf8)
        let nothing = try CLI.run(["train", "--csv", empty.path, "--out", folder.appendingPathComponent("m").path])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("\(empty.path): training needs at least two labels"), "\(nothing.stderr)")
        let val = folder.appendingPathComponent("val.csv")
        try "text,label\nwhere is my package,order\nwhat a lovely day,weather\n".write(to: val, atomically: true, encoding: .utf8)
        let unknown = try CLI.run(["eval", "--train", folder.appendingPathComponent("train.csv").path, "--test", folder.appendingPathComponent("test.csv").path, "--val", val.path])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("\(val.path):3: label 'weather' does not occur in the training data"), "\(unknown.stderr)")
    }

    @Test("a corpus file that is not UTF-8 stops training with its line and column, and exit status 1")
    func invalidUTF8InTheCorpus() throws {
        let corpus = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let greeting = corpus.appendingPathComponent("intents/greeting.txt")
        var data = try Data(contentsOf: greeting)
        data.append(contentsOf: Array("hello caf".utf8) + [0xE9] + Array("\n".utf8))
        try data.write(to: greeting)
        // The bad byte is on the last line (the file ends with a line break), the 10th character after "hello caf".
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count - 1
        let result = try CLI.run(["train", "--corpus", corpus.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(greeting.path):\(lines):10: not valid UTF-8"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: corpus.appendingPathComponent(".switchboard.model").path))
    }
}

@Suite(.serialized)
struct EngineCLITests {
    @Test func settingsFileIsCheckedWithPositions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = try String(contentsOf: CLI.root.appendingPathComponent("switchboard.example.yaml"), encoding: .utf8)
        let good = folder.appendingPathComponent("good.yaml")
        try example.replacingOccurrences(of: "business_name: Acme", with: "business_name: Zed").write(to: good, atomically: true, encoding: .utf8)
        let ok = try CLI.run(["simulate", "--no-classifier", "--config", good.path], stdin: #"{"from":"+12025550101","body":"HELP"}"# + "\n")
        #expect(ok.status == 0)
        let bad = folder.appendingPathComponent("bad.yaml")
        try "business_name: Zed\nfrustration_threshold: 7\n".write(to: bad, atomically: true, encoding: .utf8)
        let failed = try CLI.run(["simulate", "--no-classifier", "--config", bad.path], stdin: "")
        #expect(failed.status == 64)
        // At the value, without the usage text; check reports the same.
        #expect(failed.stderr.contains("error: \(bad.path):2:24: 'frustration_threshold' must be a number in 0.0…1.0"))
        #expect(!failed.stderr.contains("Usage:"))
        let checked = try CLI.run(["check", "--brief", "--config", bad.path])
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("\(bad.path):2:24: error: 'frustration_threshold' must be a number in 0.0…1.0 [FL0801]"))
        try "default_region: XX\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["check", "--brief", "--config", bad.path]).stdout.contains("\(bad.path):1:17: error: 'default_region' must be one of"))
        try "max_consecutive_failures: 2.5\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["check", "--brief", "--config", bad.path]).stdout.contains("'max_consecutive_failures' must be a whole number in 1…100"))
        // Every engine setting's mistake is listed, each at its value.
        try "session_timeout_minutes: 0\nquiet_hours:\n  start: 25:00\n  end: 08:00\nfrustration_threshhold: 1\n".write(to: bad, atomically: true, encoding: .utf8)
        let several = try CLI.run(["check", "--brief", "--config", bad.path]).stdout.split(separator: "\n").map { $0.replacingOccurrences(of: bad.path, with: "bad.yaml") }
        #expect(several == [
            "bad.yaml:1:26: error: 'session_timeout_minutes' must be a number in 1.0…100000.0 [FL0801]",
            "bad.yaml:3:10: error: 'quiet_hours.start' must be a time such as 21:00 [FL0801]",
            "bad.yaml:5:1: error: unknown setting 'frustration_threshhold'; did you mean 'frustration_threshold'? [FL0801]",
        ])
        // A settings file that is not YAML is reported once, by the compiler.
        try "queues: [\n".write(to: bad, atomically: true, encoding: .utf8)
        let notYAML = try CLI.run(["check", "--brief", "--config", bad.path])
        #expect(notYAML.status == 1)
        #expect(notYAML.stdout.split(separator: "\n").count == 1, "\(notYAML.stdout)")
        #expect(notYAML.stdout.contains("[FL0001]"))
        #expect(try CLI.run(["graph", "--config", folder.appendingPathComponent("nope.yaml").path]).status == 64)
        // The server's settings too, every mistake of them, and an agent's queue no flow declares.
        try "sender: carrier-pigeon\nagents:\n  - name: alice\n    queues: [general, billng]\n    token_sha256: \(String(repeating: "a", count: 64))\n".write(to: bad, atomically: true, encoding: .utf8)
        let server = try CLI.run(["check", "--brief", "--config", bad.path]).stdout.split(separator: "\n").map { $0.replacingOccurrences(of: bad.path, with: "bad.yaml") }
        #expect(server == [
            "bad.yaml:1:1: error: 'sender' must be log or twilio [FL0801]",
            "bad.yaml:3:5: error: agent 'alice' has queue 'billng', which no flow or setting declares (queues: billing, general, orders, tech) [FL0801]",
        ])
        // A settings file named on the command line must exist.
        let missing = try CLI.run(["check", "--config", folder.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("error: --config \(folder.appendingPathComponent("nope.yaml").path): no such file"))
    }

    @Test("queues and hours in the settings file change when people work a queue, and check reports their mistakes there")
    func queuesFromTheSettingsFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("queues-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = folder.appendingPathComponent("switchboard.yaml")
        try """
            hours:
              night: {timezone: UTC, daily: "22:00-23:00"}
            queues:
              billing: {hours: night}
            """.write(to: settings, atomically: true, encoding: .utf8)
        // 15:00 UTC on a Monday: the flows' own hours for 'billing' (09:00-17:00 New York) are open,
        // the night desk of the settings is not; the billing flow branches on `open: billing`.
        let stream = [
            #"{"from":"+12025550101","body":"hi","at":"2026-11-23T15:00:00Z"}"#,
            #"{"from":"+12025550101","body":"A","at":"2026-11-23T15:00:30Z"}"#,
            #"{"from":"+12025550101","body":"1","at":"2026-11-23T15:01:00Z"}"#,
            #"{"from":"+12025550101","body":"charged twice for my plan","at":"2026-11-23T15:02:00Z"}"#,
        ].joined(separator: "\n") + "\n"
        let empty = folder.appendingPathComponent("empty.yaml")
        try "".write(to: empty, atomically: true, encoding: .utf8)
        let plain = try CLI.run(["simulate", "--no-classifier", "--config", empty.path], stdin: stream)
        #expect(plain.stdout.split(separator: "\n").last?.contains(#""node":"billing_handoff""#) == true, "\(plain.stdout)")
        let night = try CLI.run(["simulate", "--no-classifier", "--config", settings.path], stdin: stream)
        #expect(night.stdout.split(separator: "\n").last?.contains(#""node":"billing_handoff_after_hours""#) == true, "\(night.stdout)")
        #expect(try CLI.run(["check", "--config", settings.path]).status == 0)
        try "queues:\n  general: {hours: nite}\n".write(to: settings, atomically: true, encoding: .utf8)
        let checked = try CLI.run(["check", "--brief", "--config", settings.path])
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("switchboard.yaml:2:20: error: no hours named 'nite'"), "\(checked.stdout)")
    }

    @Test func queueCommandsAgainstADatabase() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("queue-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let stream = [
            #"{"from":"+12025550104","body":"hi","at":"2026-11-23T15:00:00Z"}"#,
            #"{"from":"+12025550104","body":"b","at":"2026-11-23T15:00:10Z"}"#,
            #"{"from":"+12025550104","body":"1234","at":"2026-11-23T15:00:20Z"}"#,
            #"{"from":"+12025550104","body":"no idea","at":"2026-11-23T15:00:30Z"}"#,
        ].joined(separator: "\n") + "\n"
        #expect(try CLI.run(["simulate", "--no-classifier", "--db", path], stdin: stream).status == 0)
        // An unknown queue and a database that does not exist are errors, not empty answers.
        let nope = try CLI.run(["queue", "list", "--queue", "nope", "--db", path])
        #expect(nope.status == 64)
        #expect(nope.stderr.contains("no queue named 'nope' (queues: "))
        let typo = try CLI.run(["queue", "list", "--db", path + ".typo"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("--db \(path).typo: no such database"))
        #expect(!FileManager.default.fileExists(atPath: path + ".typo"))
        let list = try CLI.run(["queue", "list", "--db", path])
        #expect(list.stdout.hasPrefix("#1  orders  waiting "))
        let show = try CLI.run(["queue", "show", "1", "--db", path])
        #expect(show.stdout.contains("conversation #1  +1******0104  status: queued"))
        #expect(show.stdout.contains("summary: Wants order status"))
        #expect(show.stdout.contains("customer: 1234"))
        #expect(!show.stdout.contains("+12025550104"))
        #expect(try CLI.run(["queue", "claim", "1", "--agent", "alice", "--db", path]).status == 0)
        let second = try CLI.run(["queue", "claim", "1", "--agent", "bob", "--db", path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("already claimed by alice"))
        #expect(try CLI.run(["queue", "reply", "1", "--agent", "alice", "Checking now", "--db", path]).status == 0)
        #expect(try CLI.run(["queue", "transfer", "1", "nowhere", "--db", path]).status == 64)
        let release = try CLI.run(["queue", "release", "1", "--db", path])
        #expect(release.stdout.contains("queued: Hi there! Thanks for texting Acme."))
        #expect(try CLI.run(["queue", "close", "1", "--csat", "--db", path]).stdout == "closed #1 (CSAT question queued)\n")
        #expect(try CLI.run(["queue", "show", "99", "--db", path]).stderr.contains("not found: no conversation 99"))
    }
}
