/// Drops diagnostics that only follow from another error, so the one to fix is not buried under
/// them: references into a file that could not be read or parsed, and whole-graph analyses
/// (unset variables, unreachable nodes, the entry flow) of a graph known to be incomplete.
enum FollowOnErrors {
    /// - Parameters:
    ///   - diagnostics: Everything the compilation reported.
    ///   - missingFlowIDs: The flows of files whose declarations are unknown (unreadable, or not YAML).
    ///   - missingTables: Tables that could not be loaded, by name.
    /// - Returns: The diagnostics worth showing.
    ///   - nodeLines: The line of every node's key, by file (to tell which node a line is in).
    static func removed(
        from diagnostics: [Diagnostic], missingFlowIDs: [String], missingTables: Set<String>, nodeLines: [String: [Int]] = [:]
    ) -> [Diagnostic] {
        let missingFlows = missingFlowIDs
        func refersToMissingFlow(_ message: String) -> Bool {
            missingFlows.contains { message.hasPrefix("no node or flow named '\($0)'") || message.hasPrefix("no node or flow named '\($0).") }
        }
        func refersToMissingTable(_ message: String) -> Bool {
            missingTables.contains { message.hasPrefix("no table named '\($0)'") || message.hasPrefix("table '\($0)' ") }
        }
        let flowsIncomplete = !missingFlowIDs.isEmpty
        var kept = diagnostics.filter { diagnostic in
            switch diagnostic.code {
            // Queues, hours, contact fields and the entry mark may live in the missing file.
            case "FL0107", "FL0202", "FL0206", "FL0209": return !flowsIncomplete
            case "FL0201": return !refersToMissingFlow(diagnostic.message)
            case "FL0203", "FL0204": return !refersToMissingTable(diagnostic.message)
            case "FL0501": return !flowsIncomplete
            default: return true
            }
        }
        // Which variables are set on every path needs the whole graph and every table.
        if flowsIncomplete || !missingTables.isEmpty {
            kept.removeAll { $0.code == "FL0205" }
        }
        // A misspelt target strands the nodes behind it: they are not reported as unreachable, nor
        // their variables as unset.
        if kept.contains(where: { $0.code == "FL0201" }) {
            let stranded = Set(kept.filter { $0.code == "FL0501" }.map { "\($0.location.file):\($0.location.line)" })
            func node(of location: SourceLocation) -> String? {
                guard let line = nodeLines[location.file]?.last(where: { $0 <= location.line }) else { return nil }
                return "\(location.file):\(line)"
            }
            kept.removeAll { diagnostic in
                diagnostic.code == "FL0501" || (diagnostic.code == "FL0205" && node(of: diagnostic.location).map(stranded.contains) == true)
            }
        }
        return kept
    }

    /// The id on a file's top-level `flow:` line, read without YAML (the file did not parse).
    static func declaredFlowID(_ text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where line.hasPrefix("flow:") {
            let value = line.dropFirst("flow:".count).prefix { $0 != "#" }
            let id = String(value.filter { $0 != " " && $0 != "\t" && $0 != "\"" && $0 != "'" && $0 != "\r" })
            return id.isEmpty ? nil : id
        }
        return nil
    }

    /// `Flows/orders.yaml` → `orders`.
    static func baseName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        for suffix in [".yaml", ".yml", ".csv"] where file.hasSuffix(suffix) { return String(file.dropLast(suffix.count)) }
        return file
    }
}
