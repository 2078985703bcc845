import Foundation
import FlowRuntime
import Yams

/// Reads business hours:
///
/// ```yaml
/// office:
///   timezone: America/New_York
///   mon-fri: "09:00-17:00"
///   sat: "10:00-12:00, 13:00-15:00"
///   sun: closed
/// ```
struct HoursReader {
    let reader: YAMLReader

    static let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    func read(_ node: Yams.Node, name: String) -> BusinessHours? {
        guard let entries = reader.mapping(node, "hours '\(name)'", allowed: nil) else { return nil }
        var timeZone: String?
        var windows: [Int: [Range<Int>]] = [:]
        var ok = true
        for entry in entries {
            if entry.key == "timezone" {
                guard let value = reader.string(entry.value, "timezone") else { ok = false; continue }
                if TimeZone(identifier: value) == nil {
                    reader.sink.add(DiagnosticCode.invalidHours("unknown time zone '\(value)' (use an IANA name such as America/New_York)", at: reader.location(entry.value)))
                    ok = false
                }
                timeZone = value
                continue
            }
            guard let days = days(entry.key) else {
                reader.sink.add(DiagnosticCode.invalidHours("'\(entry.key)' is not a day or day range (mon, tue-fri, daily, weekdays, weekends)", at: reader.location(entry.keyNode)))
                ok = false
                continue
            }
            guard let text = reader.string(entry.value, entry.key) else { ok = false; continue }
            guard let ranges = ranges(text) else {
                reader.sink.add(DiagnosticCode.invalidHours("'\(text)' is not 'closed' or times like 09:00-17:00 (several separated by commas)", at: reader.location(entry.value)))
                ok = false
                continue
            }
            for day in days { windows[day, default: []] += ranges }
        }
        guard let timeZone else {
            reader.sink.add(DiagnosticCode.missingField("timezone", in: "hours '\(name)'", at: reader.location(node)))
            return nil
        }
        return ok ? BusinessHours(timeZone: timeZone, windows: windows) : nil
    }

    /// Calendar weekdays (1 = Sunday) named by a key.
    private func days(_ key: String) -> [Int]? {
        switch key.lowercased() {
        case "daily": return Array(1...7)
        case "weekdays": return Array(2...6)
        case "weekends": return [1, 7]
        default: break
        }
        let parts = key.lowercased().split(separator: "-").map(String.init)
        let indices = parts.compactMap { Self.days.firstIndex(of: $0) }
        guard indices.count == parts.count else { return nil }
        if indices.count == 1 { return [indices[0] + 1] }
        guard indices.count == 2 else { return nil }
        var result: [Int] = []
        var day = indices[0]
        while true {
            result.append(day + 1)
            if day == indices[1] { break }
            day = (day + 1) % 7
        }
        return result
    }

    private func ranges(_ text: String) -> [Range<Int>]? {
        if text.lowercased() == "closed" { return [] }
        var result: [Range<Int>] = []
        for piece in text.split(separator: ",") {
            let bounds = piece.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count == 2, let start = minutes(bounds[0]), let end = minutes(bounds[1]), start < end else { return nil }
            result.append(start..<end)
        }
        return result.isEmpty ? nil : result
    }

    private func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 24 * 60
        else { return nil }
        return hour * 60 + minute
    }
}
