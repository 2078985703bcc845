import ArgumentParser
import FlowLanguage

/// `switchboard graph`: the flows as a DOT or Mermaid graph.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the flow graph as Graphviz DOT or Mermaid.",
        discussion: "Render DOT with: switchboard graph --format dot | dot -Tpng -o flows.png"
    )

    @OptionGroup var options: FlowOptions
    @Option(help: "Settings file whose queues and hours override the flows' (the default is used only when it exists; a file named here must exist).") var config: String = "switchboard.yaml"

    @Argument(help: "Only this flow (default: all flows).")
    var flow: String?

    @Option(help: "dot or mermaid.")
    var format: String = "dot"

    func validate() throws {
        guard GraphRenderer.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be dot or mermaid, not '\(format)'")
        }
    }

    func run() throws {
        let (program, _) = try options.loadProgram(settings: config)
        if let flow, program.flows[flow] == nil {
            throw ValidationError("no flow named '\(flow)'; flows: \(program.flows.keys.sorted().joined(separator: ", "))")
        }
        print(GraphRenderer.render(program, flow: flow, format: GraphRenderer.Format(rawValue: format)!), terminator: "")
    }
}
