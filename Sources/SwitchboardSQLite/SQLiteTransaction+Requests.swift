import Foundation
import GRDB
import SwitchboardEngine

/// Idempotency keys of proactive requests, and delivery reports that came early.
extension SQLiteTransaction {
    func proactiveRequest(key: String) throws -> (fingerprint: String, result: String)? {
        let statement = try db.cachedStatement(sql: "SELECT fingerprint, result FROM proactive_requests WHERE key = ?")
        return try Row.fetchOne(statement, arguments: [key]).map { (fingerprint: $0[0], result: $0[1]) }
    }

    func saveProactiveRequest(key: String, fingerprint: String, result: String, at: Date) throws {
        try db.cachedStatement(sql: "INSERT INTO proactive_requests (key, fingerprint, result, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [key, fingerprint, result, at.timeIntervalSince1970])
    }

    func saveEarlyReport(providerID: String, status: String, errorCode: Int?, at: Date, droppingBefore before: Date) throws {
        try db.cachedStatement(sql: "DELETE FROM early_delivery_reports WHERE received_at < ?").execute(arguments: [before.timeIntervalSince1970])
        try db.cachedStatement(sql: "INSERT INTO early_delivery_reports (provider_id, status, error_code, received_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [providerID, status, errorCode, at.timeIntervalSince1970])
    }

    func takeEarlyReports(providerID: String) throws -> [(status: String, errorCode: Int?)] {
        let statement = try db.cachedStatement(sql: "SELECT status, error_code FROM early_delivery_reports WHERE provider_id = ? ORDER BY id")
        let reports = try Row.fetchAll(statement, arguments: [providerID]).map { row -> (status: String, errorCode: Int?) in (status: row[0], errorCode: row[1]) }
        if !reports.isEmpty {
            try db.cachedStatement(sql: "DELETE FROM early_delivery_reports WHERE provider_id = ?").execute(arguments: [providerID])
        }
        return reports
    }
}
