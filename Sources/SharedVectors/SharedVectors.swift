import Foundation

/// The machine-checked test vectors in `shared/vectors/` beside the repository
/// (`/work/shared/vectors` next to `/work/main`), decoded with `JSONDecoder`, which keeps every
/// scalar as written (NFD bodies stay NFD, a leading U+FEFF stays).
public enum SharedVectors {
    /// `<package root>/../shared/vectors`, found from this source file.
    public static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SharedVectors
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()  // its parent
        .appendingPathComponent("shared/vectors")
        .standardizedFileURL

    /// Decodes `name` (e.g. `sms-segments.json`) as `type`.
    /// - Throws: ``Missing`` when the file is not there (the tests fail, they do not skip), or the
    ///   decoder's error.
    public static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }

    /// A vectors file that is not where it should be.
    public struct Missing: Error, CustomStringConvertible {
        /// Where it was looked for.
        public var path: String

        /// What is missing and where it is expected.
        public var description: String {
            "test vectors not found at \(path): shared/vectors/ is expected in the directory that contains the package root "
                + "(e.g. /work/shared next to /work/main)"
        }
    }
}
