import Foundation
import SMSText
import SharedVectors
import Testing

/// One case of `shared/vectors/sms-segments.json`.
struct SegmentVector: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var description: String
    var text: String
    var encoding: SMSEncoding
    var septetsOrUnits: Int
    var segments: Int
    var partLengths: [Int]
    var parts: [String]
    var unicodeScalars: Int
    var utf16Units: Int

    var testDescription: String { id }

    enum CodingKeys: String, CodingKey {
        case id, description, text, encoding, segments, parts
        case septetsOrUnits = "septets_or_units"
        case partLengths = "part_lengths"
        case unicodeScalars = "unicode_scalars"
        case utf16Units = "utf16_units"
    }
}

/// The whole vectors file; only the parts the tests use are decoded.
struct SegmentVectorFile: Decodable, Sendable {
    struct Header: Decodable, Sendable {
        var rules: [String]
    }

    var header: Header
    var cases: [SegmentVector]
}

enum SegmentVectors {
    /// `shared/vectors/sms-segments.json`.
    static func loadFile() throws -> SegmentVectorFile {
        try SharedVectors.load("sms-segments.json", as: SegmentVectorFile.self)
    }

    static func load() throws -> [SegmentVector] {
        try loadFile().cases
    }
}

@Suite("Shared SMS segment vectors")
struct SegmentVectorTests {
    @Test("vector file is present and well formed")
    func vectorFileLoads() throws {
        let file = try SegmentVectors.loadFile()
        #expect(!file.header.rules.isEmpty)
        #expect(!file.cases.isEmpty, "no cases in shared/vectors/sms-segments.json")
        #expect(Set(file.cases.map(\.id)).count == file.cases.count, "case ids must be unique")
    }

    @Test("measure matches the vector", arguments: try SegmentVectors.load())
    func matchesVector(_ vector: SegmentVector) {
        // The decoder must hand us the exact scalars the generator used (BOM, ZWJ, NBSP, combining marks).
        #expect(vector.text.utf16.count == vector.utf16Units)
        #expect(vector.text.unicodeScalars.count == vector.unicodeScalars)

        let info = SMSSegmenter.measure(vector.text)
        #expect(info.encoding == vector.encoding)
        #expect(info.units == vector.septetsOrUnits)
        #expect(info.segments == vector.segments)
        #expect(info.partLengths == vector.partLengths)
        #expect(info.parts.count == vector.parts.count)
        // Compare scalars, not Strings: String equality is canonical equivalence (é == e + U+0301).
        for (index, (actual, expected)) in zip(info.parts, vector.parts).enumerated() {
            #expect(
                Array(actual.unicodeScalars) == Array(expected.unicodeScalars),
                "part \(index) differs"
            )
        }
        #expect(info.nonGSMScalars.isEmpty == (vector.encoding == .gsm7))
    }
}
