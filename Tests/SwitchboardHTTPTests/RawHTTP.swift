import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain sockets for what an HTTP client library will not do: half-sent requests, clients that
/// vanish, reading a never-ending event stream.
enum RawHTTP {
    struct SocketError: Error { var message: String }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(message: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw SocketError(message: "connect") }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `marker` appears, the peer closes, or the time runs out; returns what came.
    static func read(_ fd: Int32, until marker: String?, timeout: Double) async throws -> (text: String, closed: Bool) {
        var data = Data()
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
                if let marker, String(decoding: data, as: UTF8.self).contains(marker) { break }
            } else if count == 0 {
                return (String(decoding: data, as: UTF8.self), true)
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        return (String(decoding: data, as: UTF8.self), false)
    }

    /// Sends a request and reads the (streamed) response until `marker`.
    static func readStream(port: Int, request: String, until marker: String, timeout: Double) async throws -> String {
        let fd = try connect(port: port)
        defer { close(fd) }
        send(fd, request)
        return try await read(fd, until: marker, timeout: timeout).text
    }
}
