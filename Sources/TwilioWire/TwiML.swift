/// Renders the TwiML a messaging webhook answers with.
///
/// ```swift
/// TwiML.render(["Thanks, an agent will reply shortly."])
/// // <?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks, an agent …</Message></Response>
/// TwiML.render([])
/// // <?xml version="1.0" encoding="UTF-8"?><Response/>   (send nothing, e.g. after STOP)
/// ```
///
/// Each reply becomes one `<Message>`, in order. Text is XML-escaped (`&`, `<`, `>`, `"`, `'`),
/// characters XML 1.0 does not allow (C0 controls other than tab, line feed and carriage return;
/// U+FFFE; U+FFFF) are removed, and a carriage return is written as `&#xD;` so the XML parser
/// does not turn `\r\n` into `\n`. Replies that are empty after this are left out: a `<Message>`
/// without text has nothing to send.
public enum TwiML {
    /// The `Content-Type` to answer with.
    public static let contentType = "text/xml; charset=utf-8"

    /// The declaration every document starts with.
    static let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"#

    /// Renders a `<Response>` with one `<Message>` per non-empty reply.
    /// - Parameter replies: The texts to send, in order.
    /// - Returns: The TwiML document; `<Response/>` when there is nothing to send.
    public static func render(_ replies: [String]) -> String {
        var messages: [String] = []
        for reply in replies {
            let text = escapedText(reply)
            if !text.isEmpty { messages.append("<Message>\(text)</Message>") }
        }
        if messages.isEmpty { return declaration + "<Response/>" }
        return declaration + "<Response>" + messages.joined() + "</Response>"
    }

    /// The text with XML special characters escaped and characters XML 1.0 forbids removed.
    static func escapedText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#xD;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF];
                // a Unicode.Scalar is never a surrogate, so only these two ranges are left to drop.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
