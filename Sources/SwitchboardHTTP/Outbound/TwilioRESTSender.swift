import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SwitchboardEngine
import TwilioWire

/// Sends through Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form
/// body, Basic auth). 429, 5xx and network errors are retried; other 4xx are permanent, and error
/// 21610 means the number unsubscribed at the carrier.
public struct TwilioRESTSender: MessageSender {
    let account: TwilioAccount
    let client: HTTPClient
    let timeout: TimeAmount
    let logger: Logger?

    /// Creates a sender.
    /// - Parameters:
    ///   - account: Credentials, sender and base URL.
    ///   - client: The HTTP client (shared; the caller shuts it down).
    ///   - timeout: Per request.
    ///   - logger: For Twilio's error texts, at debug only (they can quote the number).
    public init(account: TwilioAccount, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10), logger: Logger? = nil) {
        self.account = account
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    /// Whether an error happened before a connection existed (so the request was never sent).
    static func neverConnected(_ error: any Error) -> Bool {
        switch error {
        case let error as HTTPClientError:
            return error == .connectTimeout || error == .socksHandshakeTimeout || error == .tlsHandshakeTimeout
        case is NIOConnectionError:
            return true
        case let error as IOError:
            return [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode)
        case let error as ChannelError:
            if case .connectTimeout = error { return true }
            return false
        default:
            return false
        }
    }

    /// Sends one text.
    public func send(_ item: OutboxItem) async -> SendOutcome {
        let sender: OutgoingMessage.Sender = account.messagingServiceSID.map { .messagingService($0) } ?? .number(account.from ?? "")
        let message = OutgoingMessage(to: item.phone, sender: sender, body: item.body, statusCallback: account.statusCallback)
        let prepared: RESTRequest
        do {
            prepared = try TwilioREST.createMessageRequest(message, accountSid: account.accountSID, authToken: account.authToken, baseURL: account.baseURL)
        } catch {
            return .failed(error: "\(error)")
        }
        var request = HTTPClientRequest(url: prepared.url)
        request.method = .POST
        for (name, value) in prepared.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: prepared.body))
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            // Retry only when the request cannot have reached Twilio; after that the text may
            // exist, and sending it again would text the customer twice.
            if Self.neverConnected(error) { return .retry(error: "could not connect (\(type(of: error)))", after: 0) }
            return .failed(error: "no answer from Twilio (\(type(of: error))); the text may have been sent, so it is not resent")
        }
        let retryAfter = response.headers.first(name: "Retry-After").flatMap(TimeInterval.init) ?? 0
        let result: CreateMessageResult
        do {
            result = try TwilioREST.parseCreateMessageResponse(status: Int(response.status.code), body: body.readableBytesView)
        } catch {
            // A 2xx without a sid: the message may exist; never send it again.
            return .failed(error: "\(error)")
        }
        switch result {
        case .accepted(let sid, _):
            return .sent(providerID: sid)
        case .rejected(let code, let message, let status):
            // Twilio's message can quote the phone number: only the status and code are kept.
            let description = "Twilio HTTP \(status)\(code.map { " error \($0)" } ?? "")"
            logger?.debug("twilio rejected a text", metadata: ["message": .string(message)])
            if result.isUnsubscribed { return .unsubscribed(error: description) }
            return result.isPermanent ? .failed(error: description) : .retry(error: description, after: retryAfter)
        }
    }
}
