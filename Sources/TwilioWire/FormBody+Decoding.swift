extension FormBody {
    /// Decodes an `application/x-www-form-urlencoded` body.
    ///
    /// The body is split on `&` (empty pieces are skipped) and each piece on its first `=` (a
    /// piece without `=` is a name with an empty value). In names and values `+` becomes a space
    /// and `%XX` becomes the byte `XX`; the bytes must then be UTF-8. Nothing is trimmed or
    /// normalised: the values are exactly what the sender encoded, as signature validation needs.
    ///
    /// - Parameter bytes: The raw request body.
    /// - Throws: ``TwilioWireError`` with code ``TwilioWireError/Code/invalidFormEncoding`` for a `%`
    ///   not followed by two hex digits, or for bytes that are not UTF-8 once decoded. The error
    ///   names the parameter (or its position when the name itself is bad) and the byte offset.
    public init<Bytes: Sequence>(decoding bytes: Bytes) throws(TwilioWireError) where Bytes.Element == UInt8 {
        let body = Array(bytes)
        var parameters: [FormParameter] = []
        var start = 0
        var index = 0
        while start <= body.count {
            var end = start
            while end < body.count && body[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                index += 1
                parameters.append(try Self.decodePair(body, start..<end, index: index))
            }
            start = end + 1
        }
        self.init(parameters)
    }

    /// Decodes a body given as text (for tests and for bodies already held as a `String`).
    /// - Parameter text: The encoded body, e.g. `"To=%2B15550100&Body=Hi+there"`.
    /// - Throws: ``TwilioWireError`` as `init(decoding:)` does.
    public init(decoding text: String) throws(TwilioWireError) {
        try self.init(decoding: text.utf8)
    }

    /// Decodes one `name=value` piece; `index` is its 1-based position among the non-empty pieces.
    private static func decodePair(_ body: [UInt8], _ range: Range<Int>, index: Int) throws(TwilioWireError)
        -> FormParameter
    {
        let equals = body[range].firstIndex(of: UInt8(ascii: "=")) ?? range.upperBound
        let nameRange = range.lowerBound..<equals
        let valueRange = equals == range.upperBound ? equals..<equals : (equals + 1)..<range.upperBound

        let name: String
        switch decodeComponent(body, nameRange) {
        case .success(let decoded): name = decoded
        case .failure(let failure):
            throw failure.error(subject: "name of parameter \(index)", field: nil)
        }
        switch decodeComponent(body, valueRange) {
        case .success(let value):
            return FormParameter(name: name, value: value)
        case .failure(let failure):
            throw failure.error(subject: "value of parameter '\(TwilioWireError.quoted(name))'", field: name)
        }
    }

    /// Why a component did not decode, before we know how to name it.
    private enum ComponentFailure: Error {
        case badEscape(offset: Int)
        case badUTF8(offset: Int)

        func error(subject: String, field: String?) -> TwilioWireError {
            switch self {
            case .badEscape(let offset):
                return TwilioWireError(
                    code: .invalidFormEncoding,
                    field: field,
                    byteOffset: offset,
                    message:
                        "invalid percent escape in \(subject) at byte \(offset): '%' must be followed by two hex digits"
                )
            case .badUTF8(let offset):
                return TwilioWireError(
                    code: .invalidFormEncoding,
                    field: field,
                    byteOffset: offset,
                    message: "invalid UTF-8 in \(subject) at byte \(offset)"
                )
            }
        }
    }

    /// `+` → space, `%XX` → byte, then UTF-8. Offsets in failures are positions in `body`.
    private static func decodeComponent(_ body: [UInt8], _ range: Range<Int>) -> Result<String, ComponentFailure> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        var position = range.lowerBound
        while position < range.upperBound {
            let byte = body[position]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(0x20)
                position += 1
            case UInt8(ascii: "%"):
                guard position + 2 < range.upperBound,
                    let high = hexValue(body[position + 1]), let low = hexValue(body[position + 2])
                else {
                    return .failure(.badEscape(offset: position))
                }
                bytes.append(high << 4 | low)
                position += 3
            default:
                bytes.append(byte)
                position += 1
            }
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success(text)
        }
        return .failure(.badUTF8(offset: sourceOffset(ofDecodedByte: firstInvalidUTF8(bytes), in: body, range)))
    }

    /// The index of the first byte that does not continue a valid UTF-8 sequence.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0  // no overlongs
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F  // no surrogates
            case 0xF0: length = 4; low = 0x90  // no overlongs
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F  // nothing above U+10FFFF
            default: return index
            }
            for offset in 1..<length {
                guard index + offset < bytes.count else { return index }
                let byte = bytes[index + offset]
                let (min, max): (UInt8, UInt8) = offset == 1 ? (low, high) : (0x80, 0xBF)
                if byte < min || byte > max { return index }
            }
            index += length
        }
        return index
    }

    /// Maps the index of a decoded byte back to the offset, in `body`, of the text that produced it
    /// (a plain byte, a `+`, or the `%` of an escape).
    private static func sourceOffset(ofDecodedByte target: Int, in body: [UInt8], _ range: Range<Int>) -> Int {
        var position = range.lowerBound
        var decoded = 0
        while position < range.upperBound && decoded < target {
            position += body[position] == UInt8(ascii: "%") ? 3 : 1
            decoded += 1
        }
        return position
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
