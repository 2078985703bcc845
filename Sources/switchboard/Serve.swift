import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SwitchboardEngine
import SwitchboardHTTP

/// `switchboard serve`: the webhook, the APIs and the agent console.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server: Twilio webhooks, the JSON and agent APIs, the console, metrics.",
        discussion: """
            Set TWILIO_AUTH_TOKEN to require valid X-Twilio-Signature headers on webhooks (and to send
            through Twilio with 'sender: twilio'). Agents and their token hashes are in the config file.
            SIGINT or SIGTERM stops it gracefully: requests in flight finish, the database closes.
            """
    )

    @OptionGroup var options: FlowOptions
    @OptionGroup var classifierOptions: ClassifierOptions
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port.") var port: Int = 8080
    @Option(help: "The SQLite database file.") var db: String = "switchboard.sqlite"
    @Option(help: "Settings (YAML): engine texts, quiet hours, agents, sender.") var config: String = "switchboard.yaml"
    @Option(help: "The public base URL Twilio calls (for signatures behind a proxy), e.g. https://sms.example.com.") var publicURL: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port (0–65535)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error") }
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                throw ValidationError("--public-url '\(publicURL)' must be an http(s) URL such as https://sms.example.com")
            }
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "switchboard")
        let (program, _) = try options.loadProgram(settings: config)
        let classifier = try classifierOptions.load()
        var engineOptions = EngineOptions()
        engineOptions.db = db
        engineOptions.config = config
        let lookups = HTTPJSONLookupClient(logger: logger)
        let (engine, store) = try engineOptions.makeEngineAndStore(program: program, classifier: classifier, lookupClient: lookups)
        let file = try ServerConfigFile.load(path: config)
        if let problem = ServerConfigFile.unknownAgentQueues(file, path: config, known: Set(program.queues.keys)).first {
            throw problem
        }
        let environment = ProcessInfo.processInfo.environment
        let authToken = environment["TWILIO_AUTH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        var publicURL = publicURL
        while publicURL?.hasSuffix("/") == true { publicURL?.removeLast() }
        var settings = ServerSettings(twilioAuthToken: authToken, publicURL: publicURL, agents: file.agents, apiTokenSHA256: file.apiTokenSHA256)
        if file.sender == "twilio" {
            guard let sid = file.twilio["account_sid"], let authToken else {
                throw ValidationError("\(config): 'sender: twilio' needs twilio.account_sid and TWILIO_AUTH_TOKEN in the environment")
            }
            guard file.twilio["from"] != nil || file.twilio["messaging_service_sid"] != nil else {
                throw ValidationError("\(config): 'sender: twilio' needs twilio.from or twilio.messaging_service_sid")
            }
            settings.sender = .twilio(TwilioAccount(
                accountSID: sid, authToken: authToken, from: file.twilio["from"], messagingServiceSID: file.twilio["messaging_service_sid"],
                baseURL: file.twilio["base_url"] ?? "https://api.twilio.com",
                statusCallback: file.twilio["status_callback"] ?? publicURL.map { $0 + "/webhooks/twilio/status" }))
        }
        let server = SwitchboardServer(engine: engine, settings: settings, logger: logger)
        logger.info("starting", metadata: [
            "address": .string("http://\(host):\(port)"), "flows": .string(options.flows), "db": .string(db),
            "signature_check": .stringConvertible(authToken != nil), "agents": .stringConvertible(file.agents.count), "sender": .string(file.sender),
        ])
        if authToken == nil { logger.warning("TWILIO_AUTH_TOKEN is not set: webhook signatures are not checked") }
        if file.apiTokenSHA256 == nil && !["127.0.0.1", "localhost", "::1"].contains(host) {
            logger.warning("no api_token_sha256 in the config: /v1/messages and /v1/outbound are open to anyone who can reach \(host)")
        } else if file.apiTokenSHA256 == nil, let publicURL {
            // Behind a proxy the loopback address says nothing about who can reach the API.
            logger.warning("no api_token_sha256 in the config: /v1/messages and /v1/outbound are open to anyone your proxy at \(publicURL) lets through")
        }
        if file.agents.isEmpty { logger.notice("no agents in \(config): the agent API and console refuse every token") }
        let host = host, port = port
        try await server.application(host: host, port: port, onServerRunning: { channel in
            let bound = channel.localAddress?.port ?? port
            logger.info("listening", metadata: ["host": .string(host), "port": .stringConvertible(bound), "console": .string("http://\(host):\(bound)/console")])
        }).runService()
        try store.close()
        logger.info("stopped", metadata: ["db": .string(db)])
    }
}

/// `switchboard agent-token`: a new random agent token and the hash to put in the config.
struct AgentToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-token",
        abstract: "Print a new agent token and the token_sha256 line for switchboard.yaml (only the hash is stored)."
    )

    func run() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "sbt_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        print("token: \(token)")
        print("token_sha256: \(AgentAccount.hash(token: token))")
    }
}
