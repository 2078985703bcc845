import FlowLanguage
import FlowRuntime
import Testing

/// Rules that need more than one file, a table, or a specific shape, checked on inline sources.
struct CompilerTests {
    func compile(_ yaml: String..., tables: [SourceFile] = []) -> CompilationResult {
        FlowCompiler.compile(
            flows: yaml.enumerated().map { SourceFile(path: "f\($0.offset).yaml", text: $0.element) }, tables: tables)
    }

    /// Node `x` of flow `a`, which the test expects to be an end node.
    func endNode(_ program: Program?) throws -> End {
        guard case .end(let end)? = program?.flows["a"]?.nodes["x"]?.kind else { throw EndNodeMissing() }
        return end
    }

    struct EndNodeMissing: Error {}

    func lines(_ result: CompilationResult) -> [String] {
        result.diagnostics.map { "\($0.location): \($0.code)" }
    }

    @Test func duplicateFlowAndNode() {
        let result = compile(
            "flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n",
            "flow: a\nstart: y\nnodes:\n  y:\n    kind: end\n")
        #expect(lines(result) == ["f1.yaml:1:7: FL0106"])
        // YAML itself rejects a node declared twice in one mapping: reported at the second one.
        let twice = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n  # x again\n\n  x:\n    kind: end\n")
        #expect(lines(twice) == ["f0.yaml:8:3: FL0001"])
        #expect(twice.diagnostics.first?.message == "YAML syntax error: duplicate key 'x' in a mapping (first defined at 4:3)")
    }

    @Test func duplicateKeysAreReportedAtTheirSecondDefinition() {
        // A field inside a node, a quoted key, and a mapping that starts after "- ".
        let field = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: hi\n    say: bye\n")
        #expect(lines(field) == ["f0.yaml:7:5: FL0001"])
        let quoted = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n  \"x\":\n    kind: end\n")
        #expect(lines(quoted) == ["f0.yaml:6:3: FL0001"])
        let item = compile("flow: a\nstart: x\nglobals:\n  - match: [menu]\n    match: [back]\n    goto: x\nnodes:\n  x:\n    kind: end\n")
        #expect(lines(item) == ["f0.yaml:5:5: FL0001"])
        #expect(item.diagnostics.first?.message.hasSuffix("(first defined at 4:5)") == true)
        // The scan stops where the mapping ends: a sibling node's `say` is not the duplicate.
        let sibling = compile("flow: a\nstart: x\nnodes:\n  x:\n    say: hi\n    kind: end\n    say: bye\n  y:\n    say: hi\n    kind: end\n")
        #expect(lines(sibling) == ["f0.yaml:7:5: FL0001"])
        // Two keys twice: both named, at Yams' position.
        let two = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: hi\n    kind: end\n    say: bye\n")
        #expect(two.diagnostics.first?.message == "YAML syntax error: duplicate key 'kind', 'say' in a mapping")
        // A flow mapping keeps the mapping's position.
        let inline = compile("flow: a\nstart: x\nnodes:\n  x: {kind: end, kind: end}\n")
        #expect(lines(inline) == ["f0.yaml:4:7: FL0001"])
    }

    @Test("aliases nested in aliases cannot make a small file expand without bound")
    func aliasBombIsRefused() {
        var yaml = "flow: a\nstart: x\nlevels:\n  c0: &c0 {intent: x}\n"
        for level in 1...9 { yaml += "  c\(level): &c\(level) {any: [" + Array(repeating: "*c\(level - 1)", count: 10).joined(separator: ", ") + "]}\n" }
        yaml += "nodes:\n  x:\n    kind: end\n"
        #expect(yaml.utf8.count < 1_200)
        let result = compile(yaml)
        #expect(lines(result) == ["f0.yaml:1:1: FL0001"])
        #expect(result.diagnostics.first?.message.contains("expands to more than 100000 YAML nodes") == true)
    }

    @Test("a menu key or word that is a STOP/START/HELP keyword is flagged: the engine answers it first")
    func complianceKeywordsInMenus() {
        let result = compile("""
            flow: a
            start: m
            nodes:
              m:
                kind: menu
                say: [Pick one]
                choices:
                  - key: "1"
                    words: [Cancel, cancel it]
                    goto: e
                  - key: help
                    goto: e
                on_fail: e
              e:
                kind: end
                say: Bye
            """)
        #expect(lines(result) == ["f0.yaml:9:17: FL0211", "f0.yaml:11:14: FL0211"])
        #expect(result.diagnostics.first?.message == "'Cancel' is a STOP keyword: the engine answers it before any flow, so this choice never gets it")
    }

    @Test("a null text is a type error, not the text \"~\"; csat takes on/off like the other switches; defaults lose their layout spaces")
    func nullsSwitchesAndDefaults() throws {
        let nulls = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: ~\n")
        #expect(lines(nulls) == ["f0.yaml:6:10: FL0104"])
        let off = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: Bye\n    csat: off\n")
        #expect(off.diagnostics.isEmpty)
        #expect(try endNode(off.program).csatQuestion == nil)
        let spaced = try #require(compile(
            "flow: a\nstart: m\nnodes:\n  m:\n    kind: menu\n    say: Pick\n    choices:\n      - {key: A, set: {nickname: Al}, goto: x}\n      - {key: B, goto: x}\n    on_fail: x\n"
                + "  x:\n    kind: end\n    say: \"Hi {{ nickname | there }}!\"\n").program)
        #expect(try endNode(spaced).say.first?.render { _ in nil }.text == "Hi there!")
    }

    @Test("a table value or a default that forces UCS-2 is reported, and counts at its costliest")
    func ucs2FromValuesAndDefaults() {
        let result = compile("""
            flow: a
            start: l
            nodes:
              l:
                kind: lookup
                table: stores
                key: "{{contact.phone}}"
                column: name
                into: stores
                found: x
                not_found: y
              x:
                kind: end
                say: "Your store: {{stores.city}}. Thanks!"
              y:
                kind: end
                say: "Hi {{department|amigo \u{1F642}}}"
            """, tables: [SourceFile(path: "data/stores.csv", text: "city,name\nNew York City NY,a\nS\u{E3}o Paulo,b\n")])
        #expect(lines(result) == ["f0.yaml:14:10: FL0902", "f0.yaml:17:10: FL0902"])
        #expect(result.diagnostics.first?.message.contains("{{stores.city}} can be 'S\u{E3}o Paulo'") == true)
    }

    @Test("positions inside a text count from its value: past an anchor or a tag, and over a folded plain line")
    func positionsPastAnchorsTagsAndFolds() {
        let anchor = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: &bye Thanks {{nme}}\n")
        #expect(lines(anchor) == ["f0.yaml:6:24: FL0205"])
        let tag = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: !!str \"Your order is {{ord er}} today.\"\n")
        #expect(lines(tag) == ["f0.yaml:6:33: FL0301"])
        let folded = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: Thanks for writing to us today, we will get back\n      to you {{nme}} soon\n")
        #expect(lines(folded) == ["f0.yaml:7:16: FL0205"])
    }

    @Test("a text that uses a table column with empty cells needs a default (FL0602)")
    func emptyCellsNeedADefault() {
        func flow(_ say: String) -> String {
            "flow: a\nstart: l\nnodes:\n  l:\n    kind: lookup\n    table: orders\n    key: \"{{contact.phone}}\"\n    column: id\n    into: order\n    found: x\n    not_found: y\n"
                + "  x:\n    kind: end\n    say: \"\(say)\"\n  y:\n    kind: end\n    say: Not found.\n"
        }
        let table = SourceFile(path: "data/orders.csv", text: "id,eta,item\n1,Friday,Lamp\n2,,Desk\n")
        #expect(lines(compile(flow("Estimated delivery: {{order.eta}}."), tables: [table])) == ["f0.yaml:14:33: FL0602"])
        #expect(compile(flow("Estimated delivery: {{order.eta|soon}}."), tables: [table]).diagnostics.isEmpty)
        #expect(compile(flow("Your {{order.item}} is on its way."), tables: [table]).diagnostics.isEmpty)
    }

    @Test func aMenuNeedsAChoice() {
        let result = compile("flow: a\nstart: m\nnodes:\n  m:\n    kind: menu\n    say: Pick\n    choices: []\n    on_fail: m\n")
        #expect(lines(result) == ["f0.yaml:7:14: FL0105"])
    }

    @Test("a diagnostic rendered from lines split once per file reads the same as one rendered from the text")
    func renderingManyDiagnosticsIsLinear() {
        let source = (1...3_000).map { "line \($0)" }.joined(separator: "\n")
        let lines = DiagnosticRenderer.lines(of: source)
        let diagnostic = DiagnosticCode.unreachable("n", at: SourceLocation(file: "f", line: 2_999, column: 3))
        #expect(DiagnosticRenderer.render(diagnostic, sourceLines: lines) == DiagnosticRenderer.render(diagnostic, source: source))
        #expect(DiagnosticRenderer.render(diagnostic, sourceLines: lines).contains("    line 2999\n      ^"))
    }

    @Test func severalFlowsNeedOneEntry() {
        let result = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n", "flow: b\nstart: y\nnodes:\n  y:\n    kind: end\n")
        #expect(lines(result) == ["f0.yaml:1:7: FL0107"])
        let two = compile("flow: a\nentry: true\nstart: x\nnodes:\n  x:\n    kind: end\n", "flow: b\nentry: yes\nstart: y\nnodes:\n  y:\n    kind: end\n")
        #expect(lines(two) == ["f1.yaml:1:7: FL0107"])
    }

    @Test func wrongTypesAndValues() {
        let result = compile("""
            flow: a
            start: m
            nodes:
              m:
                kind: menu
                say: [Pick one]
                max_misses: lots
                choices: {key: A}
                on_fail: m
            """)
        #expect(lines(result) == ["f0.yaml:7:17: FL0104", "f0.yaml:8:14: FL0104"])
    }

    @Test func missingCaptureGroup() {
        let result = compile("""
            flow: a
            start: c
            nodes:
              c:
                kind: collect
                say: Code?
                slot: code
                pattern: '\\d+'
                group: 2
                reprompt: Digits please.
                on_fail: c
                next: e
              e:
                kind: end
            """)
        #expect(lines(result) == ["f0.yaml:9:12: FL0402"])
    }

    @Test func malformedCSVIsReportedWithPosition() {
        let result = compile(
            "flow: a\nstart: e\nnodes:\n  e:\n    kind: end\n",
            tables: [SourceFile(path: "data/t.csv", text: "a,b\n1,\"unterminated\n"), SourceFile(path: "data/u.csv", text: "a,b\n1,2,3\n")])
        #expect(lines(result) == ["data/t.csv:2:3: FL0601", "data/u.csv:2:1: FL0601"])
    }

    @Test func slotsSetOnEveryPathAreAccepted() {
        // Both branches set `plan` before the end node uses it.
        let result = compile("""
            flow: a
            start: m
            nodes:
              m:
                kind: menu
                say: 1 or 2?
                numbered: true
                choices:
                  - {label: basic, set: {plan: basic}, goto: e}
                  - {label: pro, set: {plan: pro}, goto: e}
                on_fail: e2
              e:
                kind: end
                say: "You picked {{plan}}."
              e2:
                kind: end
            """)
        #expect(result.diagnostics.isEmpty, "\(lines(result))")
    }

    @Test func crossFlowTargetsResolve() {
        let result = compile(
            "flow: a\nentry: true\nstart: x\nnodes:\n  x:\n    kind: goto\n    target: b.y\n",
            "flow: b\nstart: y\nnodes:\n  y:\n    kind: end\n  z:\n    kind: goto\n    target: a\n")
        #expect(lines(result) == ["f1.yaml:6:3: FL0501"])
        #expect(result.program == nil ? false : true)
    }

    @Test func fingerprintChangesWithSource() {
        let one = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n")
        let two = compile("flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    say: Bye\n")
        #expect(one.program?.fingerprint != nil)
        #expect(one.program?.fingerprint != two.program?.fingerprint)
    }
}

/// Windows line endings give the same positions as Unix ones.
struct LineEndingTests {
    @Test func crlfFilesReportTheSameLines() {
        let unix = "flow: a\nstart: x\nnodes:\n  x:\n    kind: end\n    sya: hi\n"
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        let one = FlowCompiler.compile(flows: [SourceFile(path: "f.yaml", text: unix)], tables: [])
        let two = FlowCompiler.compile(flows: [SourceFile(path: "f.yaml", text: windows)], tables: [])
        #expect(one.diagnostics.map(\.location) == two.diagnostics.map(\.location))
        #expect(one.diagnostics.map(\.location.line) == [6])
        let rendered = DiagnosticRenderer.render(two.diagnostics[0], source: windows)
        #expect(rendered.contains("\n        sya: hi\n"))
    }
}
