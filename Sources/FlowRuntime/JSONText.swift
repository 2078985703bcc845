/// A minimal JSON writer (also used by stores for small arrays of texts). It writes UTF-8 bytes:
/// the conversation state is written on every message, and appending to a byte array costs a
/// fraction of growing a `String`.
package struct JSONText {
    /// The JSON written so far, as UTF-8.
    package private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// The JSON written so far.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// An empty writer.
    package init() { bytes.reserveCapacity(256) }

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
        json.bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { json.bytes.append(UInt8(ascii: ",")) }
            json.string(value)
        }
        json.bytes.append(UInt8(ascii: "]"))
        return json.text
    }

    /// Starts an object.
    package mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Ends an object.
    package mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes an object key (and the comma before it when needed).
    package mutating func key(_ name: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string, escaped: quotes, backslashes and control characters, and U+2028/U+2029
    /// (valid JSON, but line ends to JavaScript).
    package mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Most values need no escaping: append them whole.
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                    index += 2
                case ..<0x20: unicodeEscape(UInt32(byte))
                default: bytes.append(byte)
                }
                index += 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func unicodeEscape(_ value: UInt32) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int((value >> UInt32(shift)) & 0xF)]) }
    }

    /// Writes a number (shortest round-tripping form).
    package mutating func number(_ value: Double) {
        if value.isFinite {
            bytes.append(contentsOf: value.description.utf8)
        } else {
            bytes.append(UInt8(ascii: "0"))
        }
        needsComma = true
    }

    /// Writes an integer.
    package mutating func integer(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
        needsComma = true
    }
}
