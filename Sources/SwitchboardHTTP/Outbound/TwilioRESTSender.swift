import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardEngine
import TwilioWire

/// Sends through Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form
/// body, Basic auth). 429, 5xx and network errors are retried; other 4xx are permanent, and error
/// 21610 means the number unsubscribed at the carrier.
public struct TwilioRESTSender: MessageSender {
    let account: TwilioAccount
    let client: HTTPClient
    let timeout: TimeAmount

    /// Creates a sender.
    /// - Parameters:
    ///   - account: Credentials, sender and base URL.
    ///   - client: The HTTP client (shared; the caller shuts it down).
    ///   - timeout: Per request.
    public init(account: TwilioAccount, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.account = account
        self.client = client
        self.timeout = timeout
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
            return .retry(error: "network: \(type(of: error))", after: 0)
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
            let description = "Twilio HTTP \(status)\(code.map { " error \($0)" } ?? ""): \(message)"
            if result.isUnsubscribed { return .unsubscribed(error: description) }
            return result.isPermanent ? .failed(error: description) : .retry(error: description, after: retryAfter)
        }
    }
}
