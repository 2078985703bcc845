import Foundation
import Hummingbird
import NIOCore
import SwitchboardEngine

/// `GET /metrics` (Prometheus text) and `GET /healthz` (the database answers).
struct OperationsRoutes {
    let engine: Engine
    let metrics: SwitchboardMetrics

    func add(to router: Router<SwitchboardContext>) {
        router.get("/metrics") { _, context in
            let stats: EngineStats?
            do {
                stats = try engine.stats()
            } catch {
                context.logger.error("metrics: the database did not answer")
                stats = nil
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.render(stats: stats, queues: engine.program.queues.keys.sorted()))))
        }
        // Load balancers often check with HEAD.
        router.head("/healthz") { _, _ in
            (try? engine.queuedOutboundCount()) == nil ? Response(status: .serviceUnavailable) : Response(status: .ok)
        }
        router.get("/healthz") { _, _ in
            // Cheap at any database size: load balancers ask often.
            do {
                return JSONBody.response(["status": "ok", "queued_outbound": try engine.queuedOutboundCount()])
            } catch {
                return JSONBody.response(["status": "unavailable", "error": "the database did not answer"], status: .serviceUnavailable)
            }
        }
    }
}
