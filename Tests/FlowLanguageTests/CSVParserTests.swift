import FlowLanguage
import Testing

struct CSVParserTests {
    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let records = try CSVParser.parse("text,label\n\"hi, \"\"you\"\"\",greeting\r\n\"two\nlines\",other\n\nlast,x")
        #expect(records.map(\.fields) == [["text", "label"], ["hi, \"you\"", "greeting"], ["two\nlines", "other"], ["last", "x"]])
        #expect(records.map(\.line) == [1, 2, 3, 6])
    }

    @Test func byteOrderMarkIsIgnored() throws {
        #expect(try CSVParser.parse("\u{FEFF}a,b\n1,2\n").first?.fields == ["a", "b"])
    }

    @Test func strayQuoteIsAnErrorWithPosition() {
        #expect(throws: CSVParser.Failure(message: "a quote inside an unquoted field (quote the whole field and double the quote)", line: 2, column: 4)) {
            try CSVParser.parse("a,b\n1,x\"y\n")
        }
    }

    @Test func unterminatedQuoteNamesWhereItOpened() {
        #expect(throws: CSVParser.Failure(message: "quoted field is never closed", line: 3, column: 1)) {
            try CSVParser.parse("a\nb\n\"open\nstill open")
        }
    }
}
