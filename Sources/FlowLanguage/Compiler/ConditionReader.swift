import FlowRegex
import FlowRuntime
import Yams

/// Reads a branch condition. Several forms in one mapping must all hold.
struct ConditionReader {
    let compilation: Compilation
    let reader: YAMLReader

    static let fields = [
        "all", "any", "not", "slot", "equals", "matches", "set", "intent", "min_confidence", "sentiment",
        "sentiment_below", "open", "hours",
    ]

    func read(_ node: Yams.Node) -> (condition: Condition, label: String)? {
        guard let entries = reader.mapping(node, "condition", allowed: Self.fields) else { return nil }
        var f: [String: Yams.Node] = [:]
        for entry in entries { f[entry.key] = entry.value }
        var parts: [(Condition, String)] = []
        var ok = true
        for key in ["all", "any"] {
            guard let value = f[key] else { continue }
            let inner = reader.sequence(value, key).map { read($0) }
            if inner.contains(where: { $0 == nil }) { ok = false }
            let items = inner.compactMap { $0 }
            let joiner = key == "all" ? " and " : " or "
            parts.append((key == "all" ? .all(items.map(\.condition)) : .any(items.map(\.condition)), "(" + items.map(\.label).joined(separator: joiner) + ")"))
        }
        if let value = f["not"] {
            if let inner = read(value) { parts.append((.not(inner.condition), "not \(inner.label)")) } else { ok = false }
        }
        if let slotNode = f["slot"], let slot = reader.string(slotNode, "slot") {
            compilation.conditionSlots.append((slot, slotNode, reader))
            if let equals = f["equals"] {
                let values = reader.strings(equals, "equals").map(\.0)
                parts.append((.slotEquals(slot, values), "\(slot) = \(values.joined(separator: "|"))"))
            } else if let matches = f["matches"], let pattern = reader.string(matches, "matches") {
                do {
                    parts.append((.slotMatches(slot, try CompiledRegex(pattern, options: [.caseless])), "\(slot) ~ /\(pattern)/"))
                } catch {
                    reader.sink.add(DiagnosticCode.invalidPattern(error.message, offset: error.offset ?? 0, at: reader.location(matches, scalarOffset: error.scalarOffset ?? 0)))
                    ok = false
                }
            } else {
                let isSet = f["set"].flatMap { reader.bool($0, "set") } ?? true
                parts.append((isSet ? .slotSet(slot) : .not(.slotSet(slot)), isSet ? "\(slot) set" : "\(slot) unset"))
            }
        } else if f["equals"] != nil || f["matches"] != nil || f["set"] != nil {
            reader.sink.add(DiagnosticCode.missingField("slot", in: "condition", at: reader.location(node)))
            ok = false
        }
        if let intentNode = f["intent"] {
            let intents = reader.strings(intentNode, "intent").map(\.0)
            let minimum = f["min_confidence"].flatMap { reader.double($0, "min_confidence", range: 0...1) } ?? 0.5
            parts.append((.intent(intents, minConfidence: minimum), "intent \(intents.joined(separator: "|"))"))
        }
        if let sentimentNode = f["sentiment"] {
            let labels = reader.strings(sentimentNode, "sentiment")
            for (label, item) in labels where !["negative", "neutral", "positive"].contains(label) {
                reader.sink.add(DiagnosticCode.invalidValue("sentiment", "'\(label)' is not negative, neutral or positive", at: reader.location(item)))
                ok = false
            }
            parts.append((.sentiment(labels.map(\.0)), "sentiment \(labels.map(\.0).joined(separator: "|"))"))
        }
        if let below = f["sentiment_below"], let value = reader.double(below, "sentiment_below", range: -1...1) {
            parts.append((.sentimentBelow(value), "sentiment < \(value)"))
        }
        if let openNode = f["open"], let queue = reader.string(openNode, "open") {
            if compilation.queueExists(queue, node: openNode, reader: reader) {
                if let hours = compilation.queues[queue]?.hours {
                    parts.append((.within(hours), "\(queue) open"))
                } else {
                    parts.append((.all([]), "\(queue) open"))
                }
            } else {
                ok = false
            }
        }
        if let hoursNode = f["hours"], let name = reader.string(hoursNode, "hours") {
            if let hours = compilation.hours[name] {
                parts.append((.within(hours), "within \(name)"))
            } else {
                if !compilation.invalidHours.contains(name) {
                    reader.sink.add(DiagnosticCode.unknownHours(name, suggestion: Suggestions.closest(to: name, in: compilation.hours.keys), at: reader.location(hoursNode)))
                }
                ok = false
            }
        }
        guard ok else { return nil }
        if parts.isEmpty {
            reader.sink.add(DiagnosticCode.missingField("a test (slot, intent, sentiment, open, hours, all, any or not)", in: "condition", at: reader.location(node)))
            return nil
        }
        if parts.count == 1 { return (parts[0].0, parts[0].1) }
        return (.all(parts.map(\.0)), parts.map(\.1).joined(separator: " and "))
    }
}
