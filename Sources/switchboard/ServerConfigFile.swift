import ArgumentParser
import FlowLanguage
import Foundation
import SwitchboardEngine
import SwitchboardHTTP
import Yams

/// The server's part of `switchboard.yaml`: agents, the sender and quiet hours. Errors name
/// file:line:col and the field.
enum ServerConfigFile {
    static let keys = ["agents", "sender", "twilio", "api_token_sha256"]

    struct Loaded {
        var agents: [AgentAccount] = []
        var sender = "log"
        var twilio: [String: String] = [:]
        var apiTokenSHA256: String?
        /// Where each agent is declared, by name.
        var agentPlaces: [String: SourceLocation] = [:]
    }

    /// Agents' queues that the flows (and the settings' own `queues:`) do not declare: such an
    /// agent would silently see nothing there.
    /// - Returns: One mistake per such queue, at the agent.
    static func unknownAgentQueues(_ loaded: Loaded, path: String, known: Set<String>) -> [SettingsError] {
        loaded.agents.flatMap { agent in
            agent.queues.filter { !known.contains($0) }.map { queue in
                let problem = "agent '\(agent.name)' has queue '\(queue)', which no flow or setting declares (queues: \(known.sorted().joined(separator: ", ")))"
                return loaded.agentPlaces[agent.name].map { SettingsError($0, problem) } ?? SettingsError(file: path, problem)
            }
        }
    }

    /// Reads the server's settings.
    /// - Parameters:
    ///   - path: The settings file.
    ///   - collect: When given, each setting's mistake is handed to it and the rest are still read
    ///     (for `check`); otherwise the first mistake is thrown.
    /// - Returns: What the file sets.
    static func load(path: String, collecting collect: ((SettingsError) -> Void)? = nil) throws -> Loaded {
        var loaded = Loaded()
        guard FileManager.default.fileExists(atPath: path) else { return loaded }
        let text = try CorpusFiles.read(path)
        guard let root = try? Yams.compose(yaml: text), case .mapping(let mapping) = root else { return loaded }
        for (keyNode, value) in mapping {
            do {
                let at = SettingsError.location(path, keyNode)
                switch keyNode.string {
                case "agents":
                    loaded.agents = try agents(value, path: path, at: at)
                    if case .sequence(let items) = value {
                        for (agent, item) in zip(loaded.agents, items) {
                            loaded.agentPlaces[agent.name] = SettingsError.location(path, item)
                        }
                    }
                case "api_token_sha256":
                    guard let hash = value.string?.lowercased(), hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
                        throw SettingsError(at, "'api_token_sha256' must be 64 hex digits (run 'switchboard agent-token')")
                    }
                    loaded.apiTokenSHA256 = hash
                case "sender":
                    guard let name = value.string, ["log", "twilio"].contains(name) else { throw SettingsError(at, "'sender' must be log or twilio") }
                    loaded.sender = name
                case "twilio":
                    guard case .mapping(let fields) = value else { throw SettingsError(at, "'twilio' must be a mapping") }
                    let allowed = ["account_sid", "from", "messaging_service_sid", "base_url", "status_callback"]
                    for (field, fieldValue) in fields {
                        let name = field.string ?? ""
                        let fieldAt = SettingsError.location(path, field)
                        guard allowed.contains(name) else {
                            throw SettingsError(fieldAt, "unknown field 'twilio.\(name)' (fields: \(allowed.joined(separator: ", ")); the auth token comes from TWILIO_AUTH_TOKEN)")
                        }
                        guard let text = fieldValue.string else { throw SettingsError(fieldAt, "'twilio.\(name)' must be a text") }
                        loaded.twilio[name] = text
                    }
                default: continue
                }
            } catch let error as SettingsError {
                guard let collect else { throw error }
                collect(error)
            }
        }
        return loaded
    }

    private static func agents(_ node: Yams.Node, path: String, at: SourceLocation) throws -> [AgentAccount] {
        guard case .sequence(let items) = node else { throw SettingsError(at, "'agents' must be a list") }
        var seen: Set<String> = []
        return try items.enumerated().map { index, item in
            let itemAt = SettingsError.location(path, item)
            guard case .mapping(let fields) = item else { throw SettingsError(itemAt, "agents[\(index)] must be a mapping") }
            func text(_ name: String) throws -> String {
                guard let value = fields[name]?.string, !value.isEmpty else { throw SettingsError(itemAt, "agents[\(index)] needs '\(name)'") }
                return value
            }
            for key in fields.keys where !["name", "display_name", "queues", "token_sha256"].contains(key.string ?? "") {
                throw SettingsError(SettingsError.location(path, key), "unknown field 'agents[\(index)].\(key.string ?? "")'")
            }
            let name = try text("name")
            guard seen.insert(name).inserted else { throw SettingsError(itemAt, "agent '\(name)' appears twice") }
            let hash = try text("token_sha256").lowercased()
            guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
                throw SettingsError(itemAt, "agents[\(index)].token_sha256 must be 64 hex digits (run 'switchboard agent-token')")
            }
            guard case .sequence(let queueNodes)? = fields["queues"], !queueNodes.isEmpty else {
                throw SettingsError(itemAt, "agents[\(index)].queues must be a non-empty list of queue names")
            }
            let queues = queueNodes.compactMap(\.string)
            return AgentAccount(name: name, displayName: fields["display_name"]?.string ?? name, queues: queues, tokenSHA256: hash)
        }
    }

    /// `quiet_hours: off` or `{start: "21:00", end: "08:00", time_zone: America/New_York}`.
    static func quietHours(_ node: Yams.Node, at: SourceLocation, path: String? = nil) throws -> QuietHours? {
        if node.string == "off" || node.bool == false { return nil }
        guard case .mapping(let fields) = node else { throw SettingsError(at, "'quiet_hours' must be off or a mapping with start, end, time_zone") }
        // A field's mistake is reported at the field's value when the file's path is known.
        func place(_ name: String) -> SourceLocation {
            guard let path, let field = fields[name], field.mark != nil else { return at }
            return SettingsError.location(path, field)
        }
        func minutes(_ name: String) throws -> Int {
            let parts = (fields[name]?.string ?? "").split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
                throw SettingsError(place(name), "'quiet_hours.\(name)' must be a time such as 21:00")
            }
            return parts[0] * 60 + parts[1]
        }
        let zoneName = fields["time_zone"]?.string ?? "America/New_York"
        guard let zone = TimeZone(identifier: zoneName) else { throw SettingsError(place("time_zone"), "'quiet_hours.time_zone' \(zoneName) is not a time zone") }
        return QuietHours(start: try minutes("start"), end: try minutes("end"), defaultTimeZone: zone)
    }
}
