import Foundation
import GRDB
import GRDBSQLite

/// Binds values straight to a cached statement through SQLite's C API and runs it: the
/// per-message writes (transcript lines, the conversation, the idempotency row) skip building
/// `StatementArguments`, which measured as the larger part of their cost on Linux.
extension Statement {
    /// Resets the statement, lets `bind` set its parameters in order, and steps it to the end.
    /// - Throws: `DatabaseError` with SQLite's code and message.
    func executeBound(_ bind: (inout ParameterBinder) -> Void) throws {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        var binder = ParameterBinder(statement: statement)
        bind(&binder)
        defer { sqlite3_clear_bindings(statement) }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            if code != SQLITE_ROW {
                let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))
                sqlite3_reset(statement)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
        }
    }
}

extension Statement {
    /// Resets the statement, lets `bind` set its parameters, and returns the first column of the
    /// first row as text (nil when there is no row or the value is NULL).
    /// - Throws: `DatabaseError` with SQLite's code and message.
    func firstTextBound(_ bind: (inout ParameterBinder) -> Void) throws -> String? {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        var binder = ParameterBinder(statement: statement)
        bind(&binder)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_DONE:
            return nil
        case SQLITE_ROW:
            guard let text = sqlite3_column_text(statement, 0) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, 0))
            return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
        default:
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}

/// Sets a statement's parameters one after the other (1, 2, 3 …). Texts and blobs are copied by
/// SQLite (`SQLITE_TRANSIENT`), so nothing has to outlive the call.
struct ParameterBinder {
    let statement: OpaquePointer
    private var index: Int32 = 1
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    init(statement: OpaquePointer) {
        self.statement = statement
    }

    /// A text, or NULL.
    mutating func text(_ value: String?) {
        if var value {
            value.withUTF8 { bytes in
                if let base = bytes.baseAddress, bytes.count > 0 {
                    _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
                } else {
                    _ = sqlite3_bind_text(statement, index, "", 0, Self.transient)
                }
            }
        } else {
            sqlite3_bind_null(statement, index)
        }
        index += 1
    }

    /// An integer, or NULL.
    mutating func int(_ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    /// A boolean as 0 or 1.
    mutating func bool(_ value: Bool) {
        int(value ? 1 : 0)
    }

    /// A real, or NULL.
    mutating func double(_ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    /// A blob.
    mutating func blob(_ value: Data) {
        value.withUnsafeBytes { bytes in _ = sqlite3_bind_blob(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), Self.transient) }
        index += 1
    }
}
