import Testing
import TwilioWire

@Suite("TwiML rendering")
struct TwiMLTests {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"#

    @Test("no replies render an empty <Response/>")
    func empty() {
        #expect(TwiML.render([]) == Self.declaration + "<Response/>")
    }

    @Test("each reply is one <Message>, in order")
    func messages() {
        #expect(TwiML.render(["Hi"]) == Self.declaration + "<Response><Message>Hi</Message></Response>")
        #expect(
            TwiML.render(["First", "Second"])
                == Self.declaration + "<Response><Message>First</Message><Message>Second</Message></Response>"
        )
    }

    @Test("the five XML special characters are escaped")
    func escaping() {
        #expect(
            TwiML.render([#"Tom & Jerry <tj@example.com> say "hi" & 'bye'"#])
                == Self.declaration
                + "<Response><Message>Tom &amp; Jerry &lt;tj@example.com&gt; say &quot;hi&quot; &amp; &apos;bye&apos;"
                + "</Message></Response>"
        )
        // Already-escaped text is escaped again: replies are text, not markup.
        #expect(TwiML.render(["&amp;"]).contains("<Message>&amp;amp;</Message>"))
        // A reply cannot close the element or inject a verb.
        #expect(!TwiML.render(["</Message><Redirect>https://evil.example</Redirect>"]).contains("<Redirect>"))
    }

    @Test("characters XML 1.0 forbids are removed; tab and newline stay; CR is a character reference")
    func illegalCharacters() {
        let text = "a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i\tj\nk\r\nl\u{7F}m\u{85}n"
        #expect(
            TwiML.render([text])
                == Self.declaration + "<Response><Message>abcdefghi\tj\nk&#xD;\nl\u{7F}m\u{85}n</Message></Response>"
        )
    }

    @Test("non-ASCII text passes through unchanged, scalar for scalar")
    func unicode() {
        let text = "Grüße 👨‍👩‍👧 Cafe\u{301} 你好 \u{FFFD}"
        let rendered = TwiML.render([text])
        let expected = Self.declaration + "<Response><Message>" + text + "</Message></Response>"
        #expect(Array(rendered.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("replies that are empty, or empty once illegal characters are removed, are left out")
    func emptyReplies() {
        #expect(TwiML.render([""]) == Self.declaration + "<Response/>")
        #expect(TwiML.render(["\u{0}\u{1}"]) == Self.declaration + "<Response/>")
        #expect(TwiML.render(["", "Hi", ""]) == Self.declaration + "<Response><Message>Hi</Message></Response>")
        // Whitespace is text and is kept.
        #expect(TwiML.render([" "]) == Self.declaration + "<Response><Message> </Message></Response>")
    }

    @Test("the content type is XML")
    func contentType() {
        #expect(TwiML.contentType.hasPrefix("text/xml"))
    }
}
