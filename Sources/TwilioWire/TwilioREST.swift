#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Pure helpers for Twilio's Messages API: build the request, read the response. Sending is done
/// elsewhere, by whatever HTTP client the caller owns.
///
/// ```swift
/// let request = try TwilioREST.createMessageRequest(
///     OutgoingMessage(to: "+14155550100", sender: .messagingService("MG…"), body: "Hi!"),
///     accountSid: accountSid,
///     authToken: authToken
/// )
/// let (status, body) = try await http.send(request)
/// switch try TwilioREST.parseCreateMessageResponse(status: status, body: body) {
/// case .accepted(let sid, _): record(sid)
/// case let result where result.isUnsubscribed: markOptedOut()
/// case let result: result.isPermanent ? fail() : retryLater()
/// }
/// ```
public enum TwilioREST {
    /// Twilio's API host.
    public static let defaultBaseURL = "https://api.twilio.com"

    /// Builds `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` with the message's form
    /// fields, HTTP Basic authentication and `Accept: application/json`.
    /// - Parameters:
    ///   - message: What to send.
    ///   - accountSid: The account (`AC` followed by 32 hex digits).
    ///   - authToken: The account's auth token.
    ///   - baseURL: The API's scheme and host (a trailing `/` is ignored); Twilio's by default.
    /// - Returns: The request.
    /// - Throws: ``TwilioWireError`` with code ``TwilioWireError/Code/invalidField`` naming
    ///   `AccountSid` if it is not `AC` + 32 hex digits (it becomes part of the URL path).
    public static func createMessageRequest(
        _ message: OutgoingMessage,
        accountSid: String,
        authToken: String,
        baseURL: String = defaultBaseURL
    ) throws(TwilioWireError) -> RESTRequest {
        guard isAccountSid(accountSid) else {
            throw .invalid("AccountSid", "expected 'AC' followed by 32 hex digits")
        }
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base.removeLast() }
        return RESTRequest(
            method: "POST",
            url: "\(base)/2010-04-01/Accounts/\(accountSid)/Messages.json",
            headers: [
                "Authorization": basicAuthorization(accountSid: accountSid, authToken: authToken),
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            ],
            body: Array(message.form.encoded().utf8)
        )
    }

    /// The `Authorization` header value for HTTP Basic authentication.
    /// - Parameters:
    ///   - accountSid: The user name: the account SID (or an API key SID).
    ///   - authToken: The password: the auth token (or the API key's secret).
    /// - Returns: `Basic ` followed by base64 of `accountSid:authToken`.
    public static func basicAuthorization(accountSid: String, authToken: String) -> String {
        "Basic " + Data("\(accountSid):\(authToken)".utf8).base64EncodedString()
    }

    /// Reads Twilio's answer to a create-message request.
    ///
    /// A 2xx body is the Message resource (`{"sid": "SM…", "status": "queued", …}`); any other
    /// status carries Twilio's error (`{"code": 21610, "message": "…", "more_info": "…",
    /// "status": 400}`). A non-2xx body that is not Twilio JSON (a proxy's HTML page, an empty
    /// body) still gives ``CreateMessageResult/rejected(code:message:status:)``, with no code.
    ///
    /// - Parameters:
    ///   - status: The HTTP status code.
    ///   - body: The response body.
    /// - Returns: ``CreateMessageResult/accepted(sid:status:)`` or
    ///   ``CreateMessageResult/rejected(code:message:status:)``.
    /// - Throws: ``TwilioWireError`` with code ``TwilioWireError/Code/unexpectedResponse`` when a
    ///   2xx body has no message `sid`. The message may have been created: do not blindly resend.
    public static func parseCreateMessageResponse<Body: Sequence>(
        status: Int,
        body: Body
    ) throws(TwilioWireError) -> CreateMessageResult where Body.Element == UInt8 {
        let data = Data(body)
        if (200..<300).contains(status) {
            guard let message = try? JSONDecoder().decode(MessageResource.self, from: data),
                let sid = message.sid, !sid.isEmpty
            else {
                throw TwilioWireError(
                    code: .unexpectedResponse,
                    field: "sid",
                    message: "HTTP \(status) response without a message 'sid'; the message may have been created"
                )
            }
            return .accepted(sid: sid, status: message.status.flatMap(MessageStatus.init(rawValue:)))
        }
        let error = try? JSONDecoder().decode(ErrorResource.self, from: data)
        let message = error?.message.flatMap { $0.isEmpty ? nil : $0 } ?? "HTTP \(status) without a Twilio error body"
        return .rejected(code: error?.code, message: message, status: status)
    }

    /// `AC` followed by 32 hex digits.
    static func isAccountSid(_ sid: String) -> Bool {
        let bytes = Array(sid.utf8)
        guard bytes.count == 34, bytes[0] == UInt8(ascii: "A"), bytes[1] == UInt8(ascii: "C") else { return false }
        return bytes[2...].allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
        }
    }

    /// The fields of a Message resource this library reads.
    private struct MessageResource: Decodable {
        var sid: String?
        var status: String?
    }

    /// Twilio's REST error body.
    private struct ErrorResource: Decodable {
        var code: Int?
        var message: String?
    }
}
