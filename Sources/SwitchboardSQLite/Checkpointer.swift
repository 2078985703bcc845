import Dispatch
import Foundation
import GRDB

/// Copies the WAL into the database file from a connection of its own, every quarter second
/// (PASSIVE: it never waits for, nor blocks, the writer). The writer's own automatic checkpoint
/// (every 10,000 pages) still runs, because only it lets the WAL start over from its beginning
/// while writes go on; but by then nearly every frame has been copied here, so the commit that
/// runs it no longer stalls for tens of milliseconds.
final class Checkpointer: @unchecked Sendable {
    // @unchecked: `connection` is only used on `queue` (and closed through it); `timer` likewise.
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "switchboard.sqlite.checkpointer", qos: .utility)
    private let timer: any DispatchSourceTimer

    init(path: String, configuration: Configuration) throws {
        connection = try DatabaseQueue(path: path, configuration: configuration)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250), leeway: .milliseconds(50))
        timer.setEventHandler { [connection] in
            try? connection.writeWithoutTransaction { db in
                _ = try db.checkpoint(.passive)
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
