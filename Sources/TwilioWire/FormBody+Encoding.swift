extension FormBody {
    /// Encodes the parameters as an `application/x-www-form-urlencoded` body, in order.
    ///
    /// This writes what Twilio's Python library sends (`urllib.parse.urlencode`): the RFC 3986
    /// unreserved characters `A-Z a-z 0-9 - . _ ~` stay as they are, a space becomes `+`, and every
    /// other UTF-8 byte becomes `%XX` with upper-case hex. So `+14155550100` is sent as
    /// `%2B14155550100`, and `a+b=c & d` as `a%2Bb%3Dc+%26+d`.
    ///
    /// Decoding the result with `init(decoding:)` gives back the same parameters.
    ///
    /// - Returns: The encoded body, e.g. `To=%2B14155550100&Body=Hi+there`.
    public func encoded() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(parameters.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            Self.appendEncoded(parameter.name, to: &out)
            out.append(UInt8(ascii: "="))
            Self.appendEncoded(parameter.value, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func appendEncoded(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }
}
