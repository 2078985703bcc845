import Dispatch
import Foundation
import GRDB

/// Copies the WAL into the database file from a connection of its own, every quarter second
/// (PASSIVE: it never waits for, nor blocks, the writer), so no commit on the message path pays
/// for a checkpoint. Should it fall behind (a WAL over 50,000 pages, ~200 MB), it runs a
/// TRUNCATE checkpoint, which briefly waits for the writer, and shrinks the file.
final class Checkpointer: @unchecked Sendable {
    // @unchecked: `connection` is only used on `queue` (and closed through it); `timer` likewise.
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "switchboard.sqlite.checkpointer", qos: .utility)
    private let timer: any DispatchSourceTimer
    private static let truncateThreshold = 50_000

    init(path: String, configuration: Configuration) throws {
        connection = try DatabaseQueue(path: path, configuration: configuration)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250), leeway: .milliseconds(50))
        timer.setEventHandler { [connection] in
            try? connection.writeWithoutTransaction { db in
                let (walFrames, _) = try db.checkpoint(.passive)
                if walFrames > Self.truncateThreshold { _ = try? db.checkpoint(.truncate) }
            }
        }
        timer.resume()
    }

    /// Stops the timer and closes the connection (before the main one, so the main one is the
    /// last and removes the WAL).
    func close() throws {
        timer.cancel()
        try queue.sync { try connection.close() }
    }
}
