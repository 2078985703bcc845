/// Measures outgoing SMS text: which encoding it needs, how many units and segments it costs,
/// and how it is split into segments.
///
/// The rules follow 3GPP TS 23.038 / 23.040 and Twilio:
/// - GSM-7 if and only if every Unicode scalar is in the default alphabet or the extension table
///   (scalar values are compared, never `Character`s, so `é` and `e` + U+0301 differ);
///   otherwise the whole message is UCS-2, counted in UTF-16 code units.
/// - One message holds up to 160 septets or 70 units. A longer text is split greedily into
///   segments of at most 153 septets or 67 units; an extension character (2 septets) or a
///   surrogate pair (2 units) is never split, so a segment may hold 152 or 66.
/// - Grapheme clusters (ZWJ emoji, flags, skin tones) may be split between segments.
///
/// All functions are pure and allocation-light; ``measure(_:)`` runs on every outgoing message.
public enum SMSSegmenter {
    /// Measures `text`: its encoding, size, segment count and per-segment split.
    ///
    /// The empty string is GSM-7 with 0 units in 1 segment (as Twilio's calculator reports).
    ///
    /// - Parameter text: The message body exactly as it will be sent.
    /// - Returns: The encoding, units, segments, part lengths and texts, and the scalars (if any)
    ///   that forced UCS-2.
    public static func measure(_ text: String) -> SegmentInfo {
        let scalars = text.unicodeScalars

        var septetTotal = 0
        var nonGSMScalars: [Unicode.Scalar] = []
        var seenNonGSM: Set<UInt32> = []
        for scalar in scalars {
            let cost = GSM7Alphabet.septets(scalar.value)
            if cost == 0 {
                if seenNonGSM.insert(scalar.value).inserted {
                    nonGSMScalars.append(scalar)
                }
            } else {
                septetTotal += cost
            }
        }

        let encoding: SMSEncoding = nonGSMScalars.isEmpty ? .gsm7 : .ucs2
        let units = encoding == .gsm7 ? septetTotal : text.utf16.count

        if units <= encoding.singleMessageCapacity {
            return SegmentInfo(
                encoding: encoding,
                units: units,
                segments: 1,
                partLengths: [units],
                parts: [text],
                nonGSMScalars: nonGSMScalars
            )
        }

        let capacity = encoding.segmentCapacity
        var partLengths: [Int] = []
        var parts: [String] = []
        partLengths.reserveCapacity(units / (capacity - 1) + 1)
        parts.reserveCapacity(units / (capacity - 1) + 1)

        var partStart = scalars.startIndex
        var index = partStart
        var filled = 0
        while index != scalars.endIndex {
            let value = scalars[index].value
            let cost = encoding == .gsm7 ? GSM7Alphabet.septets(value) : (value > 0xFFFF ? 2 : 1)
            if filled + cost > capacity {
                parts.append(String(scalars[partStart..<index]))
                partLengths.append(filled)
                partStart = index
                filled = 0
            }
            filled += cost
            scalars.formIndex(after: &index)
        }
        parts.append(String(scalars[partStart..<index]))
        partLengths.append(filled)

        return SegmentInfo(
            encoding: encoding,
            units: units,
            segments: parts.count,
            partLengths: partLengths,
            parts: parts,
            nonGSMScalars: nonGSMScalars
        )
    }

    /// The GSM-7 cost of one scalar.
    ///
    /// - Parameter scalar: Any Unicode scalar.
    /// - Returns: 1 for the default alphabet, 2 for the extension table (form feed, `^ { } \ [ ~ ] |`,
    ///   `€`), or `nil` when the scalar is not GSM-7 (including ESC U+001B, which is not a text
    ///   character).
    public static func septets(for scalar: Unicode.Scalar) -> Int? {
        let cost = GSM7Alphabet.septets(scalar.value)
        return cost == 0 ? nil : cost
    }
}
