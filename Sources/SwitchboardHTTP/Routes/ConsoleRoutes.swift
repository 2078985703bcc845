import Foundation
import Hummingbird
import NIOCore

/// The agent console: static files shipped as package resources under `/console`.
struct ConsoleRoutes {
    /// File name → content type; nothing else is served.
    private static let files: [String: String] = [
        "index.html": "text/html; charset=utf-8", "app.css": "text/css; charset=utf-8",
        "app.js": "text/javascript; charset=utf-8", "segments.js": "text/javascript; charset=utf-8",
    ]

    func add(to router: Router<SwitchboardContext>) {
        let cache = Self.load()
        router.get("/console") { _, _ in try Self.serve("index.html", from: cache) }
        router.get("/console/:file") { _, context in try Self.serve(context.parameters.require("file"), from: cache) }
    }

    private static func load() -> [String: ByteBuffer] {
        var cache: [String: ByteBuffer] = [:]
        for name in files.keys {
            let base = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
            if let url = Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Console"), let data = try? Data(contentsOf: url) {
                cache[name] = ByteBuffer(bytes: data)
            }
        }
        return cache
    }

    private static func serve(_ name: String, from cache: [String: ByteBuffer]) throws -> Response {
        guard let type = files[name], let body = cache[name] else { throw APIError(.notFound, "no console file '\(name)'") }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = "default-src 'self'; connect-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
