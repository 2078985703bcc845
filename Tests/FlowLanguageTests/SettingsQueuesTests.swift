import FlowLanguage
import FlowRuntime
import Foundation
import Testing

/// Queues and hours from switchboard.yaml override and extend the flows'.
struct SettingsQueuesTests {
    let flow = SourceFile(path: "Flows/f.yaml", text: """
        flow: f
        start: hand
        queues:
          billing:
            hours: office
            after_hours: "Billing is back {{opens}}."
          general: {hours: office}
        hours:
          office:
            timezone: America/New_York
            mon-fri: "09:00-17:00"
        nodes:
          hand:
            kind: handoff
            queue: vip
            reason: flow
            say: One moment.
        """)

    func compile(_ settings: String) -> CompilationResult {
        FlowCompiler.compile(flows: [flow], tables: [], settings: SourceFile(path: "switchboard.yaml", text: settings))
    }

    @Test("settings add a queue, replace hours by name, and override only the fields they give")
    func overrides() throws {
        let result = compile("""
            business_name: Acme
            hours:
              office:
                timezone: Europe/London
                mon-sat: "08:00-18:00"
              nights: {timezone: America/Chicago, mon-sun: "18:00-23:00"}
            queues:
              vip: {hours: nights, after_hours: "VIP desk opens {{opens}}."}
              billing: {hours: nights}
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let program = try #require(result.program)
        #expect(program.queues["vip"]?.hours?.timeZone == "America/Chicago")
        #expect(program.queues["vip"]?.afterHoursNotice == "VIP desk opens {{opens}}.")
        #expect(program.queues["billing"]?.hours?.timeZone == "America/Chicago")
        #expect(program.queues["billing"]?.afterHoursNotice == "Billing is back {{opens}}.")  // kept from the flow
        #expect(program.queues["general"]?.hours?.timeZone == "Europe/London")  // 'office' replaced
        #expect(program.queues["general"]?.hours?.windows[7] == [480..<1080])  // Saturday now open
    }

    @Test("an after-hours notice is a template that knows {{opens}} only, checked for SMS cost like any text")
    func afterHoursIsATemplate() throws {
        let spaced = compile("queues:\n  vip: {after_hours: \"VIP desk opens {{ opens }}.\"}\n")
        #expect(spaced.diagnostics.isEmpty, "\(spaced.diagnostics)")
        #expect(spaced.program?.queues["vip"]?.afterHoursNotice == "VIP desk opens {{opens}}.")
        let wrong = compile("queues:\n  vip: {after_hours: \"Back {{opens}}, {{contact.name|friend}}. {{open}}\"}\n")
        #expect(wrong.diagnostics.map { "\($0.location) \($0.code)" } == ["switchboard.yaml:2:41 FL0205", "switchboard.yaml:2:66 FL0205"])
        let curly = compile("queues:\n  vip: {after_hours: \"We\u{2019}re back {{opens}}.\"}\n")
        #expect(curly.diagnostics.map(\.code) == ["FL0902"])
    }

    @Test("without the settings the flow's handoff to 'vip' is an unknown queue")
    func queueOnlyInSettings() {
        let result = FlowCompiler.compile(flows: [flow], tables: [])
        #expect(result.program == nil)
        #expect(result.diagnostics.map(\.code) == ["FL0202"])
    }

    @Test("mistakes in the settings' queues are reported at switchboard.yaml:line:col")
    func settingsErrors() {
        let result = compile("""
            queues:
              vip:
                hours: nigths
                after_hour: "x"
              bad name: {}
            """)
        let lines = result.diagnostics.map { "\($0.location): \($0.code)" }
        #expect(lines.contains("switchboard.yaml:3:12: FL0209"))
        #expect(result.diagnostics.first { $0.location.line == 3 }?.message.contains("no hours named 'nigths'") == true)
        #expect(result.diagnostics.contains { $0.location.file == "switchboard.yaml" && $0.location.line == 4 })
        #expect(result.diagnostics.contains { $0.location.file == "switchboard.yaml" && $0.location.line == 5 })
        let syntax = compile("queues: [\n")
        #expect(syntax.diagnostics.contains { $0.code == "FL0001" && $0.location.file == "switchboard.yaml" })
    }
}
