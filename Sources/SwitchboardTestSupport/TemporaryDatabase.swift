import Foundation

/// A database path in the temporary directory that removes the file, its WAL and its shared-memory
/// file when the last reference goes, so test runs do not leave thousands of files in /tmp.
///
/// Removing the files while SQLite still has them open is harmless on POSIX systems: the open
/// descriptors keep working until the store closes.
public final class TemporaryDatabase: Sendable {
    /// The database file's path.
    public let path: String

    /// A fresh, unused path.
    /// - Parameter prefix: The start of the file name (e.g. "engine").
    public init(prefix: String) {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).sqlite").path
    }

    deinit {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
