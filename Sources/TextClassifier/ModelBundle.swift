import Foundation

/// The trained file Switchboard keeps beside the corpus: the intent model and the sentiment
/// model, both carrying the hash of the corpus they were trained from.
public struct ModelBundle: Sendable {
    private static let magic: [UInt8] = Array("SBMB".utf8)
    /// The bundle format version.
    public static let formatVersion: UInt32 = 1

    /// The intent model.
    public var intents: IntentModel
    /// The sentiment model.
    public var sentiment: IntentModel

    /// Creates a bundle.
    /// - Parameters:
    ///   - intents: The intent model.
    ///   - sentiment: The sentiment model.
    public init(intents: IntentModel, sentiment: IntentModel) {
        self.intents = intents
        self.sentiment = sentiment
    }

    /// The corpus hash the bundle was trained from.
    public var corpusHash: String { intents.metadata.corpusHash }

    /// Encodes the bundle.
    /// - Returns: The file contents.
    public func encoded() -> Data {
        var data = Data(Self.magic)
        for value in [Self.formatVersion] { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        for model in [intents, sentiment] {
            let bytes = model.encoded()
            withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(bytes)
        }
        return data
    }

    /// Whether the data starts like a model file (of any version), so a stale one may be replaced
    /// while any other file is left alone.
    /// - Parameter data: A file's contents.
    /// - Returns: True when it begins with the model files' magic bytes.
    public static func looksLikeModelFile(_ data: Data) -> Bool {
        data.count >= magic.count && Array(data.prefix(magic.count)) == magic
    }

    /// Decodes a bundle.
    /// - Parameter data: Contents written by ``encoded()``.
    /// - Returns: The bundle.
    /// - Throws: ``IntentModel/FormatError`` for anything that is not a current bundle.
    public static func decode(_ data: Data) throws -> ModelBundle {
        let bytes = [UInt8](data)
        guard bytes.count >= 8, Array(bytes[0..<4]) == magic else {
            throw IntentModel.FormatError(description: "not a Switchboard model file")
        }
        let version = UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 24
        guard version == formatVersion else {
            throw IntentModel.FormatError(description: "model bundle version \(version); this build reads \(formatVersion)")
        }
        var offset = 8
        var models: [IntentModel] = []
        for _ in 0..<2 {
            guard offset + 8 <= bytes.count else { throw IntentModel.FormatError(description: "model file is truncated") }
            var length: UInt64 = 0
            for shift in 0..<8 { length |= UInt64(bytes[offset + shift]) << (8 * shift) }
            offset += 8
            guard length <= UInt64(bytes.count - offset) else { throw IntentModel.FormatError(description: "model file is truncated") }
            models.append(try IntentModel.decode(Data(bytes[offset..<offset + Int(length)])))
            offset += Int(length)
        }
        return ModelBundle(intents: models[0], sentiment: models[1])
    }
}
