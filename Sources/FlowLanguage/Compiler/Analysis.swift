import FlowRuntime
import SMSText

/// Whole-program checks that need every node: reachability, loops that never wait, variables
/// that some path leaves unset, and what each outgoing text costs as SMS.
struct Analysis {
    let compilation: Compilation

    private var sink: DiagnosticSink { compilation.sink }

    func run() {
        guard let entry = compilation.entryFlow, let entryStart = compilation.flows[entry]?.start, !entryStart.isEmpty
        else { return }
        let entries = entryPoints(entry: NodeID(flow: entry, node: entryStart))
        checkReachability(from: entries)
        checkLoops()
        let available = definitelySetSlots(entries: entries)
        checkVariables(available)
        checkConditionSlots()
        checkSMS()
    }

    /// The entry flow's start, the start of every flow nothing leads to, and global handler targets.
    private func entryPoints(entry: NodeID) -> Set<NodeID> {
        var entries: Set<NodeID> = [entry]
        let targets = Set(compilation.edges.map(\.to))
        for (id, flow) in compilation.flows where !flow.start.isEmpty {
            let start = NodeID(flow: id, node: flow.start)
            if !targets.contains(start) { entries.insert(start) }
        }
        entries.formUnion(compilation.globalTargets)
        return entries
    }

    private var successors: [NodeID: [NodeID]] {
        var result: [NodeID: [NodeID]] = [:]
        for edge in compilation.edges { result[edge.from, default: []].append(edge.to) }
        return result
    }

    private func checkReachability(from entries: Set<NodeID>) {
        let successors = self.successors
        var seen = entries
        var stack = Array(entries)
        while let node = stack.popLast() {
            for next in successors[node] ?? [] where seen.insert(next).inserted { stack.append(next) }
        }
        for id in compilation.nodes.keys.sorted() where !seen.contains(id) {
            if let location = compilation.sourceMap.nodes[id] {
                sink.add(DiagnosticCode.unreachable(id.node, at: location))
            }
        }
    }

    /// Cycles among nodes that never wait for input (message, branch, lookup, goto).
    private func checkLoops() {
        let passThrough = Set(compilation.nodes.compactMap { id, node -> NodeID? in
            switch node.kind {
            case .message, .branch, .lookup, .httpLookup, .goto: return id
            default: return nil
            }
        })
        var graph: [NodeID: [NodeID]] = [:]
        for edge in compilation.edges where passThrough.contains(edge.from) && passThrough.contains(edge.to) {
            graph[edge.from, default: []].append(edge.to)
        }
        for component in StronglyConnected.components(of: graph, nodes: passThrough.sorted()) {
            let isCycle = component.count > 1 || (graph[component[0]] ?? []).contains(component[0])
            guard isCycle else { continue }
            let ordered = component.sorted { (compilation.sourceMap.nodes[$0] ?? SourceLocation(file: "", line: 0, column: 0)) < (compilation.sourceMap.nodes[$1] ?? SourceLocation(file: "", line: 0, column: 0)) }
            if let location = compilation.sourceMap.nodes[ordered[0]] {
                let names = ordered.map { $0.flow == ordered[0].flow ? $0.node : $0.description }
                sink.add(DiagnosticCode.loopWithoutInput(names + [names[0]], at: location))
            }
        }
    }

    /// For each node, the slots set on every path from an entry point (a must-analysis).
    private func definitelySetSlots(entries: Set<NodeID>) -> [NodeID: Set<String>] {
        var incoming: [NodeID: [Edge]] = [:]
        var outgoing: [NodeID: [NodeID]] = [:]
        for edge in compilation.edges {
            incoming[edge.to, default: []].append(edge)
            outgoing[edge.from, default: []].append(edge.to)
        }
        // nil = not yet reached (top); entries start empty. A worklist revisits only the successors
        // of a node whose result changed, so a long chain takes one pass, not one pass per node.
        var available: [NodeID: Set<String>] = [:]
        for entry in entries { available[entry] = [] }
        var worklist = compilation.nodes.keys.sorted()
        var waiting = Set(worklist)
        var head = 0
        while head < worklist.count {
            let id = worklist[head]
            head += 1
            waiting.remove(id)
            var result: Set<String>? = entries.contains(id) ? [] : nil
            for edge in incoming[id] ?? [] {
                guard let from = available[edge.from] else { continue }
                let out = from.union(edge.sets)
                result = result.map { $0.intersection(out) } ?? out
            }
            guard let result, available[id] != result else { continue }
            available[id] = result
            for next in outgoing[id] ?? [] where !waiting.contains(next) {
                worklist.append(next)
                waiting.insert(next)
            }
        }
        return available
    }

    private var knownSlots: Set<String> {
        var slots = Set(compilation.edges.flatMap(\.sets))
        slots.insert("csat")
        return slots
    }

    private func checkVariables(_ available: [NodeID: Set<String>]) {
        let known = knownSlots
        for use in compilation.templates {
            let here = available[use.node] ?? known
            for placeholder in use.placeholders {
                let location = use.reader.location(use.source, scalarOffset: placeholder.offset)
                let name = placeholder.name
                if name == "department" { continue }
                if name.hasPrefix("contact.") {
                    let field = String(name.dropFirst("contact.".count))
                    if compilation.contactFields[field] == nil {
                        sink.add(DiagnosticCode.unsetVariable(name, suggestion: Suggestions.closest(to: field, in: compilation.contactFields.keys).map { "contact.\($0)" }, at: location))
                    } else if field != "phone", placeholder.fallback == nil {
                        sink.add(DiagnosticCode.contactWithoutDefault(name, at: location))
                    }
                    continue
                }
                if placeholder.fallback == nil, use.outgoing, let table = compilation.emptyCells[name] {
                    sink.add(DiagnosticCode.emptyCells(name, table: table, at: location))
                }
                if placeholder.fallback != nil && known.contains(name) { continue }
                if !here.contains(name) {
                    let suggestion = Suggestions.closest(to: name, in: here.union(known))
                    sink.add(DiagnosticCode.unsetVariable(name, suggestion: suggestion == name ? nil : suggestion, at: location))
                }
            }
        }
    }

    private func checkConditionSlots() {
        let known = knownSlots
        for (name, node, reader) in compilation.conditionSlots where !known.contains(name) && name != "department" {
            if name.hasPrefix("contact."), compilation.contactFields[String(name.dropFirst(8))] != nil { continue }
            sink.add(DiagnosticCode.unsetVariable(name, suggestion: Suggestions.closest(to: name, in: known), at: reader.location(node)))
        }
    }

    /// Measures each outgoing text as the handset receives it, variables at their longest.
    private func checkSMS() {
        let longestQueue = compilation.queues.keys.max { $0.count < $1.count } ?? "general"
        for use in compilation.templates where use.outgoing {
            var values: [(name: String, value: String)] = []
            let expanded = use.template.parts.map { part -> String in
                switch part {
                case .literal(let text): return text
                case .variable(let name, let fallback):
                    var value: String
                    if name == "department" {
                        value = longestQueue
                    } else if name.hasPrefix("contact.") {
                        value = String(repeating: "x", count: compilation.contactFields[String(name.dropFirst(8))] ?? 20)
                    } else {
                        value = compilation.slotLongest[name] ?? String(repeating: "x", count: 20)
                    }
                    if let fallback, SMSCost.of(fallback) > SMSCost.of(value) { value = fallback }
                    values.append((name, value))
                    return value
                }
            }.joined()
            let info = SMSSegmenter.measure(expanded)
            let location = use.reader.location(use.source)
            let notes = use.note.map { [$0] } ?? []
            if info.segments > 1 {
                let limit = info.encoding == .gsm7 ? 160 : 70
                let unit = info.encoding == .gsm7 ? "septets" : "UTF-16 units"
                let vars = use.placeholders.isEmpty ? "" : " with variables at their longest"
                var diagnostic = DiagnosticCode.multiSegment(
                    "text takes \(info.segments) SMS segments (\(info.encoding.rawValue), \(info.units) \(unit)\(vars)); one segment holds \(limit)",
                    at: location)
                diagnostic.notes = notes
                sink.add(diagnostic)
            }
            let literal = use.template.parts.compactMap { part -> String? in
                if case .literal(let text) = part { return text }
                return nil
            }.joined()
            let culprits = SMSSegmenter.measure(literal).nonGSMScalars
            if culprits.isEmpty, info.encoding == .ucs2 {
                // The text itself is GSM-7; a default or a table value is not ("São Paulo", "amigo 🙂").
                let forcing = values.filter { SMSCost.of($0.value).ucs2 }.map { "{{\($0.name)}} can be '\($0.value)'" }
                sink.add(DiagnosticCode.forcesUCS2(
                    "text can be sent as UCS-2 (70 characters per segment instead of 160): " + forcing.joined(separator: ", "), notes: notes,
                    at: location))
            }
            if !culprits.isEmpty {
                let raw = use.source.scalar?.string ?? literal
                let firstOffset = Array(raw.unicodeScalars).firstIndex(of: culprits[0]) ?? 0
                let replacements = culprits.map { scalar -> String in
                    if let replacement = SMSSegmenter.gsmReplacement(for: scalar) {
                        return "replace \(SMSSegmenter.describe(scalar)) with \(replacement.isEmpty ? "nothing" : "'\(replacement)'")"
                    }
                    return "\(SMSSegmenter.describe(scalar)) has no GSM-7 equivalent"
                }
                sink.add(DiagnosticCode.forcesUCS2(
                    "text is sent as UCS-2 (70 characters per segment instead of 160) because of \(culprits.map { SMSSegmenter.describe($0) }.joined(separator: ", "))",
                    notes: replacements + notes, at: use.reader.location(use.source, scalarOffset: firstOffset)))
            }
        }
    }
}

/// How much a value costs as SMS, for picking the costliest: UCS-2 above GSM-7, then more units.
struct SMSCost: Comparable {
    var ucs2: Bool
    var units: Int

    static func of(_ text: String) -> SMSCost {
        let info = SMSSegmenter.measure(text)
        return SMSCost(ucs2: info.encoding == .ucs2, units: info.units)
    }

    static func < (a: SMSCost, b: SMSCost) -> Bool {
        a.ucs2 != b.ucs2 ? !a.ucs2 : a.units < b.units
    }
}

/// Tarjan's strongly connected components, iterative so deep graphs cannot overflow the stack.
enum StronglyConnected {
    static func components(of graph: [NodeID: [NodeID]], nodes: [NodeID]) -> [[NodeID]] {
        var index = 0
        var indices: [NodeID: Int] = [:]
        var lowlink: [NodeID: Int] = [:]
        var onStack: Set<NodeID> = []
        var stack: [NodeID] = []
        var result: [[NodeID]] = []
        for root in nodes where indices[root] == nil {
            var work: [(node: NodeID, next: Int)] = [(root, 0)]
            indices[root] = index; lowlink[root] = index; index += 1
            stack.append(root); onStack.insert(root)
            while !work.isEmpty {
                let (node, position) = work[work.count - 1]
                let successors = graph[node] ?? []
                if position < successors.count {
                    work[work.count - 1].next += 1
                    let next = successors[position]
                    if indices[next] == nil {
                        indices[next] = index; lowlink[next] = index; index += 1
                        stack.append(next); onStack.insert(next)
                        work.append((next, 0))
                    } else if onStack.contains(next) {
                        lowlink[node] = min(lowlink[node]!, indices[next]!)
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last?.node { lowlink[parent] = min(lowlink[parent]!, lowlink[node]!) }
                    if lowlink[node] == indices[node] {
                        var component: [NodeID] = []
                        while let top = stack.popLast() {
                            onStack.remove(top)
                            component.append(top)
                            if top == node { break }
                        }
                        result.append(component)
                    }
                }
            }
        }
        return result
    }
}
