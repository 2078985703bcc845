import Crypto
import Foundation

/// An agent who may use the agent API and console.
public struct AgentAccount: Sendable, Equatable {
    /// The agent's id (used in transcripts and claims).
    public var name: String
    /// A display name.
    public var displayName: String
    /// The queues the agent works.
    public var queues: [String]
    /// Lowercase hex SHA-256 of the agent's bearer token (the token itself is never stored).
    public var tokenSHA256: String

    /// Creates an account.
    public init(name: String, displayName: String, queues: [String], tokenSHA256: String) {
        self.name = name
        self.displayName = displayName
        self.queues = queues
        self.tokenSHA256 = tokenSHA256.lowercased()
    }

    /// Lowercase hex SHA-256 of a token, as stored in the config.
    public static func hash(token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Where proactive and agent texts go.
public enum SenderSettings: Sendable, Equatable {
    /// Log them (masked) and mark them sent: the default, for development.
    case log
    /// Twilio's Messages API.
    case twilio(TwilioAccount)
}

/// A Twilio account for sending.
public struct TwilioAccount: Sendable, Equatable {
    /// `AC…`.
    public var accountSID: String
    /// The auth token (from the environment, never from a file in git).
    public var authToken: String
    /// The sending number (E.164), unless a Messaging Service is used.
    public var from: String?
    /// `MG…`, instead of `from`.
    public var messagingServiceSID: String?
    /// API base URL (tests point it at a local fake).
    public var baseURL: String
    /// Status callback URL sent with each message (default: the public URL's status route).
    public var statusCallback: String?
    /// Seconds to wait for Twilio's answer to one request.
    public var timeout: TimeInterval

    /// Creates an account.
    public init(
        accountSID: String, authToken: String, from: String?, messagingServiceSID: String? = nil, baseURL: String = "https://api.twilio.com",
        statusCallback: String? = nil, timeout: TimeInterval = 10
    ) {
        self.timeout = timeout
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from
        self.messagingServiceSID = messagingServiceSID
        self.baseURL = baseURL
        self.statusCallback = statusCallback
    }
}

/// The HTTP side's settings.
public struct ServerSettings: Sendable {
    /// `TWILIO_AUTH_TOKEN`: when set, inbound webhooks must carry a valid `X-Twilio-Signature`.
    public var twilioAuthToken: String?
    /// The public base URL (scheme, host, port) Twilio calls, when a proxy changes them.
    public var publicURL: String?
    /// Agents and their token hashes.
    public var agents: [AgentAccount]
    /// SHA-256 (hex) of the token `/v1/messages` and `/v1/outbound` require as
    /// `Authorization: Bearer …`; nil leaves them open (fine on 127.0.0.1 only).
    public var apiTokenSHA256: String?
    /// The largest request body accepted.
    public var maxBodyBytes: Int
    /// Where outbound texts go.
    public var sender: SenderSettings
    /// First retry delay of the sender; doubles per attempt.
    public var retryBase: TimeInterval
    /// Attempts before a text fails for good.
    public var maxAttempts: Int
    /// How often the sender looks for due texts when nothing wakes it.
    public var senderPollInterval: TimeInterval
    /// How often the console's event stream checks the queues.
    public var eventInterval: TimeInterval

    /// Creates settings; defaults: no signature check, no agents, 64 KiB bodies, log sender.
    public init(
        twilioAuthToken: String? = nil, publicURL: String? = nil, agents: [AgentAccount] = [], apiTokenSHA256: String? = nil, maxBodyBytes: Int = 64 * 1024,
        sender: SenderSettings = .log, retryBase: TimeInterval = 2, maxAttempts: Int = 6, senderPollInterval: TimeInterval = 1,
        eventInterval: TimeInterval = 1
    ) {
        self.twilioAuthToken = twilioAuthToken
        self.publicURL = publicURL
        self.agents = agents
        self.apiTokenSHA256 = apiTokenSHA256?.lowercased()
        self.maxBodyBytes = maxBodyBytes
        self.sender = sender
        self.retryBase = retryBase
        self.maxAttempts = maxAttempts
        self.senderPollInterval = senderPollInterval
        self.eventInterval = eventInterval
    }
}
