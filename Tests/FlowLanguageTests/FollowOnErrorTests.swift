import FlowLanguage
import Testing

/// One mistake, one error: what only follows from it is not reported on top.
struct FollowOnErrorTests {
    static let entry = """
        flow: main
        entry: true
        start: menu
        queues:
          billing: {hours: office}
        hours:
          office:
            timezone: America/New_York
            mon-fri: "09:00-17:00"
        nodes:
          menu:
            kind: menu
            say: "Reply A."
            choices:
              - key: A
                goto: orders
            on_fail: person
          person:
            kind: handoff
            queue: billing
        """
    static let orders = """
        flow: orders
        start: ask
        nodes:
          ask:
            kind: collect
            say: "Number?"
            slot: n
            pattern: '(\\d+)'
            reprompt: "Digits?"
            on_fail: main.person
            next: tell
          tell:
            kind: end
            say: "Got {{n}}."
        """

    func codes(_ flows: [(String, String)], tables: [SourceFile] = [], unreadable: [String] = []) -> [String] {
        FlowCompiler.compile(flows: flows.map { SourceFile(path: $0.0, text: $0.1) }, tables: tables, unreadable: unreadable)
            .diagnostics.map { "\($0.location.file):\($0.location.line) \($0.code)" }
    }

    @Test func theFlowsCompileAsGiven() {
        #expect(codes([("main.yaml", Self.entry), ("orders.yaml", Self.orders)]).isEmpty)
    }

    @Test func aFileThatIsNotYAMLHidesReferencesIntoIt() {
        // The entry file is broken: its queues, hours and entry mark are unknown, and orders'
        // reference into it is not reported.
        let broken = Self.entry.replacingOccurrences(of: "  menu:\n", with: "  menu:\n\t\n")
        #expect(codes([("main.yaml", broken), ("orders.yaml", Self.orders)]) == ["main.yaml:12 FL0001"])
        // The same when the caller could not read the file at all.
        #expect(codes([("orders.yaml", Self.orders)], unreadable: ["Flows/main.yaml"]).isEmpty)
        // A reference into a readable file is still checked.
        let typo = Self.orders.replacingOccurrences(of: "main.person", with: "main.persn")
        #expect(codes([("main.yaml", Self.entry), ("orders.yaml", typo)]) == ["orders.yaml:10 FL0201"])
    }

    @Test func theBrokenFileIsKnownByItsFlowLineNotItsName() {
        // The broken file declares flow 'main' whatever it is called; references into it are not reported.
        let broken = Self.entry.replacingOccurrences(of: "  menu:\n", with: "  menu:\n\t\n")
        #expect(codes([("draft.yaml", broken), ("orders.yaml", Self.orders)]) == ["draft.yaml:12 FL0001"])
        // A program is never built while a file could not be read.
        #expect(FlowCompiler.compile(flows: [SourceFile(path: "orders.yaml", text: Self.orders)], tables: [], unreadable: ["x.yaml"]).program == nil)
    }

    @Test func aTabInTheIndentationIsNamed() {
        let broken = Self.entry.replacingOccurrences(of: "  menu:\n", with: "  menu:\n\t\n")
        let message = FlowCompiler.compile(flows: [SourceFile(path: "main.yaml", text: broken)], tables: []).diagnostics.first?.message ?? ""
        #expect(message.hasSuffix("this line is indented with a tab, and YAML indents with spaces only"), "\(message)")
    }

    @Test func contactFieldsAreLowerCase() {
        let flow = "flow: a\nstart: x\ncontact:\n  firstName: 10\nnodes:\n  x:\n    kind: end\n"
        #expect(codes([("a.yaml", flow)]) == ["a.yaml:4 FL0105"])
    }

    @Test func aMisspeltTargetDoesNotAlsoReportWhatItStrands() {
        // 'tell' is stranded and its {{n}} has no path: neither is reported over the typo.
        let typo = Self.orders.replacingOccurrences(of: "next: tell", with: "next: tel")
        #expect(codes([("main.yaml", Self.entry), ("orders.yaml", typo)]) == ["orders.yaml:11 FL0201"])
    }

    @Test func hoursWithAMistakeAreNotAlsoUnknown() {
        let bad = Self.entry.replacingOccurrences(of: "mon-fri", with: "mon-fir")
        #expect(codes([("main.yaml", bad), ("orders.yaml", Self.orders)]) == ["main.yaml:9 FL0302"])
    }

    @Test func aTableThatCannotBeReadHidesReferencesToIt() {
        let lookup = """
            flow: t
            start: find
            nodes:
              find:
                kind: lookup
                table: orders
                key: "1"
                column: id
                into: order
                found: done
                not_found: done
              done:
                kind: end
                say: "{{order.status}}"
            """
        #expect(codes([("t.yaml", lookup)], unreadable: ["Flows/data/orders.csv"]).isEmpty)
        #expect(codes([("t.yaml", lookup)]).first == "t.yaml:6 FL0203")
    }
}
