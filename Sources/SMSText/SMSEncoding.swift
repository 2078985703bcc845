/// The character encoding an SMS is sent in.
///
/// The sender picks one encoding for the whole message: GSM-7 when every Unicode scalar is in the
/// GSM 03.38 default alphabet or its extension table, UCS-2 (in practice UTF-16) otherwise.
public enum SMSEncoding: String, Sendable, Codable, Equatable {
    /// The 3GPP TS 23.038 7-bit default alphabet; the unit is the septet.
    case gsm7 = "GSM-7"
    /// UCS-2, which handsets treat as UTF-16; the unit is the UTF-16 code unit.
    case ucs2 = "UCS-2"

    /// How many units fit in a message that is sent as one SMS: 160 septets or 70 UTF-16 units.
    public var singleMessageCapacity: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// How many units fit in one segment of a concatenated message: 153 septets or 67 UTF-16 units.
    ///
    /// This assumes the common 6-octet user data header (IEI `0x00`, 8-bit reference), as Twilio does.
    public var segmentCapacity: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }
}
