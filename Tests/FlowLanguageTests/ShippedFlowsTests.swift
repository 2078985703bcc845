import FlowLanguage
import Foundation
import Testing

/// The flows shipped in Flows/ compile without errors or warnings.
struct ShippedFlowsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ folder: String, suffix: String) throws -> [SourceFile] {
        let url = root.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(suffix) }.sorted()
        return try names.map { SourceFile(path: "\(folder)/\($0)", text: try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test func shippedFlowsHaveNoDiagnostics() throws {
        let result = FlowCompiler.compile(flows: try Self.load("Flows", suffix: ".yaml"), tables: try Self.load("Flows/data", suffix: ".csv"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { DiagnosticRenderer.render($0) }.joined(separator: "\n"))")
        let program = try #require(result.program)
        #expect(program.entryFlow == "support")
        #expect(Set(program.queues.keys) == ["general", "billing", "orders", "tech"])
        #expect(program.tables["orders"]?.rows.count ?? 0 >= 20)
        #expect(program.tables["orders"]?.columns.contains("order_number") == true)
    }
}
