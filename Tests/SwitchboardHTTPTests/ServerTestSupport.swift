import FlowLanguage
import FlowRuntime
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SwitchboardEngine
import SwitchboardHTTP
import SwitchboardSQLite
import SwitchboardTestSupport

/// Log lines kept in memory, to check what reaches the logs.
final class LogCapture: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var lines: [(Logger.Level, String)] = []
    func append(_ level: Logger.Level, _ line: String) { lock.lock(); lines.append((level, line)); lock.unlock() }
    func lines(atLeast level: Logger.Level) -> [String] { lock.lock(); defer { lock.unlock() }; return lines.filter { $0.0 >= level }.map(\.1) }
}

struct CaptureHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.append(event.level, "\(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}

/// An agent token and its account.
enum Agents {
    static let alice = AgentAccount(name: "alice", displayName: "Alice", queues: ["general", "billing"], tokenSHA256: AgentAccount.hash(token: "alice-token"))
    static let bob = AgentAccount(name: "bob", displayName: "Bob", queues: ["general"], tokenSHA256: AgentAccount.hash(token: "bob-token"))
    static let tina = AgentAccount(name: "tina", displayName: "Tina", queues: ["tech"], tokenSHA256: AgentAccount.hash(token: "tina-token"))
}

/// A server on a fresh SQLite file, with a hand-moved clock and captured logs.
struct ServerFixture {
    let path: String
    /// Removes the file when the last copy of the fixture goes (only a file this fixture named).
    private let file: TemporaryDatabase?
    let store: SQLiteStore
    let engine: Engine
    let clock: TestClock
    let server: SwitchboardServer
    let logs = LogCapture()

    init(
        settings: ServerSettings = ServerSettings(agents: [Agents.alice, Agents.bob, Agents.tina], senderPollInterval: 0.05, eventInterval: 0.1),
        config: EngineConfig = EngineConfig(), sender: (any MessageSender)? = nil, path: String? = nil, clock: TestClock = TestClock(),
        program: Program = Shipped.program, lookupClient: (any HTTPLookupClient)? = nil
    ) throws {
        file = path == nil ? TemporaryDatabase(prefix: "server") : nil
        self.path = path ?? file!.path
        store = try SQLiteStore(path: self.path)
        self.clock = clock
        let capture = logs
        var logger = Logger(label: "test") { _ in CaptureHandler(capture: capture) }
        logger.logLevel = .trace
        engine = Engine(program: program, classifier: nil, store: store, config: config, clock: { clock.now }, lookupClient: lookupClient)
        server = SwitchboardServer(engine: engine, settings: settings, sender: sender, logger: logger)
    }

    /// Runs `body` against the server listening on 127.0.0.1.
    func live<T: Sendable>(idleTimeout: Duration = .seconds(30), _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await server.application(host: "127.0.0.1", port: 0, idleTimeout: idleTimeout).test(.live, body)
    }

    func count(_ sql: String) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}

extension TestClientProtocol {
    /// A form-encoded POST.
    func form(_ uri: String, _ pairs: [(String, String)], headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: FormEncoding.encode(pairs)))
    }

    /// A JSON POST.
    func json(_ uri: String, _ text: String, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: text))
    }

    /// A GET with an agent token.
    func get(_ uri: String, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .get, headers: headers)
    }

    /// A Twilio inbound webhook.
    func twilio(from: String = "+12025550101", body: String, sid: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await form("/webhooks/twilio", [("MessageSid", sid), ("AccountSid", "ACtest"), ("From", from), ("To", "+18005550199"), ("Body", body), ("NumMedia", "0")], headers: headers)
    }
}

extension TestResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
}

/// Form encoding for the tests (space as %20, everything but unreserved characters escaped).
enum FormEncoding {
    static func encode(_ pairs: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }
}

/// Polls until `condition` holds or the time runs out. The default is generous: a passing check
/// returns at once, and on a loaded CI machine (the whole suite in parallel on 2 cores) a step that
/// takes milliseconds alone has been seen to take tens of times longer.
func eventually(_ seconds: Double = 20, _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}
