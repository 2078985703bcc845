/// A minimal JSON writer (also used by stores for small arrays of texts).
package struct JSONText {
    /// The JSON written so far.
    package var text = ""
    private var needsComma = false

    /// An empty writer.
    package init() { text.reserveCapacity(256) }

    /// A JSON string literal, quoted and escaped.
    package static func quote(_ value: String) -> String {
        var json = JSONText()
        json.string(value)
        return json.text
    }

    /// A JSON object of strings, keys sorted.
    package static func object(_ values: [String: String]) -> String {
        var json = JSONText()
        json.open()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            json.key(key)
            json.string(value)
        }
        json.close()
        return json.text
    }

    /// A JSON array of strings.
    package static func array(_ values: [String]) -> String {
        var json = JSONText()
        json.text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { json.text += "," }
            json.string(value)
        }
        json.text += "]"
        return json.text
    }

    /// Starts an object.
    package mutating func open() {
        text += "{"
        needsComma = false
    }

    /// Ends an object.
    package mutating func close() {
        text += "}"
        needsComma = true
    }

    /// Writes an object key (and the comma before it when needed).
    package mutating func key(_ name: String) {
        if needsComma { text += "," }
        string(name)
        text += ":"
        needsComma = false
    }

    /// Writes a string, escaped.
    package mutating func string(_ value: String) {
        text += "\""
        // Most values need no escaping: append them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            text += value
            text += "\""
            needsComma = true
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
        needsComma = true
    }

    /// Writes a number (shortest round-tripping form).
    package mutating func number(_ value: Double) {
        text += value.isFinite ? "\(value)" : "0"
        needsComma = true
    }

    /// Writes an integer.
    package mutating func integer(_ value: Int) {
        text += String(value)
        needsComma = true
    }
}
