import Foundation
import Hummingbird

/// Bearer-token authentication for the agent API: the token's SHA-256 is compared (in constant
/// time) with each configured agent's hash. 401 without a valid token.
struct AgentAuthMiddleware: RouterMiddleware {
    typealias Context = SwitchboardContext
    let agents: [AgentAccount]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        guard let agent = Self.agent(for: Self.token(in: request), among: agents) else {
            throw APIError(.unauthorized, "a valid agent token is required (Authorization: Bearer …)")
        }
        context.agent = agent
        context.logger[metadataKey: "agent"] = .string(agent.name)
        return try await next(request, context)
    }

    /// The bearer token from `Authorization`, or (for EventSource, which cannot set headers) the
    /// `access_token` query parameter.
    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingCharacters(in: .whitespaces) }
            return nil
        }
        // Only the event stream: elsewhere a token in the URL would end up in proxies' logs.
        guard request.uri.path == "/v1/events" else { return nil }
        return request.uri.queryParameters.get("access_token")
    }

    static func agent(for token: String?, among agents: [AgentAccount]) -> AgentAccount? {
        guard let token, !token.isEmpty else { return nil }
        let hash = Array(AgentAccount.hash(token: token).utf8)
        var found: AgentAccount?
        for agent in agents where constantTimeEqual(hash, Array(agent.tokenSHA256.utf8)) { found = agent }
        return found
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
