import FlowLanguage
import Foundation
import Testing

/// Golden fixtures: every file in Fixtures/invalid has a .diagnostics file with the exact rendered
/// diagnostics (path:line:col included); every file in Fixtures/valid compiles without any.
struct FixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func names(in folder: String) -> [String] {
        let url = fixtures.appendingPathComponent(folder)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func read(_ relative: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(relative), encoding: .utf8)
    }

    static func tables(in folder: String) throws -> [SourceFile] {
        let url = fixtures.appendingPathComponent(folder).appendingPathComponent("data")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".csv") }
        return try files.sorted().map { SourceFile(path: "\(folder)/data/\($0)", text: try read("\(folder)/data/\($0)")) }
    }

    @Test func fixtureFoldersAreNotEmpty() {
        #expect(Self.names(in: "invalid").count >= 18)
        #expect(Self.names(in: "valid").count >= 2)
    }

    @Test(arguments: FixtureTests.names(in: "invalid"))
    func invalidFixtureReportsExactDiagnostics(name: String) throws {
        let path = "invalid/\(name).yaml"
        let expectedURL = Self.fixtures.appendingPathComponent("invalid/\(name).diagnostics")
        guard FileManager.default.fileExists(atPath: expectedURL.path) else {
            Issue.record("\(path) has no companion \(name).diagnostics file")
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        let result = FlowCompiler.compile(flows: [SourceFile(path: path, text: try Self.read(path))], tables: try Self.tables(in: "invalid"))
        let rendered = result.diagnostics.map { DiagnosticRenderer.render($0) }.joined(separator: "\n") + "\n"
        #expect(rendered == expected)
        #expect(!result.diagnostics.isEmpty)
        let lineCount = try Self.read(path).split(separator: "\n", omittingEmptySubsequences: false).count
        for diagnostic in result.diagnostics {
            #expect(diagnostic.location.file == path)
            #expect((1...lineCount).contains(diagnostic.location.line), "line out of range: \(diagnostic.location)")
            #expect(diagnostic.location.column >= 1)
        }
        #expect((result.program == nil) == result.diagnostics.hasErrors)
    }

    @Test func validFixturesCompileCleanly() throws {
        let flows = try Self.names(in: "valid").map { SourceFile(path: "valid/\($0).yaml", text: try Self.read("valid/\($0).yaml")) }
        let result = FlowCompiler.compile(flows: flows, tables: [])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { DiagnosticRenderer.render($0) })")
        #expect(result.program?.entryFlow == "main")
    }
}
