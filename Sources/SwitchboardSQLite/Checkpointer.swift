import Dispatch
import Foundation
import GRDB
import Synchronization

/// Keeps the WAL small without stalling the writer.
///
/// Every half second it copies WAL frames into the database file from a connection of its own
/// (PASSIVE: it never waits for, nor blocks, the writer). A page rewritten many times between two
/// passes is copied once: at full load with new numbers every message dirties index pages at
/// random places, and passes every 250 ms, each a burst of I/O, delayed about 1 % of requests by
/// 2–4 ms (BENCHMARKS.md).
///
/// Between passes a flusher syncs the WAL every 10 ms when something was written, so no sync
/// (the pass's own before it copies, and the writer's below) finds more than a few milliseconds
/// of frames to write out; left to the passes, a sync after a second of writes held the writer up
/// to 100 ms. It also bounds what a power cut can take: with `synchronous=NORMAL` a commit reaches
/// the disk at the next sync, now within about 10 ms rather than at the next checkpoint.
///
/// The WAL only starts over from its beginning after a checkpoint that left no frame behind and
/// synced the database file, and only the writer can guarantee that no commit lands in between.
/// So once the WAL holds `restartPages` frames and the background copy has caught up to a small
/// residual, the checkpointer flushes the database file and the WAL itself (SQLite syncs the
/// database only after a pass that reached the WAL's end, which under load never happens) and
/// asks the writer: between two transactions, after their replies went out, the writer's
/// connection copies and syncs the residual (about 2 ms) and its next transaction rewinds the WAL.
/// Left to SQLite's automatic checkpoint, the commit that crossed the limit copied and synced
/// everything written since the last full sync — 5 – 9 ms with every request waiting, several
/// times a second at full load. The automatic checkpoint stays on at a higher limit as a backstop.
final class Checkpointer: @unchecked Sendable {
    // @unchecked: `connection` and `timer` are only used on `queue` (and closed through it);
    // `restartAskedAt` and `walFile` are guarded by `lock`; `written` and `flushes` are atomic.
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "switchboard.sqlite.checkpointer", qos: .utility)
    private let timer: any DispatchSourceTimer
    private let flushQueue = DispatchQueue(label: "switchboard.sqlite.wal-flusher", qos: .utility)
    private let flushTimer: (any DispatchSourceTimer)?
    /// Set by every write transaction, cleared by the flusher.
    private let written = Atomic<Bool>(false)
    /// WAL syncs by the flusher so far.
    private let flushes = Atomic<Int>(0)
    private let lock = NSLock()
    /// When the checkpointer asked the writer to let the WAL start over (nil: no request open).
    private var restartAskedAt: DispatchTime?
    /// The database file, opened only to flush it (`fdatasync`); -1 if it could not be opened.
    private let databaseFile: Int32
    /// The WAL, likewise (opened at the first sync: SQLite creates it lazily), shared by the
    /// passes and the flusher.
    private var walFile: Int32 = -1
    private let walPath: String
    /// WAL size (pages) at which the writer is asked to let the WAL start over.
    let restartPages: Int
    /// Frames the background copy may leave for the writer.
    let residualPages: Int

    /// Starts checkpointing `path` in the background.
    /// - Parameters:
    ///   - path: The database file.
    ///   - configuration: The connection settings.
    ///   - interval: Time between background passes.
    ///   - restartPages: WAL size (pages) at which the writer is asked to let the WAL start over.
    ///   - residualPages: Frames the background copy may leave for the writer.
    ///   - flushInterval: Time between WAL syncs while writes go on; nil for none.
    init(
        path: String, configuration: Configuration, interval: DispatchTimeInterval = .milliseconds(500), restartPages: Int = 8192, residualPages: Int = 256,
        flushInterval: DispatchTimeInterval? = .milliseconds(10)
    ) throws {
        connection = try DatabaseQueue(path: path, configuration: configuration)
        databaseFile = open(path, O_RDONLY | O_CLOEXEC)
        walPath = path + "-wal"
        self.restartPages = restartPages
        self.residualPages = residualPages
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(10))
        if let flushInterval {
            let flush = DispatchSource.makeTimerSource(queue: flushQueue)
            flush.schedule(deadline: .now() + flushInterval, repeating: flushInterval, leeway: .milliseconds(5))
            flushTimer = flush
        } else {
            flushTimer = nil
        }
        timer.setEventHandler { [weak self] in self?.pass() }
        timer.resume()
        flushTimer?.setEventHandler { [weak self] in self?.flushWAL() }
        flushTimer?.resume()
    }

    /// Notes that a transaction wrote to the WAL (the flusher syncs it at its next turn).
    func noteWrite() {
        written.store(true, ordering: .relaxed)
    }

    /// WAL syncs the flusher has made.
    var walFlushes: Int { flushes.load(ordering: .relaxed) }

    /// Syncs the WAL if anything was written since the last turn: an idle store does nothing.
    private func flushWAL() {
        guard written.exchange(false, ordering: .relaxed) else { return }
        if syncWAL() { flushes.add(1, ordering: .relaxed) }
    }

    /// Syncs the WAL; false when it cannot be opened (not created yet).
    @discardableResult
    private func syncWAL() -> Bool {
        let file = lock.withLock { () -> Int32 in
            if walFile < 0 { walFile = open(walPath, O_RDONLY | O_CLOEXEC) }
            return walFile
        }
        guard file >= 0 else { return false }
        Self.flush(file)
        return true
    }

    /// One background pass: copy what the WAL holds; when it is big and the copy caught up, ask
    /// the writer to finish the job.
    private func pass() {
        let waiting = lock.withLock { () -> Bool in
            guard let asked = restartAskedAt else { return false }
            // The writer takes a request within one batch under load; one left for a second means
            // the writer is idle, and then a pass of its own reaches the WAL's end (SQLite then
            // syncs the file and the next write rewinds the WAL without the writer's part).
            if DispatchTime.now().uptimeNanoseconds - asked.uptimeNanoseconds < 1_000_000_000 { return true }
            restartAskedAt = nil
            return false
        }
        guard !waiting else { return }
        try? connection.writeWithoutTransaction { db in
            // A second and third pass shrink what the writer will copy (frames committed while
            // the previous pass was syncing).
            for _ in 0..<3 {
                let (log, copied) = try db.checkpoint(.passive)
                guard log >= restartPages else { return }
                // SQLite syncs the database file only after a pass that reached the WAL's end,
                // which under load never happens: flush what the passes copied here, so the
                // writer's sync finds only the residual.
                if databaseFile >= 0 { Self.flush(databaseFile) }
                syncWAL()
                if log - copied <= residualPages {
                    lock.withLock { restartAskedAt = .now() }
                    return
                }
            }
        }
    }

    /// Called by the writer between transactions: when the checkpointer asked for it, copies the
    /// residual frames on the writer's connection so that its next transaction rewinds the WAL.
    /// - Parameter writer: The writer's connection.
    func restartIfDue(_ writer: DatabaseQueue) {
        guard lock.withLock({ restartAskedAt != nil }) else { return }
        try? writer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        lock.withLock { restartAskedAt = nil }
    }

    /// Stops the timer and closes the connection (before the main one, so the main one is the
    /// last and removes the WAL).
    func close() throws {
        timer.cancel()
        flushTimer?.cancel()
        flushQueue.sync {}  // a sync under way finishes first
        try queue.sync {
            if databaseFile >= 0 { Self.closeFile(databaseFile) }
            try connection.close()
        }
        lock.withLock {
            if walFile >= 0 { Self.closeFile(walFile) }
            walFile = -1
        }
    }

    private static func flush(_ file: Int32) {
        #if os(Linux)
        _ = fdatasync(file)
        #else
        _ = fsync(file)
        #endif
    }

    private static func closeFile(_ file: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(file)
        #else
        _ = Darwin.close(file)
        #endif
    }
}
