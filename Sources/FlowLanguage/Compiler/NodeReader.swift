import FlowRegex
import FlowRuntime
import Yams

/// Reads one node's mapping into a runtime node, recording edges and templates.
struct NodeReader {
    let compilation: Compilation
    let reader: YAMLReader
    let id: NodeID
    let keyNode: Yams.Node

    static let kinds = ["message", "menu", "collect", "branch", "lookup", "handoff", "goto", "end"]
    static let common = ["kind", "department", "description"]
    static let fields: [String: [String]] = [
        "message": ["say", "next"],
        "menu": ["say", "choices", "reprompt", "max_misses", "on_fail", "numbered", "min_confidence"],
        "collect": ["say", "slot", "pattern", "group", "normalize", "max_length", "reprompt", "max_failures", "on_fail", "next", "case_sensitive"],
        "branch": ["cases", "else"],
        "lookup": ["table", "column", "key", "into", "found", "not_found"] + httpLookupFields,
        "handoff": ["queue", "reason", "note", "say"],
        "goto": ["target"],
        "end": ["say", "csat", "csat_thanks"],
    ]

    /// Fields only a table lookup has, and fields only an HTTP lookup has.
    static let tableLookupFields = ["table", "column", "key", "into"]
    static let httpLookupFields = ["url", "method", "timeout", "body", "map", "failed"]

    var sink: DiagnosticSink { compilation.sink }
    var what: String { "node '\(id.node)'" }

    func read(_ value: Yams.Node) -> FlowRuntime.Node? {
        guard let all = reader.mapping(value, what, allowed: nil) else { return nil }
        guard let kindEntry = all.first(where: { $0.key == "kind" }) else {
            sink.add(DiagnosticCode.missingField("kind", in: what, at: reader.location(keyNode)))
            return nil
        }
        guard let kind = reader.string(kindEntry.value, "kind") else { return nil }
        guard let allowed = Self.fields[kind] else {
            sink.add(DiagnosticCode.unknownKind(kind, suggestion: Suggestions.closest(to: kind, in: Self.kinds), at: reader.location(kindEntry.value)))
            return nil
        }
        guard let entries = reader.mapping(value, "\(kind) \(what)", allowed: Self.common + allowed) else { return nil }
        var fields: [String: (keyNode: Yams.Node, value: Yams.Node)] = [:]
        for entry in entries { fields[entry.key] = (entry.keyNode, entry.value) }
        var department: String?
        if let field = fields["department"], let name = reader.string(field.value, "department"),
            compilation.queueExists(name, node: field.value, reader: reader)
        {
            department = name
        }
        let context = Fields(reader: reader, fields: fields, owner: what, ownerNode: keyNode)
        let body: FlowRuntime.Node.Kind?
        switch kind {
        case "message": body = message(context)
        case "menu": body = menu(context)
        case "collect": body = collect(context)
        case "branch": body = branch(context)
        case "lookup": body = lookup(context)
        case "handoff": body = handoff(context)
        case "goto": body = context.required("target").flatMap { target($0) }.map { .goto($0) }
        default: body = end(context)
        }
        return body.map { FlowRuntime.Node(id: id, kind: $0, department: department) }
    }

    /// Field access that reports missing required fields at the node's key.
    struct Fields {
        let reader: YAMLReader
        let fields: [String: (keyNode: Yams.Node, value: Yams.Node)]
        let owner: String
        let ownerNode: Yams.Node

        subscript(_ name: String) -> Yams.Node? { fields[name]?.value }

        func required(_ name: String) -> Yams.Node? {
            guard let value = fields[name]?.value else {
                reader.sink.add(DiagnosticCode.missingField(name, in: owner, at: reader.location(ownerNode)))
                return nil
            }
            return value
        }
    }

    func target(_ node: Yams.Node, sets: Set<String> = []) -> NodeID? {
        guard let target = compilation.resolve(node, from: id.flow, reader: reader) else { return nil }
        compilation.edges.append(Edge(from: id, to: target, sets: sets))
        return target
    }

    private func texts(_ node: Yams.Node?) -> [Template] {
        guard let node else { return [] }
        switch node {
        case .sequence(let items): return items.compactMap { compilation.template($0, reader: reader, owner: id, outgoing: true) }
        default: return compilation.template(node, reader: reader, owner: id, outgoing: true).map { [$0] } ?? []
        }
    }

    private func message(_ f: Fields) -> FlowRuntime.Node.Kind? {
        let say = f.required("say").map { texts($0) } ?? []
        guard let next = f.required("next").flatMap({ target($0) }) else { return nil }
        return .message(say: say, next: next)
    }

    private func menu(_ f: Fields) -> FlowRuntime.Node.Kind? {
        let prompt = f.required("say").map { texts($0) } ?? []
        let numbered = f["numbered"].flatMap { reader.bool($0, "numbered") } ?? false
        let maxMisses = f["max_misses"].flatMap { reader.int($0, "max_misses", range: 1...10) } ?? 2
        let minConfidence = f["min_confidence"].flatMap { reader.double($0, "min_confidence", range: 0...1) } ?? 0.5
        var choices: [Choice] = []
        var keys: [String: Yams.Node] = [:]
        var phrases: [String: Int] = [:]
        let choicesNode = f.required("choices")
        let items = choicesNode.map { reader.sequence($0, "choices") } ?? []
        if let choicesNode, case .sequence(let sequence) = choicesNode, sequence.isEmpty {
            sink.add(DiagnosticCode.invalidValue("choices", "a menu needs at least one choice", at: reader.location(choicesNode)))
        }
        for (index, item) in items.enumerated() {
            guard let entries = reader.mapping(item, "choice", allowed: ["key", "label", "words", "intents", "set", "goto"]) else { continue }
            var c: [String: Yams.Node] = [:]
            for entry in entries { c[entry.key] = entry.value }
            let number = numbered ? index + 1 : nil
            var key = number.map(String.init) ?? ""
            if let keyNode = c["key"], let raw = reader.string(keyNode, "key") {
                key = TextMatching.normalize(raw)
                if key.isEmpty {
                    sink.add(DiagnosticCode.invalidValue("key", "'\(raw)' has no letters or digits", at: reader.location(keyNode)))
                } else if keys[key] != nil {
                    sink.add(DiagnosticCode.duplicateKey(raw, at: reader.location(keyNode)))
                }
                keys[key] = keyNode
                if let meaning = DiagnosticCode.complianceKeywords[key] {
                    sink.add(DiagnosticCode.complianceKeyword(raw, meaning: meaning, at: reader.location(keyNode)))
                }
            } else if !numbered {
                sink.add(DiagnosticCode.missingField("key", in: "choice \(index + 1) of \(what) (or set 'numbered: true')", at: reader.location(item)))
            }
            var words: [String] = []
            if let wordsNode = c["words"] {
                for (raw, node) in reader.strings(wordsNode, "words") {
                    let phrase = TextMatching.normalize(raw)
                    if let other = phrases[phrase], other != index {
                        sink.add(DiagnosticCode.ambiguousPhrase(raw, at: reader.location(node)))
                    }
                    phrases[phrase] = index
                    words.append(phrase)
                    if let meaning = DiagnosticCode.complianceKeywords[phrase] {
                        sink.add(DiagnosticCode.complianceKeyword(raw, meaning: meaning, at: reader.location(node)))
                    }
                }
            }
            let intents = c["intents"].map { reader.strings($0, "intents").map(\.0) } ?? []
            var set: [(String, Template)] = []
            if let setNode = c["set"], let pairs = reader.mapping(setNode, "set", allowed: nil) {
                for pair in pairs {
                    if let template = compilation.template(pair.value, reader: reader, owner: id, outgoing: false) {
                        set.append((pair.key, template))
                        let longest = template.render { (_: String) -> String? in nil }.text
                        if longest.count > (compilation.slotLongest[pair.key]?.count ?? -1) { compilation.slotLongest[pair.key] = longest }
                    }
                }
            }
            let label = c["label"].flatMap { reader.string($0, "label") } ?? words.first ?? key
            guard let gotoNode = c["goto"] else {
                sink.add(DiagnosticCode.missingField("goto", in: "choice '\(key)' of \(what)", at: reader.location(item)))
                continue
            }
            guard let destination = target(gotoNode, sets: Set(set.map(\.0))) else { continue }
            choices.append(Choice(key: key, number: number, label: label, phrases: words, intents: intents, set: set, target: destination))
        }
        let reprompt: Template
        if let node = f["reprompt"], let parsed = compilation.template(node, reader: reader, owner: id, outgoing: true) {
            reprompt = parsed
        } else {
            let options = choices.map { "\($0.key.uppercased()) for \($0.label)" }
            let list = options.count > 1 ? options.dropLast().joined(separator: ", ") + " or " + options.last! : options.joined()
            reprompt = compilation.generated("Sorry, I didn't get that. Reply \(list).", at: f["choices"] ?? keyNode, reader: reader, owner: id, note: "this is the generated reprompt; set 'reprompt' to shorten it")
        }
        guard let onFail = f.required("on_fail").flatMap({ target($0) }) else { return nil }
        return .menu(Menu(prompt: prompt, choices: choices, reprompt: reprompt, maxMisses: maxMisses, onFail: onFail, minConfidence: minConfidence))
    }

    private func collect(_ f: Fields) -> FlowRuntime.Node.Kind? {
        let prompt = f.required("say").map { texts($0) } ?? []
        let slot = f.required("slot").flatMap { reader.string($0, "slot") }
        if let slotNode = f["slot"], let slot, !TemplateParser.isValidName(slot) {
            sink.add(DiagnosticCode.invalidValue("slot", "'\(slot)' is not a variable name", at: reader.location(slotNode)))
        }
        let caseSensitive = f["case_sensitive"].flatMap { reader.bool($0, "case_sensitive") } ?? false
        var regex: CompiledRegex?
        var valueGroup = 0
        if let patternNode = f.required("pattern"), let pattern = reader.string(patternNode, "pattern") {
            do {
                let compiled = try CompiledRegex(pattern, options: caseSensitive ? [] : [.caseless])
                regex = compiled
                valueGroup = compiled.groupNumber(named: "value") ?? (compiled.captureCount >= 1 ? 1 : 0)
                if let groupNode = f["group"], let group = reader.int(groupNode, "group", range: 0...99) {
                    if group > compiled.captureCount {
                        sink.add(DiagnosticCode.missingGroup(String(group), at: reader.location(groupNode)))
                    }
                    valueGroup = group
                }
            } catch {
                sink.add(DiagnosticCode.invalidPattern(error.message, offset: error.offset ?? 0, at: reader.location(patternNode, scalarOffset: error.scalarOffset ?? 0)))
            }
        }
        var normalize: [Normalization] = []
        if let node = f["normalize"] {
            for (raw, item) in reader.strings(node, "normalize") {
                if let value = Normalization(rawValue: raw) {
                    normalize.append(value)
                } else {
                    sink.add(DiagnosticCode.invalidValue("normalize", "'\(raw)' is not one of \(Normalization.allCases.map(\.rawValue).joined(separator: ", "))\(Suggestions.closest(to: raw, in: Normalization.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? "")", at: reader.location(item)))
                }
            }
        }
        let maxLength = f["max_length"].flatMap { reader.int($0, "max_length", range: 1...1600) } ?? 20
        if let slot { compilation.slotLongest[slot] = String(repeating: "0", count: maxLength) }
        let reprompt = f.required("reprompt").flatMap { compilation.template($0, reader: reader, owner: id, outgoing: true) }
        let maxFailures = f["max_failures"].flatMap { reader.int($0, "max_failures", range: 1...10) } ?? 2
        let onFail = f.required("on_fail").flatMap { target($0) }
        let next = f.required("next").flatMap { target($0, sets: slot.map { [$0] } ?? []) }
        guard let slot, let regex, let reprompt, let onFail, let next else { return nil }
        return .collect(Collect(prompt: prompt, slot: slot, pattern: regex, valueGroup: valueGroup, normalize: normalize, reprompt: reprompt, maxFailures: maxFailures, onFail: onFail, next: next))
    }

    private func branch(_ f: Fields) -> FlowRuntime.Node.Kind? {
        var cases: [BranchCase] = []
        for item in f.required("cases").map({ reader.sequence($0, "cases") }) ?? [] {
            guard let entries = reader.mapping(item, "case", allowed: ["if", "goto"]) else { continue }
            let condNode = entries.first { $0.key == "if" }?.value
            let gotoNode = entries.first { $0.key == "goto" }?.value
            if condNode == nil { sink.add(DiagnosticCode.missingField("if", in: "case of \(what)", at: reader.location(item))) }
            if gotoNode == nil { sink.add(DiagnosticCode.missingField("goto", in: "case of \(what)", at: reader.location(item))) }
            guard let condNode, let gotoNode else { continue }
            let condition = ConditionReader(compilation: compilation, reader: reader).read(condNode)
            if let condition, let destination = target(gotoNode) {
                cases.append(BranchCase(condition: condition.condition, target: destination, label: condition.label))
            }
        }
        guard let otherwise = f.required("else").flatMap({ target($0) }) else { return nil }
        return .branch(cases: cases, otherwise: otherwise)
    }

    private func lookup(_ f: Fields) -> FlowRuntime.Node.Kind? {
        if f["url"] != nil {
            for name in Self.tableLookupFields {
                guard let field = f.fields[name] else { continue }
                sink.add(DiagnosticCode.mixedLookupFields(name, belongsTo: "table", but: "calls a URL", at: reader.location(field.keyNode)))
            }
            return httpLookup(f)
        }
        for name in Self.httpLookupFields {
            guard let field = f.fields[name] else { continue }
            sink.add(DiagnosticCode.mixedLookupFields(name, belongsTo: "HTTP", but: "reads a table (it has no 'url')", at: reader.location(field.keyNode)))
        }
        if f["table"] == nil {
            sink.add(DiagnosticCode.missingField("table or url", in: what, at: reader.location(keyNode)))
            _ = f["found"].flatMap { target($0) }
            _ = f["not_found"].flatMap { target($0) }
            return nil
        }
        var table: LookupTable?
        if let node = f["table"], let name = reader.string(node, "table") {
            table = compilation.tables[name]
            if table == nil {
                sink.add(DiagnosticCode.unknownTable(name, suggestion: Suggestions.closest(to: name, in: compilation.tables.keys), at: reader.location(node)))
            }
        }
        var column: String?
        if let node = f.required("column"), let name = reader.string(node, "column"), let table {
            if table.columns.contains(name) {
                column = name
            } else {
                sink.add(DiagnosticCode.unknownColumn(name, table: table.name, suggestion: Suggestions.closest(to: name, in: table.columns), at: reader.location(node)))
            }
        }
        let key = f.required("key").flatMap { compilation.template($0, reader: reader, owner: id, outgoing: false) }
        let into = f["into"].flatMap { reader.string($0, "into") } ?? table?.name ?? "row"
        let produced = Set((table?.columns ?? []).map { "\(into).\($0)" })
        if let table, let longest = compilation.tableLongest[table.name] {
            for (name, value) in longest { compilation.slotLongest["\(into).\(name)"] = value }
            for (index, name) in table.columns.enumerated() where table.rows.contains(where: { $0[index].allSatisfy { $0 == " " } }) {
                compilation.emptyCells["\(into).\(name)"] = table.name
            }
        }
        let found = f.required("found").flatMap { target($0, sets: produced) }
        let notFound = f.required("not_found").flatMap { target($0) }
        guard let table, let column, let key, let found, let notFound else { return nil }
        return .lookup(Lookup(table: table.name, column: column, key: key, into: into, found: found, notFound: notFound))
    }

    private func handoff(_ f: Fields) -> FlowRuntime.Node.Kind? {
        var queue: String?
        if let node = f.required("queue"), let name = reader.string(node, "queue") {
            if name != "department", compilation.queueExists(name, node: node, reader: reader) { queue = name }
        }
        let reason = f["reason"].flatMap { reader.string($0, "reason") } ?? "flow"
        let note = f["note"].flatMap { compilation.template($0, reader: reader, owner: id, outgoing: false) } ?? Template(literal: "")
        return .handoff(Handoff(queue: queue, reason: reason, note: note, say: texts(f["say"])))
    }

    private func end(_ f: Fields) -> FlowRuntime.Node.Kind? {
        var question: Template?
        if let node = f["csat"] {
            if case .scalar(let scalar) = node, ["true", "yes", "on", "false", "no", "off"].contains(scalar.string.lowercased()) {
                if reader.bool(node, "csat") == true {
                    question = compilation.generated("How did we do? Reply 1-5 (5 = great).", at: node, reader: reader, owner: id, note: "this is the default CSAT question")
                }
            } else {
                question = compilation.template(node, reader: reader, owner: id, outgoing: true)
            }
        }
        let thanks = f["csat_thanks"].flatMap { compilation.template($0, reader: reader, owner: id, outgoing: true) }
            ?? Template(literal: "Thanks for your feedback!")
        return .end(End(say: texts(f["say"]), csatQuestion: question, csatThanks: thanks))
    }
}
