import Foundation
import PhoneNumbers
import SharedVectors
import Testing

/// One case of `shared/vectors/e164.json`, with an id made from its position and note.
struct E164Vector: Sendable, CustomTestStringConvertible {
    var id: String
    var input: String
    var region: String
    /// The expected E.164 form, or nil when the number must be rejected.
    var e164: String?
    var note: String

    var testDescription: String { id }
}

/// The whole vectors file; only the parts the tests use are decoded.
struct E164VectorFile: Decodable, Sendable {
    struct Header: Decodable, Sendable {
        var rules: [String]
    }

    struct Case: Decodable, Sendable {
        var input: String
        var region: String
        var e164: String?
        var note: String
    }

    var header: Header
    var cases: [Case]
}

enum E164Vectors {
    /// `shared/vectors/e164.json`.
    static func loadFile() throws -> E164VectorFile {
        try SharedVectors.load("e164.json", as: E164VectorFile.self)
    }

    /// Every case, numbered from 1 in file order: "#07 US national format with punctuation".
    static func load() throws -> [E164Vector] {
        try loadFile().cases.enumerated().map { index, item in
            E164Vector(
                id: String(format: "#%02d %@ %@", index + 1, item.region, item.note),
                input: item.input,
                region: item.region,
                e164: item.e164,
                note: item.note
            )
        }
    }
}

@Suite("Shared E.164 vectors")
struct E164VectorTests {
    @Test("vector file is present and complete")
    func vectorFileLoads() throws {
        let file = try E164Vectors.loadFile()
        #expect(!file.header.rules.isEmpty)
        #expect(file.cases.count == 56, "expected all 56 cases in shared/vectors/e164.json")
        #expect(Set(file.cases.map(\.region)) == Set(PhoneNumbers.supportedRegions))
        let vectors = try E164Vectors.load()
        #expect(Set(vectors.map(\.id)).count == vectors.count, "case ids must be unique")
    }

    @Test("normalize matches the vector", arguments: try E164Vectors.load())
    func matchesVector(_ vector: E164Vector) throws {
        if let expected = vector.e164 {
            // A throw here fails the case and shows the reason.
            #expect(try PhoneNumbers.normalize(vector.input, defaultRegion: vector.region) == expected)
        } else {
            let error = #expect(throws: PhoneNumberError.self) {
                try PhoneNumbers.normalize(vector.input, defaultRegion: vector.region)
            }
            // The reason is safe to log: it never repeats the number.
            let digits = vector.input.filter(\.isNumber)
            if let error, digits.count >= 4 {
                #expect(!error.description.contains(digits))
                #expect(!error.description.contains(vector.input))
            }
        }
    }
}
