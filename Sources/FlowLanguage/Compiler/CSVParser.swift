/// An RFC 4180 CSV parser: a header row, quoted fields with `""` escapes and embedded newlines.
public enum CSVParser {
    /// A parse failure with its position (1-based line and column).
    public struct Failure: Error, Sendable, Equatable {
        /// What is wrong.
        public var message: String
        /// 1-based line.
        public var line: Int
        /// 1-based column, in Unicode scalars.
        public var column: Int

        /// Creates a failure.
        /// - Parameters:
        ///   - message: What is wrong.
        ///   - line: 1-based line.
        ///   - column: 1-based column.
        public init(message: String, line: Int, column: Int) {
            self.message = message
            self.line = line
            self.column = column
        }
    }

    /// One parsed record with the line it starts on.
    public struct Record: Sendable, Equatable {
        /// The fields.
        public var fields: [String]
        /// The 1-based line the record starts on.
        public var line: Int
    }

    /// Parses CSV text into records. Blank lines are skipped; a BOM at the start is ignored.
    /// - Parameter text: The file's contents.
    /// - Returns: The records, header included.
    /// - Throws: ``Failure`` for a stray quote or an unterminated quoted field.
    public static func parse(_ text: String) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, column = 0
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 0, quoteColumn = 0
        var fieldWasQuoted = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0

        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields = []
            fieldWasQuoted = false
        }

        while index < scalars.count {
            let scalar = scalars[index]
            column += 1
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                        column += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" {
                        line += 1
                        column = 0
                    }
                    field.append(scalar)
                }
            } else {
                switch scalar {
                case ",":
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                    fieldWasQuoted = false
                case "\r":
                    break
                case "\n":
                    endRecord()
                    line += 1
                    column = 0
                    recordLine = line
                case "\"":
                    guard field.isEmpty, !fieldWasQuoted else {
                        throw Failure(message: "a quote inside an unquoted field (quote the whole field and double the quote)", line: line, column: column)
                    }
                    inQuotes = true
                    fieldWasQuoted = true
                    quoteLine = line
                    quoteColumn = column
                default:
                    if fieldWasQuoted {
                        throw Failure(message: "text after a closing quote", line: line, column: column)
                    }
                    field.append(scalar)
                }
            }
            index += 1
        }
        if inQuotes {
            throw Failure(message: "quoted field is never closed", line: quoteLine, column: quoteColumn)
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
