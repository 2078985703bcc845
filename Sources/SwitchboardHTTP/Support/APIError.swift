import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answered as `{"error": "…"}` with a status.
public struct APIError: Error, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong, for the client (never a phone number or message text).
    public var message: String

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The JSON response.
    public var response: Response {
        JSONBody.response(["error": message], status: status)
    }
}

/// JSON responses and request bodies.
enum JSONBody {
    static func response(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes a JSON object body; errors name the position (byte offset, line and column) or the field.
    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        let bytes = Data(buffer.readableBytesView)
        if bytes.isEmpty { return [:] }
        do {
            guard let object = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
                throw APIError(.badRequest, "the body must be a JSON object")
            }
            return object
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, "malformed JSON: \(JSONPosition.describe(error, in: bytes))")
        }
    }

    /// A string field: nil when absent, an error when of another type.
    static func string(_ object: [String: Any], _ field: String) throws -> String? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw APIError(.badRequest, "field '\(field)' must be a string") }
        return text
    }

    /// A required string field.
    static func required(_ object: [String: Any], _ field: String) throws -> String {
        guard let text = try string(object, field) else { throw APIError(.badRequest, "missing field '\(field)'") }
        return text
    }
}

/// Where a JSON parse failed, from Foundation's error.
enum JSONPosition {
    static func describe(_ error: any Error, in data: Data) -> String {
        let nsError = error as NSError
        var offset = (nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int)
        if offset == nil, let text = nsError.userInfo[NSDebugDescriptionErrorKey] as? String,
           let range = text.range(of: #"(?:character|offset) (\d+)"#, options: .regularExpression) {
            offset = Int(text[range].split(separator: " ").last ?? "")
        }
        if offset == nil, (nsError.userInfo[NSDebugDescriptionErrorKey] as? String)?.contains("end of file") == true {
            offset = data.count
        }
        guard let offset else { return "unexpected content (\(nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? "parse error"))" }
        let prefix = data.prefix(offset)
        let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = offset - (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return "at byte \(offset) (line \(line), column \(column))"
    }
}
