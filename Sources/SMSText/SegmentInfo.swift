/// How a text is encoded and split into billable SMS segments.
///
/// Produced by ``SMSSegmenter/measure(_:)``.
public struct SegmentInfo: Sendable, Equatable {
    /// The encoding the whole message is sent in.
    public var encoding: SMSEncoding
    /// Total size: septets for GSM-7 (an extension-table character counts 2), UTF-16 code units for UCS-2.
    public var units: Int
    /// Number of SMS segments sent and billed; the empty text counts as 1 segment.
    public var segments: Int
    /// Units (septets or UTF-16 code units) in each segment, excluding the user data header.
    public var partLengths: [Int]
    /// The text carried by each segment; concatenated, they give back the original scalars.
    public var parts: [String]
    /// The scalars that forced UCS-2, each listed once, in order of first appearance; empty for GSM-7.
    public var nonGSMScalars: [Unicode.Scalar]

    /// Creates a segment description from its parts.
    ///
    /// - Parameters:
    ///   - encoding: The encoding of the whole message.
    ///   - units: Total septets (GSM-7) or UTF-16 code units (UCS-2).
    ///   - segments: Number of segments.
    ///   - partLengths: Units in each segment.
    ///   - parts: Text of each segment.
    ///   - nonGSMScalars: Scalars that forced UCS-2, unique, in first-seen order.
    public init(
        encoding: SMSEncoding,
        units: Int,
        segments: Int,
        partLengths: [Int],
        parts: [String],
        nonGSMScalars: [Unicode.Scalar]
    ) {
        self.encoding = encoding
        self.units = units
        self.segments = segments
        self.partLengths = partLengths
        self.parts = parts
        self.nonGSMScalars = nonGSMScalars
    }
}
