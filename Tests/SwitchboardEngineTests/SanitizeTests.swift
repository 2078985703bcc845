import Testing

@testable import SwitchboardEngine

/// Inbound text is cleaned before it is stored or classified: control and format characters go
/// (line breaks, tabs and the emoji joiner stay), and so does surrounding white space. Plain
/// ASCII takes a shortcut that must agree with the general path.
struct SanitizeTests {
    @Test("plain ASCII: only surrounding spaces go", arguments: [
        ("where is my order", "where is my order"), ("  hi  ", "hi"), ("   ", ""), ("", ""), ("a", "a"), (" B ", "B"),
        ("stop!!!", "stop!!!"), ("~`{}|", "~`{}|"),
    ])
    func ascii(input: String, expected: String) {
        #expect(Engine.sanitize(input) == expected)
    }

    @Test("control, format and non-ASCII text takes the general path", arguments: [
        ("\u{0}hi\u{7}", "hi"), ("\tline\none\r\n", "line\none"), ("\u{1B}[31mred", "[31mred"), ("a\u{7F}b", "ab"),
        ("\u{202E}evil", "evil"), ("👨\u{200D}👩", "👨\u{200D}👩"), (" café ", "café"), ("\u{00A0}nbsp\u{00A0}", "nbsp"),
    ])
    func general(input: String, expected: String) {
        #expect(Engine.sanitize(input) == expected)
    }
}
