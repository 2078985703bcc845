import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SwitchboardEngine

/// Builds the HTTP application: webhooks, the JSON and agent APIs, the console, metrics and the
/// background sender, around one engine.
///
/// ```swift
/// let server = SwitchboardServer(engine: engine, settings: ServerSettings(), logger: logger)
/// try await server.application(host: "127.0.0.1", port: 8080).runService()
/// ```
public struct SwitchboardServer: Sendable {
    /// The engine every route calls.
    public let engine: Engine
    /// Settings.
    public let settings: ServerSettings
    /// Metrics (per server).
    public let metrics: SwitchboardMetrics
    /// Change notifications for the console and the sender.
    public let events: EventHub
    /// The background sender.
    public let outbox: OutboxSender
    /// The logger.
    public let logger: Logger

    /// Creates a server around an engine.
    /// - Parameters:
    ///   - engine: The engine.
    ///   - settings: Settings.
    ///   - sender: Where texts go (default: by `settings.sender`).
    ///   - logger: The logger.
    public init(engine: Engine, settings: ServerSettings, sender: (any MessageSender)? = nil, logger: Logger) {
        self.engine = engine
        self.settings = settings
        self.logger = logger
        metrics = SwitchboardMetrics()
        events = EventHub()
        let chosen: any MessageSender
        if let sender {
            chosen = sender
        } else {
            switch settings.sender {
            case .log: chosen = LogSender(logger: logger)
            case .twilio(let account):
                chosen = TwilioRESTSender(account: account, timeout: .milliseconds(Int64(account.timeout * 1000)), logger: logger)
            }
        }
        outbox = OutboxSender(engine: engine, sender: chosen, settings: settings, metrics: metrics, events: events, logger: logger)
    }

    /// The router with every route.
    public func router() -> Router<SwitchboardContext> {
        let router = Router(context: SwitchboardContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        OperationsRoutes(engine: engine, metrics: metrics).add(to: router)
        TwilioWebhookRoutes(engine: engine, settings: settings, metrics: metrics, events: events).add(to: router)
        MessageRoutes(engine: engine, settings: settings, metrics: metrics, events: events).add(to: router)
        ConsoleRoutes().add(to: router)
        AgentRoutes(engine: engine, settings: settings, metrics: metrics, events: events).add(to: router)
        return router
    }

    /// The application, with the sender as a service.
    /// - Parameters:
    ///   - host: The address to bind.
    ///   - port: The port (0: any free port).
    ///   - idleTimeout: Connections idle this long are closed (slow clients never hold a handler).
    ///   - onServerRunning: Called with the bound channel (tests read the port from it).
    public func application(
        host: String, port: Int, idleTimeout: Duration = .seconds(30),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(idleTimeout.nanoseconds)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "Switchboard"),
            services: [outbox],
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
