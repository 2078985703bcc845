import FlowLanguage
import Foundation
import Testing

/// The complete example in docs/flows.md compiles without diagnostics, so the docs cannot rot.
struct DocsExampleTests {
    @Test func flowsDocExampleCompilesCleanly() throws {
        let url = ShippedFlowsTests.root.appendingPathComponent("docs/flows.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        func block(_ language: String) throws -> String {
            let start = try #require(text.range(of: "```\(language)\n"))
            let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
            return String(text[start.upperBound..<end.lowerBound])
        }
        let result = FlowCompiler.compile(
            flows: [SourceFile(path: "pizza.yaml", text: try block("yaml"))],
            tables: [SourceFile(path: "data/pizzas.csv", text: try block("csv"))])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { DiagnosticRenderer.render($0) })")
        #expect(result.program?.flows["pizza"]?.nodes.count == 9)
    }
}
