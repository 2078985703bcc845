import FlowRegex
import Foundation
import Testing

struct CompiledRegexTests {
    @Test func capturesTheOrderNumber() throws {
        let regex = try CompiledRegex(#"(?<!\d)(\d{4}[- ]?\d{4})(?!\d)"#)
        #expect(regex.isJIT)
        #expect(regex.captureCount == 1)
        #expect(try regex.firstMatch(in: "order #12345678 pls")?.captures[1] == "12345678")
        #expect(try regex.firstMatch(in: "its 1234-5678")?.captures[1] == "1234-5678")
        #expect(try regex.firstMatch(in: "123456789") == nil)
        #expect(try regex.firstMatch(in: "no digits") == nil)
    }

    @Test func namedGroupsAndUnsetGroups() throws {
        let regex = try CompiledRegex(#"(a)?(?<value>b+)"#)
        #expect(regex.groupNumber(named: "value") == 2)
        #expect(regex.groupNumber(named: "missing") == nil)
        let match = try #require(try regex.firstMatch(in: "xbb"))
        #expect(match.captures == ["bb", nil, "bb"])
        #expect(match.utf8Ranges[2] == 1..<3)
    }

    @Test func caselessAndWholeString() throws {
        #expect(try CompiledRegex("agent", options: [.caseless]).matches("AGENT please"))
        #expect(try !CompiledRegex("agent").matches("AGENT"))
        let whole = try CompiledRegex("yes|y", options: [.caseless, .wholeString])
        #expect(try whole.matches("Yes"))
        #expect(try !whole.matches("yes please"))
    }

    @Test func unicodeSubjectsMatchByScalar() throws {
        let regex = try CompiledRegex("(é+)")
        #expect(try regex.firstMatch(in: "😀 café ééé")?.captures[1] == "é")
    }

    @Test func invalidPatternReportsMessageAndOffset() {
        do {
            _ = try CompiledRegex("ab(c")
            Issue.record("expected a compile error")
        } catch {
            #expect(error.kind == .compile)
            #expect(error.message.contains("missing closing parenthesis"))
            #expect(error.offset == 4)
            #expect(error.scalarOffset == 4)
        }
        do {
            _ = try CompiledRegex("é(", options: [.wholeString])
            Issue.record("expected a compile error")
        } catch {
            // Offsets are in bytes; é is two bytes but one scalar.
            #expect(error.offset == 3)
            #expect(error.scalarOffset == 2)
        }
    }

    @Test func catastrophicPatternFailsFastInsteadOfHanging() throws {
        let regex = try CompiledRegex("^(a+)+$")
        let subject = String(repeating: "a", count: 40) + "!"
        let start = Date()
        do {
            _ = try regex.firstMatch(in: subject)
            Issue.record("expected the match limit to stop the match")
        } catch {
            #expect(error.kind == .limitExceeded)
            #expect(error.code == -47)
        }
        // Unbounded, this pattern needs about 2^40 steps; the limit ends it far sooner.
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func sharedAcrossTasks() async throws {
        let regex = try CompiledRegex(#"(\d{8})"#)
        let results = await withTaskGroup(of: String?.self) { group in
            for index in 0..<16 {
                group.addTask { try? regex.firstMatch(in: "order \(10_000_000 + index)")?.captures[1] }
            }
            var all: [String?] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(Set(results.compactMap { $0 }).count == 16)
    }
}
