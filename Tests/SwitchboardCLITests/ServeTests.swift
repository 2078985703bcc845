import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import Testing

/// `switchboard serve` as a process: it answers, refuses bad arguments, and stops cleanly on
/// SIGTERM and SIGINT even with an event stream open.
@Suite(.serialized)
struct ServeTests {
    /// Starts the server on a free port; returns the process, its port and its output pipe.
    static func start(db: String, config: String) throws -> (Process, Int, Pipe) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--port", "0", "--db", db, "--config", config, "--no-classifier"]
        process.currentDirectoryURL = CLI.root
        var environment = ProcessInfo.processInfo.environment
        environment["TWILIO_AUTH_TOKEN"] = nil
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasSuffix("[switchboard] listening") }),
               let range = line.range(of: #"port=\d+"#, options: .regularExpression) {
                return (process, Int(line[range].dropFirst(5))!, output)
            }
        }
        process.terminate()
        throw CLIError(message: "the server did not start: \(text)")
    }

    struct CLIError: Error { var message: String }

    static func request(_ port: Int, _ text: String) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/messages")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: text))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func stopsGracefullyWithTheDatabaseClosed(signal: Int32) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("s.sqlite").path
        let config = folder.appendingPathComponent("switchboard.yaml").path
        try """
            agents:
              - name: alice
                queues: [general]
                token_sha256: \(sha256Hex("alice-token"))
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let (process, port, output) = try Self.start(db: db, config: config)
        let answer = try await Self.request(port, #"{"from":"+12025550101","body":"hi","id":"g1"}"#)
        #expect(answer.contains("Thanks for texting Acme"))
        // An event stream stays open until the server stops.
        let opened = Flag()
        let stream = Task {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/events?access_token=alice-token"), timeout: .seconds(30))
            guard response.status == .ok else { return }
            for try await _ in response.body { opened.set() }
        }
        defer { stream.cancel() }
        for _ in 0..<100 where !opened.value { try await Task.sleep(for: .milliseconds(50)) }
        #expect(opened.value, "the event stream did not open")
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "the server did not stop within 20 s")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("stopped"))
        // Closed cleanly: the WAL was checkpointed into the file and removed.
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
        let queue = try DatabaseQueue(path: db)
        let (integrity, messages) = try await queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages"))
        }
        #expect(integrity == "ok")
        #expect(messages == 2)
    }

    @Test func badArgumentsAreRefused() throws {
        let port = try CLI.run(["serve", "--port", "70000"])
        #expect(port.status != 0)
        #expect(port.stderr.contains("--port 70000"))
        let url = try CLI.run(["serve", "--public-url", "ftp://x"])
        #expect(url.stderr.contains("--public-url"))
        let level = try CLI.run(["serve", "--log-level", "loud"])
        #expect(level.stderr.contains("--log-level"))
    }

    @Test func configErrorsNameTheirPlace() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml").path
        try "agents:\n  - name: alice\n    queues: [general]\n    token_sha256: nothex\n".write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let result = try CLI.run(["serve", "--config", config, "--db", ":memory:", "--no-classifier", "--port", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(config):2:5"))
        #expect(result.stderr.contains("token_sha256 must be 64 hex digits"))
    }

    @Test func agentTokenPrintsATokenAndItsHash() throws {
        let result = try CLI.run(["agent-token"])
        let lines = result.stdout.split(separator: "\n")
        let token = try #require(lines.first { $0.hasPrefix("token: ") }?.dropFirst(7))
        let hash = try #require(lines.first { $0.hasPrefix("token_sha256: ") }?.dropFirst(14))
        #expect(sha256Hex(String(token)) == hash)
    }
}

/// A flag set from one task and read from another.
final class Flag: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var isSet = false
    func set() { lock.withLock { isSet = true } }
    var value: Bool { lock.withLock { isSet } }
}

/// SHA-256 in hex, via the system's sha256sum (the test target has no crypto library).
func sha256Hex(_ text: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try? process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    return String(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
}
