import ConversationTesting
import FlowLanguage
import FlowRuntime
import Testing

/// Coverage counts edges by node and label, so edges into the same node stay apart.
struct CoverageTests {
    static let program: Program = FlowCompiler.compile(
        flows: [
            SourceFile(
                path: "pick.yaml",
                text: """
                    flow: pick
                    start: menu
                    nodes:
                      menu:
                        kind: menu
                        say: "Reply A or B."
                        choices:
                          - key: A
                            goto: check
                          - key: B
                            goto: check
                        on_fail: done
                      check:
                        kind: branch
                        cases:
                          - if: {intent: billing}
                            goto: done
                        else: done
                      done:
                        kind: end
                        say: "Done."
                    """)
        ], tables: []
    ).program!

    @Test func choicesIntoTheSameNodeAreSeparateEdges() async throws {
        let script = try ConversationScript(parsing: "> hi\n> A\n<= Done.\n")
        var coverage = Coverage()
        #expect(await ScriptRunner(program: Self.program).run(script, coverage: &coverage).isEmpty)
        let missing = coverage.uncoveredEdges(in: Self.program).map { "\($0.edge) \($0.label)" }
        // B, the menu's on_fail and the branch's first case all lead where A and `else` went.
        #expect(missing.count == 3)
        #expect(missing.contains("pick.menu -> pick.check b"))
        #expect(missing.contains("pick.menu -> pick.done on_fail"))
        #expect(!missing.contains("pick.menu -> pick.check a"))
        #expect(!missing.contains { $0.hasSuffix(" else") })

        let both = try ConversationScript(parsing: "> hi\n> A\n=== b\n> hi\n> B\n")
        var more = Coverage()
        _ = await ScriptRunner(program: Self.program).run(both, coverage: &more)
        #expect(!more.uncoveredEdges(in: Self.program).contains { $0.label == "b" })
    }
}
