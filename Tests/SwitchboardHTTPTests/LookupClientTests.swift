import FlowLanguage
import FlowRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SwitchboardEngine
import SwitchboardHTTP
import Testing

@Suite("HTTP lookups against a real local server")
struct LookupClientTests {
    /// A flow that collects an order number and asks an HTTP endpoint about it.
    static func program(port: Int, timeout: String = "2s") throws -> Program {
        let yaml = """
            flow: main
            start: ask
            nodes:
              ask:
                kind: collect
                say: "Order number?"
                slot: order
                pattern: '(\\d{4})'
                reprompt: "Four digits, please."
                on_fail: down
                next: find
              find:
                kind: lookup
                url: "http://127.0.0.1:\(port)/orders/{{order}}?phone={{contact.phone}}"
                timeout: \(timeout)
                map:
                  order.status: status
                  order.eta: "delivery.eta|soon"
                found: tell
                not_found: unknown
                failed: down
              tell:
                kind: end
                say: "Order {{order}}: {{order.status}}, arriving {{order.eta}}."
              unknown:
                kind: end
                say: "No order {{order}}."
              down:
                kind: end
                say: "Lookups are down, sorry."
            """
        let result = FlowCompiler.compile(flows: [SourceFile(path: "main.yaml", text: yaml)], tables: [])
        return try #require(result.program, "\(result.diagnostics.map(\.message))")
    }

    /// Runs a local order service while `body` runs; it records the paths it was asked for.
    static func withOrderService(_ body: @Sendable (Int, Requests) async throws -> Void) async throws {
        let requests = Requests()
        let router = Router()
        router.get("/orders/:id") { request, context -> Response in
            requests.append(request.uri.description, accept: request.headers[.accept])
            switch context.parameters.get("id") {
            case "1234":
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"shipped","delivery":{"eta":"Friday"}}"#)))
            case "5555":
                try await Task.sleep(for: .seconds(4))  // well past the 2 s timeout
                return Response(status: .ok)
            case "5000":
                return Response(status: .internalServerError)
            default:
                return Response(status: .notFound)
            }
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await body(client.port!, requests)
        }
    }

    final class Requests: @unchecked Sendable {
        // @unchecked: guarded by `lock`.
        private let lock = NSLock()
        private var items: [(String, String?)] = []
        func append(_ path: String, accept: String?) { lock.withLock { items.append((path, accept)) } }
        var all: [(path: String, accept: String?)] { lock.withLock { items.map { ($0.0, $0.1) } } }
    }

    @Test("found, not found, a 5xx and a timeout take their edges; the slots come from the JSON")
    func lookupEdges() async throws {
        try await Self.withOrderService { port, requests in
            let logger = Logger(label: "lookup-test")
            // A generous timeout: a loaded CI machine can be slow to open the first connection.
            let fixture = try ServerFixture(program: Self.program(port: port, timeout: "2s"), lookupClient: HTTPJSONLookupClient(logger: logger))
            try await fixture.live { client in
                func say(_ from: String, _ text: String, _ id: String) async throws -> [String] {
                    let response = try await client.json("/v1/messages", #"{"from":"\#(from)","body":"\#(text)","id":"\#(id)"}"#)
                    return response.object["replies"] as? [String] ?? []
                }
                #expect(try await say("+12025550101", "hi", "1") == ["Order number?"])
                #expect(try await say("+12025550101", "it is 1234", "2") == ["Order 1234: shipped, arriving Friday."])
                _ = try await say("+12025550102", "hi", "3")
                #expect(try await say("+12025550102", "9999", "4") == ["No order 9999."])
                _ = try await say("+12025550103", "hi", "5")
                #expect(try await say("+12025550103", "5000", "6") == ["Lookups are down, sorry."])
                _ = try await say("+12025550104", "hi", "7")
                #expect(try await say("+12025550104", "5555", "8") == ["Lookups are down, sorry."])
                // A provider retry of a handled message calls nothing.
                #expect(try await say("+12025550101", "it is 1234", "2") == ["Order 1234: shipped, arriving Friday."])
            }
            let paths = requests.all.map(\.path)
            #expect(paths.filter { $0.hasPrefix("/orders/1234") } == ["/orders/1234?phone=%2B12025550101"])
            #expect(paths.count == 4)
            #expect(requests.all.allSatisfy { $0.accept == "application/json" })
        }
    }
}
