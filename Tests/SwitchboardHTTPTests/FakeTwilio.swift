import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardHTTP

/// A local stand-in for Twilio's Messages API speaking its request and response format: form
/// body, Basic auth (`ACfake:fake-token`), 201 with the message resource, or Twilio's error
/// document. It can fail the first requests with 500 and refuse numbers with error 21610.
final class FakeTwilio: @unchecked Sendable {
    // @unchecked: mutable state only under `lock`.
    struct Sent: Sendable {
        var to: String
        var from: String
        var body: String
        var sid: String
    }

    /// A well-formed account SID (AC + 32 hex digits).
    static let accountSID = "AC" + String(repeating: "f", count: 32)

    /// The account that sends through the fake at `baseURL`, from +18005550199.
    static func account(baseURL: String, timeout: TimeInterval = 10) -> TwilioAccount {
        TwilioAccount(accountSID: accountSID, authToken: "fake-token", from: "+18005550199", baseURL: baseURL, timeout: timeout)
    }

    private let lock = NSLock()
    private var _sent: [Sent] = []
    private var _requests = 0
    private var failuresLeft: Int
    private var hangsLeft: Int
    private let unsubscribed: Set<String>
    private let invalid: Set<String>

    /// - Parameters:
    ///   - failFirst: Answer the first requests with 500.
    ///   - hangFirst: Read the first requests and answer only after 3 s (a timeout after Twilio got the text).
    ///   - unsubscribed: Numbers answered with error 21610.
    ///   - invalid: Numbers answered with error 21211, whose message quotes the number, as Twilio's does.
    init(failFirst: Int = 0, hangFirst: Int = 0, unsubscribed: Set<String> = [], invalid: Set<String> = []) {
        failuresLeft = failFirst
        hangsLeft = hangFirst
        self.unsubscribed = unsubscribed
        self.invalid = invalid
    }

    var sent: [Sent] { lock.withLock { _sent } }
    var requests: Int { lock.withLock { _requests } }

    /// Runs the fake on 127.0.0.1 while `body` runs; `body` gets its base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/2010-04-01/Accounts/:account/Messages.json") { request, context -> Response in
            try await self.create(request, context: context)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }

    private func create(_ request: Request, context: BasicRequestContext) async throws -> Response {
        lock.withLock { _requests += 1 }
        let expected = "Basic " + Data("\(Self.accountSID):fake-token".utf8).base64EncodedString()
        guard request.headers[.authorization] == expected else {
            return Self.error(status: .unauthorized, code: 20003, message: "Authenticate")
        }
        guard context.parameters.get("account") == Self.accountSID else { return Self.error(status: .notFound, code: 20404, message: "The requested resource was not found") }
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.error(status: .badRequest, code: 21000, message: "Bad content type")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 16)
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let fail = lock.withLock { () -> Bool in
            if failuresLeft > 0 { failuresLeft -= 1; return true }
            return false
        }
        if fail { return Self.error(status: .internalServerError, code: 20500, message: "Internal Server Error") }
        let hang = lock.withLock { () -> Bool in
            if hangsLeft > 0 { hangsLeft -= 1; return true }
            return false
        }
        if hang { try await Task.sleep(for: .seconds(3)) }
        guard let to = fields["To"], let body = fields["Body"], let from = fields["From"] ?? fields["MessagingServiceSid"] else {
            return Self.error(status: .badRequest, code: 21604, message: "A 'To' phone number is required.")
        }
        if invalid.contains(to) {
            return Self.error(status: .badRequest, code: 21211, message: "The 'To' number \(to) is not a valid phone number.")
        }
        if unsubscribed.contains(to) {
            return Self.error(status: .badRequest, code: 21610, message: "Attempt to send to unsubscribed recipient")
        }
        let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        lock.withLock { _sent.append(Sent(to: to, from: from, body: body, sid: sid)) }
        let resource: [String: Any] = [
            "account_sid": Self.accountSID, "api_version": "2010-04-01", "body": body, "date_created": "Mon, 23 Nov 2026 08:00:00 +0000",
            "direction": "outbound-api", "error_code": NSNull(), "error_message": NSNull(), "from": from, "num_media": "0", "num_segments": "1",
            "price": NSNull(), "price_unit": "USD", "sid": sid, "status": "queued", "to": to,
            "uri": "/2010-04-01/Accounts/\(Self.accountSID)/Messages/\(sid).json",
        ]
        return Self.json(resource, status: .created)
    }

    private static func error(status: HTTPResponse.Status, code: Int, message: String) -> Response {
        json(["code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors/\(code)", "status": Int(status.code)], status: status)
    }

    private static func json(_ object: [String: Any], status: HTTPResponse.Status) -> Response {
        let data = try! JSONSerialization.data(withJSONObject: object)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
