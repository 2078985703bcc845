import Foundation
import HummingbirdTesting
import SwitchboardEngine
import SwitchboardHTTP
import SwitchboardTestSupport
import Testing

/// The agent console in a real browser (headless Chromium through Selenium), and its segment
/// counter against the shared vectors (node).
@Suite("Agent console")
struct ConsoleBrowserTests {
    /// Runs a program; returns its exit status and output.
    static func run(_ arguments: [String], timeout: Double = 120) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = Shipped.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, output)
    }

    @Test("an agent signs in, claims a waiting conversation and replies; the reply reaches the outbox")
    func agentRepliesInBrowser() async throws {
        let fixture = try ServerFixture()
        let screenshot = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString).png").path
        let reply = "Hi, this is Alice. I can see the double charge and will refund it today."
        try await fixture.live { client in
            let port = try #require(client.port)
            let handoff = try await client.json("/v1/messages", #"{"from":"+12025550101","body":"I want a real person, my bill is wrong","id":"b1"}"#)
            let id = try #require(handoff.object["conversation_id"] as? Int)
            #expect(handoff.object["handoff"] is [String: Any])
            let result = try await Self.run([
                "python3", "Tests/Browser/console_test.py", "--url", "http://127.0.0.1:\(port)", "--token", "alice-token",
                "--conversation", "\(id)", "--reply", reply, "--screenshot", screenshot,
            ])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("ok"))
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM outbox WHERE body = '\(reply.replacingOccurrences(of: "'", with: "''"))'") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM handoffs WHERE agent = 'alice' AND status = 'assigned'") == 1)
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 10_000, "the screenshot is missing or empty")
    }

    @Test("the console's segment counter passes every case in sms-segments.json")
    func segmentCounterVectors() async throws {
        let vectors = Shipped.root.deletingLastPathComponent().appendingPathComponent("shared/vectors/sms-segments.json").path
        let result = try await Self.run(["node", "Tests/Browser/segments_vectors.mjs", vectors])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("87/87"))
    }
}
