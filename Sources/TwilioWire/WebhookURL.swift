/// The two URL spellings a signature may have been computed over, and query lookups.
///
/// Twilio has not been consistent about the port in the signed URL, so its SDK validators (here:
/// twilio-python's `RequestValidator`) accept a signature computed over the URL as received or over
/// the same URL with the port toggled: a port that is present is removed, and a missing one is
/// added as `:443` for `https` and `:80` otherwise. Nothing else (scheme, host case, path, query)
/// is ever changed.
enum WebhookURL {
    /// `url` and its port-toggled spelling (one element if the URL has no `scheme://authority`).
    static func candidates(_ url: String) -> [String] {
        if let other = portToggled(url) { return [url, other] }
        return [url]
    }

    /// The URL with its port removed if it has one, or with the scheme's default port added.
    ///
    /// Unlike twilio-python, which splits the whole authority on the first `:`, this finds the
    /// port after any `user:password@` and after an IPv6 literal's `]`; for the URLs Twilio calls
    /// (no user info, host names) both give the same result.
    static func portToggled(_ url: String) -> String? {
        let bytes = Array(url.utf8)
        guard let schemeEnd = firstIndex(of: Array("://".utf8), in: bytes), schemeEnd > 0,
            bytes[..<schemeEnd].allSatisfy(isSchemeByte)
        else { return nil }
        let authorityStart = schemeEnd + 3
        var authorityEnd = authorityStart
        while authorityEnd < bytes.count, !"/?#".utf8.contains(bytes[authorityEnd]) { authorityEnd += 1 }
        guard authorityEnd > authorityStart else { return nil }

        // Host and port follow the last '@' of the authority.
        var hostStart = authorityStart
        if let at = bytes[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
        var searchFrom = hostStart
        if hostStart < authorityEnd, bytes[hostStart] == UInt8(ascii: "[") {
            guard let close = bytes[hostStart..<authorityEnd].firstIndex(of: UInt8(ascii: "]")) else { return nil }
            searchFrom = close + 1
        }
        let colon = bytes[searchFrom..<authorityEnd].lastIndex(of: UInt8(ascii: ":"))

        if let colon {
            // "host:" with an empty port, or a non-numeric port, is left alone.
            let port = bytes[(colon + 1)..<authorityEnd]
            guard !port.isEmpty, port.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return String(decoding: bytes[..<colon] + bytes[authorityEnd...], as: UTF8.self)
        }
        let scheme = String(decoding: bytes[..<schemeEnd], as: UTF8.self).lowercased()
        let port = scheme == "https" ? ":443" : ":80"
        return String(decoding: bytes[..<authorityEnd] + Array(port.utf8) + bytes[authorityEnd...], as: UTF8.self)
    }

    /// The raw (still percent-encoded) value of the first query parameter called `name`, or `nil`.
    static func queryValue(named name: String, in url: String) -> Substring? {
        guard let questionMark = url.firstIndex(of: "?") else { return nil }
        var query = url[url.index(after: questionMark)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: "=") ?? pair.endIndex
            if pair[..<equals].utf8.elementsEqual(name.utf8) {
                return equals == pair.endIndex ? pair[equals...] : pair[pair.index(after: equals)...]
            }
        }
        return nil
    }

    /// RFC 3986 scheme characters: letters, digits, `+`, `-`, `.`.
    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
