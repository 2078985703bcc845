import FlowRuntime

/// Renders a program's flow graph as Graphviz DOT or Mermaid text.
public enum GraphRenderer {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Graphviz DOT.
        case dot
        /// Mermaid flowchart.
        case mermaid
    }

    /// Renders the graph.
    /// - Parameters:
    ///   - program: The compiled program.
    ///   - flow: Only this flow's nodes (edges to other flows still shown), or `nil` for all.
    ///   - format: DOT or Mermaid.
    /// - Returns: The graph text.
    public static func render(_ program: Program, flow: String? = nil, format: Format) -> String {
        let flows = program.flows.keys.sorted().filter { flow == nil || $0 == flow }
        var lines: [String] = []
        var edges: [(NodeID, NodeID, String)] = []
        var globalEdges: [(String, String, String)] = []
        switch format {
        case .dot:
            lines.append("digraph switchboard {")
            lines.append("  rankdir=LR;")
            lines.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];")
            lines.append("  edge [fontname=\"Helvetica\", fontsize=9];")
        case .mermaid:
            lines.append("flowchart LR")
        }
        for id in flows {
            guard let current = program.flows[id] else { continue }
            switch format {
            case .dot:
                lines.append("  subgraph \"cluster_\(id)\" {")
                lines.append("    label=\(dotQuote("flow \(id)"));")
            case .mermaid:
                lines.append("  subgraph \(mermaidID(id))[\"flow \(id)\"]")
            }
            for name in current.nodes.keys.sorted() {
                let node = current.nodes[name]!
                let label = "\(name) (\(node.kindName))" + (summary(node).map { "\n\($0)" } ?? "")
                switch format {
                case .dot:
                    let shape = node.kindName == "branch" ? ", shape=diamond, style=solid" : (node.kindName == "handoff" ? ", style=\"rounded,filled\", fillcolor=\"#fde2e2\"" : "")
                    let start = name == current.start ? ", penwidth=2" : ""
                    lines.append("    \(dotQuote(node.id.description)) [label=\(dotQuote(label))\(shape)\(start)];")
                case .mermaid:
                    let text = label.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>")
                    let open = node.kindName == "branch" ? "{\"" : "[\""
                    let close = node.kindName == "branch" ? "\"}" : "\"]"
                    lines.append("    \(mermaidID(node.id.description))\(open)\(text)\(close)")
                }
                for edge in node.edges { edges.append((node.id, edge.target, edge.label)) }
            }
            if !current.globals.isEmpty {
                let anchor = "\(id).*"
                switch format {
                case .dot:
                    lines.append("    \(dotQuote(anchor)) [label=\(dotQuote("from any node of \(id)")), shape=plaintext];")
                case .mermaid:
                    lines.append("    \(mermaidID(anchor))([\"from any node of \(id)\"])")
                }
                for handler in current.globals {
                    let words = (handler.exact + handler.contains).prefix(3).joined(separator: ", ")
                    let label = words + (handler.intents.isEmpty ? "" : (words.isEmpty ? "" : " / ") + "intent " + handler.intents.joined(separator: ", "))
                    globalEdges.append((anchor, handler.target.description, label))
                }
            }
            lines.append(format == .dot ? "  }" : "  end")
        }
        for (from, to, label) in edges {
            switch format {
            case .dot:
                lines.append("  \(dotQuote(from.description)) -> \(dotQuote(to.description))" + (label.isEmpty ? ";" : " [label=\(dotQuote(label))];"))
            case .mermaid:
                let text = label.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "|", with: "/")
                lines.append("  \(mermaidID(from.description)) -->" + (label.isEmpty ? " " : "|\"\(text)\"| ") + mermaidID(to.description))
            }
        }
        for (from, to, label) in globalEdges {
            switch format {
            case .dot:
                lines.append("  \(dotQuote(from)) -> \(dotQuote(to)) [label=\(dotQuote(label)), style=dashed];")
            case .mermaid:
                lines.append("  \(mermaidID(from)) -.->|\"\(label.replacingOccurrences(of: "\"", with: "#quot;"))\"| \(mermaidID(to))")
            }
        }
        if format == .dot { lines.append("}") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func summary(_ node: FlowRuntime.Node) -> String? {
        let text: Template?
        switch node.kind {
        case .message(let say, _): text = say.first
        case .menu(let menu): text = menu.prompt.first
        case .collect(let collect): text = collect.prompt.first
        case .handoff(let handoff): return "queue: \(handoff.queue ?? "(department)")"
        case .lookup(let lookup): return "\(lookup.table).\(lookup.column)"
        case .httpLookup(let lookup): return "\(lookup.method.rawValue) \(lookup.server)"
        case .end(let end): text = end.say.first
        default: text = nil
        }
        guard let text else { return nil }
        let rendered = text.parts.map { part -> String in
            switch part {
            case .literal(let value): return value
            case .variable(let name, _): return "{{\(name)}}"
            }
        }.joined()
        return rendered.count > 40 ? String(rendered.prefix(39)) + "…" : rendered
    }

    private static func dotQuote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    private static func mermaidID(_ text: String) -> String {
        text.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }
}
