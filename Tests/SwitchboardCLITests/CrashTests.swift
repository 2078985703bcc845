import Foundation
import GRDB
import Testing

/// A process handling a stream is killed with SIGKILL mid-stream, then restarted.
@Suite(.serialized)
struct CrashTests {
    @Test func killedMidStreamLosesNothingThatWasAnswered() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let phones = (0..<5).map { "+120255501\(String(format: "%02d", $0 + 10))" }
        let lines = (0..<1500).map { index in
            #"{"from":"\#(phones[index % 5])","body":"\#(["hi", "b", "12345678", "1", "menu"][(index / 5) % 5])","id":"k-\#(index)"}"#
        }

        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["simulate", "--db", path, "--no-classifier"]
        process.currentDirectoryURL = CLI.root
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Write from another thread: the pipes are small, and the child answers while we read.
        let payload = Data((lines.joined(separator: "\n") + "\n").utf8)
        let writer = input.fileHandleForWriting
        Thread.detachNewThread { writer.write(payload) }
        // Read answers until 300 have been printed, then kill the process without warning.
        var answered = 0
        var buffer = Data()
        while answered < 300 {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            answered = buffer.split(separator: UInt8(ascii: "\n")).count
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(answered >= 300)

        let database = try DatabaseQueue(path: path)
        let (integrity, processed, inbound) = try database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             Set(try String.fetchAll(db, sql: "SELECT provider_id FROM processed_messages")),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE direction = 'in' AND provider_id IS NOT NULL") ?? -1)
        }
        #expect(integrity == "ok")
        for index in 0..<answered { #expect(processed.contains("k-\(index)"), "k-\(index) was answered but not stored") }
        // No half-written message: every processed id has its inbound row, and nothing else does.
        #expect(inbound == processed.count)
        try database.close()

        // The stream continues after a restart: answered messages are duplicates, the rest are new.
        let rerun = try CLI.run(["simulate", "--db", path, "--no-classifier"], stdin: lines.joined(separator: "\n") + "\n")
        let outputs = rerun.stdout.split(separator: "\n")
        #expect(outputs.count == 1500)
        #expect(outputs.prefix(answered).allSatisfy { $0.hasSuffix(#""duplicate":true}"#) })
        let again = try DatabaseQueue(path: path)
        let (processedCount, inboundCount, finalIntegrity) = try again.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM processed_messages"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE direction = 'in'"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(processedCount == 1500)
        #expect(inboundCount == 1500)
        #expect(finalIntegrity == "ok")
    }
}

/// Raw bytes that are not UTF-8 on simulate's input get an answer or a clear error, and the run goes on.
@Suite(.serialized)
struct InvalidBytesTests {
    @Test func invalidUTF8LinesDoNotStopTheRun() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["simulate", "--no-classifier"]
        process.currentDirectoryURL = CLI.root
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var bytes = Data(#"{"from":"+12025550101","body":"bad "#.utf8)
        bytes.append(contentsOf: [0xC3, 0x28, 0xFF, 0xFE])
        bytes.append(Data("\"}\n\u{FF}\u{FE}garbage\n".utf8))
        bytes.append(Data(#"{"from":"+12025550101","body":"hi"}"#.utf8 + [0x0A]))
        let writer = input.fileHandleForWriting
        let payload = bytes
        Thread.detachNewThread {
            writer.write(payload)
            try? writer.close()
        }
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = out.split(separator: "\n")
        #expect(process.terminationStatus == 0)
        #expect(lines.count == 3)
        // Invalid sequences are read as U+FFFD, so the first message is handled like any other.
        #expect(lines[0].contains("Hi there! Thanks for texting Acme."))
        #expect(lines[1].hasPrefix(#"{"error":"malformed JSON"#))
        #expect(lines[2].contains("I can help with billing"))
    }
}
