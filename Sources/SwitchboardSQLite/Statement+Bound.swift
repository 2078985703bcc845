import Foundation
import GRDB
import GRDBSQLite

/// Binds values straight to a cached statement through SQLite's C API and runs it (or reads its
/// first row): the per-message writes and reads skip building `StatementArguments` and GRDB's
/// row decoding, which measured as the larger part of their cost on Linux.
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
                let error = stepError(code)
                sqlite3_reset(statement)
                throw error
            }
        }
    }

    /// Resets the statement, lets `bind` set its parameters, and reads the first row with `read`
    /// (nil when there is none): the per-message reads skip GRDB's row decoding.
    /// - Throws: `DatabaseError` with SQLite's code and message, or what `read` throws.
    func firstRowBound<T>(_ bind: (inout ParameterBinder) -> Void, read: (ColumnReader) throws -> T) throws -> T? {
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
            return try read(ColumnReader(statement: statement))
        default:
            throw stepError(code)
        }
    }

    /// The error of a failed step, with SQLite's message (read before the statement is reset).
    private func stepError(_ code: Int32) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement)))
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}

/// Reads the columns of the row a statement stands on (valid only inside ``Statement/firstRowBound(_:read:)``).
struct ColumnReader {
    let statement: OpaquePointer

    /// Whether the column is NULL.
    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    /// A text column, or nil for NULL.
    func text(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    /// A blob (or text) column's bytes; empty for NULL.
    func data(_ column: Int32) -> Data {
        guard let bytes = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// An integer column (0 for NULL).
    func int(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// A real column, or nil for NULL.
    func double(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(statement, column)
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
