import FlowRuntime
import Yams
import SMSText

/// A file's path and contents; the compiler never opens files itself.
public struct SourceFile: Sendable {
    /// The path used in diagnostics.
    public var path: String
    /// The contents.
    public var text: String

    /// Creates a source file.
    /// - Parameters:
    ///   - path: The path used in diagnostics.
    ///   - text: The contents.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A stable hash (FNV-1a, 64 bits, hex) of files' paths and contents, in path order: the program's
/// fingerprint and the corpus hash a model records.
public enum ContentHash {
    /// Hashes (path, contents) pairs.
    /// - Parameter files: The files.
    /// - Returns: 16 hex digits at most.
    public static func of(_ files: [(path: String, text: String)]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for file in files.sorted(by: { $0.path < $1.path }) {
            for byte in file.path.utf8 + [0] + file.text.utf8 + [0] {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }
}

/// Where each node of a compiled program was declared.
public struct SourceMap: Sendable {
    /// The location of each node's key in its flow file.
    public var nodes: [NodeID: SourceLocation] = [:]
    /// The file each flow came from.
    public var flowFiles: [String: String] = [:]
}

/// What a compilation produced: a program when there are no errors, and every diagnostic.
public struct CompilationResult: Sendable {
    /// The program, or `nil` when any diagnostic is an error.
    public var program: Program?
    /// All diagnostics, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// Where nodes were declared.
    public var sourceMap: SourceMap
}

/// Compiles flow files and lookup tables into a ``FlowRuntime/Program``, collecting every problem
/// in one run instead of stopping at the first.
///
/// ```swift
/// let result = FlowCompiler.compile(
///     flows: [SourceFile(path: "Flows/support.yaml", text: yaml)],
///     tables: [SourceFile(path: "Flows/data/orders.csv", text: csv)])
/// for diagnostic in result.diagnostics { print(DiagnosticRenderer.render(diagnostic)) }
/// let program = result.program   // nil when there were errors
/// ```
public enum FlowCompiler {
    /// Compiles flows and tables.
    /// - Parameters:
    ///   - flows: Flow files (YAML).
    ///   - tables: CSV tables; each is named by its file's base name.
    ///   - settings: The operations settings file (switchboard.yaml), whose `queues` and `hours`
    ///     sections override the flows' queues of the same name field by field and add new ones
    ///     (its other keys are the engine's and are not read here).
    ///   - unreadable: Paths of flow files and tables the caller could not read (it reports them):
    ///     what they would have declared is unknown, so references to it are not reported.
    /// - Returns: The program (when there are no errors), the diagnostics and a source map.
    public static func compile(flows: [SourceFile], tables: [SourceFile], settings: SourceFile? = nil, unreadable: [String] = []) -> CompilationResult {
        let compilation = Compilation()
        compilation.loadTables(tables)
        compilation.loadFlows(flows, settings: settings)
        let program = compilation.finish(fingerprint: fingerprint(of: flows + tables))
        let loadedTables = Set(compilation.tables.keys)
        let missingTables = Set((tables.map(\.path) + unreadable.filter { $0.hasSuffix(".csv") }).map(Compilation.tableName)).subtracting(loadedTables)
        // The flow ids the broken files would have declared: their `flow:` line when it can be
        // read, else the file's name.
        let texts = Dictionary(flows.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        let missingFlowIDs = (unreadable.filter { !$0.hasSuffix(".csv") } + compilation.unparsedFiles).map { path in
            texts[path].flatMap(FollowOnErrors.declaredFlowID) ?? FollowOnErrors.baseName(path)
        }
        let diagnostics = FollowOnErrors.removed(
            from: compilation.sink.diagnostics, missingFlowIDs: missingFlowIDs,
            missingTables: missingTables,
            nodeLines: Dictionary(grouping: compilation.sourceMap.nodes.values, by: \.file).mapValues { $0.map(\.line).sorted() }
        ).sorted { ($0.location, $0.code) < ($1.location, $1.code) }
        return CompilationResult(
            // A file the caller could not read leaves the program incomplete, whatever else is right.
            program: diagnostics.hasErrors || !unreadable.isEmpty ? nil : program, diagnostics: diagnostics,
            sourceMap: compilation.sourceMap)
    }

    /// A stable hash of the sources' paths and contents.
    static func fingerprint(of sources: [SourceFile]) -> String {
        ContentHash.of(sources.map { ($0.path, $0.text) })
    }
}

/// A template in the program, where it is, and what it is for; used by the slot and SMS passes.
struct TemplateUse {
    var node: NodeID
    var template: Template
    var source: Yams.Node
    var reader: YAMLReader
    var placeholders: [TemplateParser.Placeholder]
    var outgoing: Bool
    var note: String?
}

/// An edge in the flow graph and the slots it sets.
struct Edge {
    var from: NodeID
    var to: NodeID
    var sets: Set<String>
}

/// One compilation's working state.
final class Compilation {
    let sink = DiagnosticSink()
    var sourceMap = SourceMap()

    struct FlowDecl {
        var id: String
        var reader: YAMLReader
        var location: SourceLocation
        var fields: [String: (keyNode: Yams.Node, value: Yams.Node)]
        var nodeDecls: [(id: String, keyNode: Yams.Node, value: Yams.Node)]
    }

    var flowDecls: [String: FlowDecl] = [:]
    var flowOrder: [String] = []
    var queues: [String: Queue] = [:]
    var queueLocations: [String: SourceLocation] = [:]
    var hours: [String: BusinessHours] = [:]
    var pendingQueueHours: [(queue: String, hours: String, node: Yams.Node, reader: YAMLReader)] = []
    var contactFields: [String: Int] = ["phone": 15]
    var tables: [String: LookupTable] = [:]
    var tableLongest: [String: [String: String]] = [:]

    var nodes: [NodeID: FlowRuntime.Node] = [:]
    var flows: [String: Flow] = [:]
    var templates: [TemplateUse] = []
    var edges: [Edge] = []
    var globalTargets: [NodeID] = []
    var slotLongest: [String: String] = [:]
    /// Slots filled from a table column that has empty cells, with the table's name.
    var emptyCells: [String: String] = [:]
    var conditionSlots: [(name: String, node: Yams.Node, reader: YAMLReader)] = []
    var entryFlow: String?
    /// Flow files that are not YAML: what they declare is unknown.
    var unparsedFiles: [String] = []
    /// Hours declared with a mistake in them: references to them are not reported again.
    var invalidHours: Set<String> = []

    static let flowFields = [
        "flow", "entry", "start", "description", "keep_slots", "queues", "hours", "contact", "globals", "nodes",
    ]

    // MARK: Tables

    func loadTables(_ files: [SourceFile]) {
        for file in files {
            let name = baseName(file.path)
            do {
                let records = try CSVParser.parse(file.text)
                guard let header = records.first else {
                    sink.add(DiagnosticCode.malformedCSV("the file is empty; it needs a header row", at: SourceLocation(file: file.path, line: 1, column: 1)))
                    continue
                }
                let columns = header.fields.map { $0.trimmingWhitespace() }
                var seen: Set<String> = []
                for column in columns where !seen.insert(column).inserted || column.isEmpty {
                    sink.add(DiagnosticCode.malformedCSV(column.isEmpty ? "empty column name in the header" : "column '\(column)' appears twice in the header", at: SourceLocation(file: file.path, line: header.line, column: 1)))
                }
                var rows: [[String]] = []
                for record in records.dropFirst() {
                    guard record.fields.count == columns.count else {
                        sink.add(DiagnosticCode.malformedCSV("row has \(record.fields.count) fields, the header has \(columns.count)", at: SourceLocation(file: file.path, line: record.line, column: 1)))
                        continue
                    }
                    rows.append(record.fields)
                }
                tables[name] = LookupTable(name: name, columns: columns, rows: rows)
                var longest: [String: String] = [:]
                for (index, column) in columns.enumerated() {
                    // The costliest value as SMS: one that forces UCS-2 beats any GSM-7 one, then the longest.
                    longest[column] = rows.map { (value: $0[index], cost: SMSCost.of($0[index])) }.max { $0.cost < $1.cost }?.value ?? ""
                }
                tableLongest[name] = longest
            } catch {
                sink.add(DiagnosticCode.malformedCSV(error.message, at: SourceLocation(file: file.path, line: error.line, column: error.column)))
            }
        }
    }

    private func baseName(_ path: String) -> String { Self.tableName(path) }

    /// A table's name: its file's base name without `.csv`.
    static func tableName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
    }

    // MARK: Flows, pass 1: declarations

    func loadFlows(_ files: [SourceFile], settings: SourceFile?) {
        for file in files {
            guard let (root, reader) = compose(file) else { continue }
            guard let root else {
                sink.add(DiagnosticCode.missingField("flow", in: "flow file", at: SourceLocation(file: file.path, line: 1, column: 1)))
                continue
            }
            declare(root, reader: reader)
        }
        if let settings { loadSettings(settings) }
        resolveQueueHours()
        chooseEntryFlow()
        for id in flowOrder { compileFlow(flowDecls[id]!) }
    }

    /// Parses a YAML file into its node tree (nil root for an empty file) and a reader for it;
    /// nil after reporting a syntax error.
    func compose(_ file: SourceFile) -> (Yams.Node?, YAMLReader)? {
        var reader = YAMLReader(file: file.path, sink: sink)
        reader.lines = file.text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { Array($0.unicodeScalars) }
        do {
            let root = try Yams.compose(yaml: file.text)
            if let root, Self.nodeCount(root, limit: Self.maxNodes) > Self.maxNodes {
                // Aliases of aliases ("billion laughs") expand exponentially; a real flow is far smaller.
                sink.add(DiagnosticCode.yamlSyntax(
                    "the document expands to more than \(Self.maxNodes) YAML nodes (aliases nested in aliases?)",
                    at: SourceLocation(file: file.path, line: 1, column: 1)))
                return nil
            }
            return (root, reader)
        } catch let error as YamlError {
            sink.add(Self.diagnostic(for: error, file: file.path, lines: reader.lines))
            unparsedFiles.append(file.path)
        } catch {
            unparsedFiles.append(file.path)
            sink.add(DiagnosticCode.yamlSyntax("\(error)", at: SourceLocation(file: file.path, line: 1, column: 1)))
        }
        return nil
    }

    /// The most YAML nodes a flow file may expand to once its aliases are resolved.
    static let maxNodes = 100_000

    /// The number of nodes under `node` with every alias expanded, counting no further than just past `limit`.
    static func nodeCount(_ node: Yams.Node, limit: Int) -> Int {
        var count = 0
        var stack = [node]
        while let next = stack.popLast() {
            count += 1
            if count > limit { return count }
            switch next {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            default: break
            }
        }
        return count
    }

    static func diagnostic(for error: YamlError, file: String, lines: [[Unicode.Scalar]] = []) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var text = context.map { "\(problem) (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? problem
            if mark.line >= 1, mark.line <= lines.count, lines[mark.line - 1].prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                text += "; this line is indented with a tab, and YAML indents with spaces only"
            }
            return DiagnosticCode.yamlSyntax(text, at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the key's first definition; point at the second when it can be found.
            let keys = duplicates.sorted()
            if keys.count == 1, let key = keys.first,
                let second = secondDefinition(of: key, mappingLine: context.mark.line, column: context.mark.column, lines: lines)
            {
                return DiagnosticCode.yamlSyntax(
                    "duplicate key '\(key)' in a mapping (first defined at \(second.first.line):\(second.first.column))",
                    at: SourceLocation(file: file, line: second.line, column: context.mark.column))
            }
            return DiagnosticCode.yamlSyntax(
                "duplicate key \(keys.map { "'\($0)'" }.joined(separator: ", ")) in a mapping",
                at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        case .reader(let problem, _, _, _):
            return DiagnosticCode.unreadable(problem, at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return DiagnosticCode.yamlSyntax("\(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The line of a block mapping's second `key:` (and where the first was), scanning the
    /// mapping's lines at its column from its first line on; nil for flow mappings and odd layouts.
    static func secondDefinition(
        of key: String, mappingLine: Int, column: Int, lines: [[Unicode.Scalar]]
    ) -> (line: Int, first: (line: Int, column: Int))? {
        guard mappingLine >= 1, column >= 1 else { return nil }
        let indent = column - 1
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
        var first: Int?
        for index in (mappingLine - 1)..<lines.count {
            let line = lines[index]
            let leading = line.prefix { $0 == " " }.count
            let content = line.dropFirst(leading)
            if content.isEmpty || content.first == "#" { continue }
            if index > mappingLine - 1 && leading < indent { return nil }  // the mapping ended
            guard line.count > indent, index == mappingLine - 1 || leading == indent else { continue }
            let text = Array(line[indent...])
            let isKey = spellings.contains { spelling in
                guard text.starts(with: spelling) else { return false }
                let rest = text.dropFirst(spelling.count).drop { $0 == " " || $0 == "\t" }
                return rest.first == ":"
            }
            guard isKey else { continue }
            if let first { return (index + 1, (first, column)) }
            first = index + 1
        }
        return nil
    }

    private func declare(_ root: Yams.Node, reader: YAMLReader) {
        guard let entries = reader.mapping(root, "flow file", allowed: Self.flowFields) else { return }
        var fields: [String: (keyNode: Yams.Node, value: Yams.Node)] = [:]
        for entry in entries { fields[entry.key] = (entry.keyNode, entry.value) }
        guard let idField = fields["flow"] else {
            sink.add(DiagnosticCode.missingField("flow", in: "flow file", at: reader.location(root)))
            return
        }
        guard let id = reader.string(idField.value, "flow"), isValidID(id, field: "flow", node: idField.value, reader: reader) else { return }
        if let existing = flowDecls[id] {
            sink.add(DiagnosticCode.duplicate("flow", id, firstAt: existing.location, at: reader.location(idField.value)))
            return
        }
        if let queuesField = fields["queues"] { declareQueues(queuesField.value, reader: reader) }
        if let hoursField = fields["hours"] { declareHours(hoursField.value, reader: reader) }
        if let contactField = fields["contact"], let contact = reader.mapping(contactField.value, "contact", allowed: nil) {
            for entry in contact {
                // Contact imports store column names in lower case: 'firstName' could never be filled.
                if entry.key != entry.key.lowercased() {
                    sink.add(DiagnosticCode.invalidValue("contact", "field names are lower case ('\(entry.key.lowercased())'), as contact imports store them", at: reader.location(entry.keyNode)))
                    continue
                }
                if let length = reader.int(entry.value, "contact.\(entry.key)", range: 1...1600) { contactFields[entry.key] = length }
            }
        }
        var nodeDecls: [(String, Yams.Node, Yams.Node)] = []
        if let nodesField = fields["nodes"], let entries = reader.mapping(nodesField.value, "nodes", allowed: nil) {
            for entry in entries where isValidID(entry.key, field: "node id", node: entry.keyNode, reader: reader) {
                nodeDecls.append((entry.key, entry.keyNode, entry.value))
                sourceMap.nodes[NodeID(flow: id, node: entry.key)] = reader.location(entry.keyNode)
            }
        } else if fields["nodes"] == nil {
            sink.add(DiagnosticCode.missingField("nodes", in: "flow '\(id)'", at: reader.location(root)))
        }
        flowDecls[id] = FlowDecl(id: id, reader: reader, location: reader.location(idField.value), fields: fields, nodeDecls: nodeDecls)
        flowOrder.append(id)
        sourceMap.flowFiles[id] = reader.file
    }

    func isValidID(_ id: String, field: String, node: Yams.Node, reader: YAMLReader) -> Bool {
        let ok = !id.isEmpty && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-") }
        if !ok {
            sink.add(DiagnosticCode.invalidValue(field, "'\(id)' may contain only letters, digits, '_' and '-'", at: reader.location(node)))
        }
        return ok
    }

    private func declareQueues(_ node: Yams.Node, reader: YAMLReader) {
        guard let entries = reader.mapping(node, "queues", allowed: nil) else { return }
        for entry in entries {
            if let first = queueLocations[entry.key] {
                sink.add(DiagnosticCode.duplicate("queue", entry.key, firstAt: first, at: reader.location(entry.keyNode)))
                continue
            }
            queueLocations[entry.key] = reader.location(entry.keyNode)
            queues[entry.key] = Queue(name: entry.key, hours: nil)
            applyQueueFields(entry.key, entry.value, reader: reader)
        }
    }

    /// Reads a queue's fields (`hours` by name, resolved later; `after_hours`; `description`) into
    /// an existing queue; a field given replaces the one it had, an empty entry changes nothing.
    func applyQueueFields(_ name: String, _ node: Yams.Node, reader: YAMLReader) {
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" { return }
        guard let fields = reader.mapping(node, "queue '\(name)'", allowed: ["hours", "description", "after_hours"]) else { return }
        for field in fields where field.key == "hours" {
            guard let hours = reader.string(field.value, "hours") else { continue }
            pendingQueueHours.removeAll { $0.queue == name }
            pendingQueueHours.append((name, hours, field.value, reader))
        }
        for field in fields where field.key == "after_hours" {
            queues[name]?.afterHoursNotice = afterHoursNotice(field.value, reader: reader)
        }
    }

    /// An `after_hours` notice: a template that knows one variable, `{{opens}}` (when the queue
    /// opens again), stored with it spelled exactly so, and checked for SMS cost like any text.
    func afterHoursNotice(_ node: Yams.Node, reader: YAMLReader) -> String? {
        guard let text = reader.string(node, "after_hours") else { return nil }
        switch TemplateParser.parse(text) {
        case .failure(.malformed(let problem, let offset)):
            sink.add(DiagnosticCode.malformedTemplate(problem, at: reader.location(node, scalarOffset: offset)))
            return nil
        case .success(let (template, placeholders)):
            var ok = true
            for placeholder in placeholders where placeholder.name != "opens" {
                sink.add(DiagnosticCode.unsetVariable(placeholder.name, suggestion: "opens", at: reader.location(node, scalarOffset: placeholder.offset)))
                ok = false
            }
            guard ok else { return nil }
            // An opening time reads like "Wed 10:00 AM AKST" at its longest.
            let sample = Template(parts: template.parts.map { part in
                if case .variable = part { return .literal("Wed 10:00 AM AKST") }
                return part
            })
            templates.append(TemplateUse(node: NodeID(flow: "", node: "after_hours"), template: sample, source: node, reader: reader, placeholders: [], outgoing: true, note: "after-hours notice"))
            return template.parts.map { part in
                switch part {
                case .literal(let literal): return literal
                case .variable: return "{{opens}}"
                }
            }.joined()
        }
    }

    func declareHours(_ node: Yams.Node, reader: YAMLReader) {
        guard let entries = reader.mapping(node, "hours", allowed: nil) else { return }
        for entry in entries {
            if let parsed = HoursReader(reader: reader).read(entry.value, name: entry.key) {
                hours[entry.key] = parsed
            } else {
                invalidHours.insert(entry.key)
            }
        }
    }

    private func resolveQueueHours() {
        for pending in pendingQueueHours {
            if let found = hours[pending.hours] {
                queues[pending.queue]?.hours = found
            } else if !invalidHours.contains(pending.hours) {
                sink.add(DiagnosticCode.unknownHours(pending.hours, suggestion: Suggestions.closest(to: pending.hours, in: hours.keys), at: pending.reader.location(pending.node)))
            }
        }
    }

    private func chooseEntryFlow() {
        guard !flowOrder.isEmpty else { return }
        if flowOrder.count == 1 {
            entryFlow = flowOrder[0]
            return
        }
        var marked: [String] = []
        for id in flowOrder {
            let decl = flowDecls[id]!
            if let field = decl.fields["entry"], decl.reader.bool(field.value, "entry") == true { marked.append(id) }
        }
        if marked.count == 1 {
            entryFlow = marked[0]
        } else if marked.isEmpty {
            let first = flowDecls[flowOrder[0]]!
            sink.add(DiagnosticCode.entryFlow("several flows and none is marked 'entry: true'; mark the one new conversations start in", at: first.location))
        } else {
            for id in marked.dropFirst() {
                sink.add(DiagnosticCode.entryFlow("more than one flow is marked 'entry: true' (also '\(marked[0])')", at: flowDecls[id]!.location))
            }
        }
    }

    // MARK: Flows, pass 2: bodies

    private func compileFlow(_ decl: FlowDecl) {
        let reader = decl.reader
        var start = ""
        if let field = decl.fields["start"], let value = reader.string(field.value, "start") {
            if decl.nodeDecls.contains(where: { $0.id == value }) {
                start = value
            } else {
                sink.add(DiagnosticCode.unknownNode(value, suggestion: Suggestions.closest(to: value, in: decl.nodeDecls.map { $0.id }), at: reader.location(field.value)))
            }
        } else if decl.fields["start"] == nil {
            sink.add(DiagnosticCode.missingField("start", in: "flow '\(decl.id)'", at: decl.location))
        }
        var keepSlots = false
        if let field = decl.fields["keep_slots"] { keepSlots = reader.bool(field.value, "keep_slots") ?? false }
        var seen: [String: SourceLocation] = [:]
        var flowNodes: [String: FlowRuntime.Node] = [:]
        for (id, keyNode, value) in decl.nodeDecls {
            if let first = seen[id] {
                sink.add(DiagnosticCode.duplicate("node", id, firstAt: first, at: reader.location(keyNode)))
                continue
            }
            seen[id] = reader.location(keyNode)
            let nodeID = NodeID(flow: decl.id, node: id)
            if let node = NodeReader(compilation: self, reader: reader, id: nodeID, keyNode: keyNode).read(value) {
                flowNodes[id] = node
                nodes[nodeID] = node
            }
        }
        var globals: [GlobalHandler] = []
        if let field = decl.fields["globals"] {
            for item in reader.sequence(field.value, "globals") {
                if let handler = readGlobal(item, flow: decl.id, reader: reader) { globals.append(handler) }
            }
        }
        flows[decl.id] = Flow(id: decl.id, start: start, nodes: flowNodes, globals: globals, keepSlotsOnRestart: keepSlots)
    }

    private func readGlobal(_ node: Yams.Node, flow: String, reader: YAMLReader) -> GlobalHandler? {
        guard let entries = reader.mapping(node, "global handler", allowed: ["match", "contains", "intents", "min_confidence", "goto"]) else { return nil }
        var exact: [String] = [], contains: [String] = [], intents: [String] = []
        var minConfidence = 0.5
        var target: NodeID?
        for entry in entries {
            switch entry.key {
            case "match": exact = reader.strings(entry.value, "match").map { TextMatching.normalize($0.0) }
            case "contains": contains = reader.strings(entry.value, "contains").map { TextMatching.normalize($0.0) }
            case "intents": intents = reader.strings(entry.value, "intents").map(\.0)
            case "min_confidence": minConfidence = reader.double(entry.value, "min_confidence", range: 0...1) ?? minConfidence
            default: target = resolve(entry.value, from: flow, reader: reader)
            }
        }
        guard let target else {
            sink.add(DiagnosticCode.missingField("goto", in: "global handler", at: reader.location(node)))
            return nil
        }
        if exact.isEmpty && contains.isEmpty && intents.isEmpty {
            sink.add(DiagnosticCode.missingField("match, contains or intents", in: "global handler", at: reader.location(node)))
        }
        globalTargets.append(target)
        return GlobalHandler(exact: exact, contains: contains, intents: intents, minConfidence: minConfidence, target: target)
    }

    /// Resolves a target: `node` in the same flow, `flow.node`, or a flow id (its start node).
    func resolve(_ node: Yams.Node, from flow: String, reader: YAMLReader) -> NodeID? {
        guard let text = reader.string(node, "target") else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            if let decl = flowDecls[parts[0]] {
                if decl.nodeDecls.contains(where: { $0.id == parts[1] }) { return NodeID(flow: parts[0], node: parts[1]) }
                sink.add(DiagnosticCode.unknownNode(text, suggestion: Suggestions.closest(to: parts[1], in: decl.nodeDecls.map { $0.id }).map { "\(parts[0]).\($0)" }, at: reader.location(node)))
            } else {
                sink.add(DiagnosticCode.unknownNode(text, suggestion: Suggestions.closest(to: parts[0], in: flowOrder).map { "\($0).\(parts[1])" }, at: reader.location(node)))
            }
            return nil
        }
        if flowDecls[flow]?.nodeDecls.contains(where: { $0.id == text }) == true { return NodeID(flow: flow, node: text) }
        if let decl = flowDecls[text], let start = decl.fields["start"]?.value.scalar?.string { return NodeID(flow: text, node: start) }
        let candidates = (flowDecls[flow]?.nodeDecls.map { $0.id } ?? []) + flowOrder
        sink.add(DiagnosticCode.unknownNode(text, suggestion: Suggestions.closest(to: text, in: candidates), at: reader.location(node)))
        return nil
    }

    /// Parses a template and records where it is used.
    func template(_ node: Yams.Node, reader: YAMLReader, owner: NodeID, outgoing: Bool, note: String? = nil) -> Template? {
        guard let text = reader.string(node, "text") else { return nil }
        switch TemplateParser.parse(text) {
        case .success(let (template, placeholders)):
            templates.append(TemplateUse(node: owner, template: template, source: node, reader: reader, placeholders: placeholders, outgoing: outgoing, note: note))
            return template
        case .failure(.malformed(let problem, let offset)):
            sink.add(DiagnosticCode.malformedTemplate(problem, at: reader.location(node, scalarOffset: offset)))
            return nil
        }
    }

    /// A template the compiler wrote itself (a generated reprompt), checked for SMS cost at `node`.
    func generated(_ text: String, at node: Yams.Node, reader: YAMLReader, owner: NodeID, note: String) -> Template {
        let template = Template(literal: text)
        templates.append(TemplateUse(node: owner, template: template, source: node, reader: reader, placeholders: [], outgoing: true, note: note))
        return template
    }

    func queueExists(_ name: String, node: Yams.Node, reader: YAMLReader) -> Bool {
        if queues[name] != nil { return true }
        sink.add(DiagnosticCode.unknownQueue(name, suggestion: Suggestions.closest(to: name, in: queues.keys), at: reader.location(node)))
        return false
    }

    // MARK: Finish

    func finish(fingerprint: String) -> Program? {
        Analysis(compilation: self).run()
        guard let entryFlow else { return nil }
        var program = Program(flows: flows, entryFlow: entryFlow, queues: queues, tables: tables, fingerprint: fingerprint)
        program.contactFields = contactFields.filter { $0.key != "phone" }
        return program
    }
}
