import Foundation
import SMSText
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

/// Thrown when the shared vectors file cannot be found; the tests fail, they do not skip.
struct MissingVectorFile: Error, CustomStringConvertible {
    var path: String

    var description: String {
        "SMS segment vectors not found at \(path). Expected shared/vectors/sms-segments.json in the "
            + "directory that contains the package root (e.g. /work/shared next to /work/main)."
    }
}

enum SegmentVectors {
    /// `<package root>/../shared/vectors/sms-segments.json`, found from this source file
    /// (`<package root>/Tests/SMSTextTests/SegmentVectorTests.swift`).
    static let fileURL: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SMSTextTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()  // its parent
        .appendingPathComponent("shared/vectors/sms-segments.json")
        .standardizedFileURL

    /// Decodes the file with `JSONDecoder` (which keeps a leading U+FEFF, unlike `JSONSerialization`).
    static func loadFile() throws -> SegmentVectorFile {
        guard FileManager.default.fileExists(atPath: fileURL.path) else {
            throw MissingVectorFile(path: fileURL.path)
        }
        let data = try Data(contentsOf: fileURL)
        return try JSONDecoder().decode(SegmentVectorFile.self, from: data)
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
        #expect(!file.cases.isEmpty, "no cases in \(SegmentVectors.fileURL.path)")
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
