/// The dialling rules of one supported region: the narrow subset of libphonenumber's metadata that
/// ``PhoneNumbers/normalize(_:defaultRegion:)`` needs.
///
/// The rules say whether a national significant number (NSN: the digits after the country code)
/// matches the numbering plan. As in libphonenumber, "valid" means "matches the plan", not "in
/// service".
struct RegionMetadata: Sendable {
    /// ISO 3166-1 code of the region whose national format these rules read, e.g. "GB".
    let region: String
    /// The ITU country code, e.g. "44".
    let countryCode: String
    /// Lengths a valid NSN can have; shorter or longer inputs are "too short" / "too long".
    let nationalNumberLengths: ClosedRange<Int>
    /// Dialled before the NSN inside the country: "0" in most places, "1" in the NANP.
    let trunkPrefix: String
    /// Length of the carrier selection code that may follow the trunk prefix and the international
    /// prefix (Brazil: `0 21 11 9…`, `00 21 1 …`); 0 where carriers are not selected by digits.
    let carrierCodeLength: Int
    /// Dialled before a country code when calling abroad: "011" in the NANP, "00" elsewhere here.
    let internationalPrefix: String
    /// The region's pattern check for an NSN of a valid length: nil when valid, else the reason.
    let check: @Sendable (Substring) -> String?

    /// The NSN check, length first.
    /// - Returns: nil when `nsn` is valid, else the reason it is not.
    func reasonIfInvalid(_ nsn: Substring) -> String? {
        if nsn.count < nationalNumberLengths.lowerBound { return PhoneNumberError.tooShort.reason }
        if nsn.count > nationalNumberLengths.upperBound { return PhoneNumberError.tooLong.reason }
        return check(nsn)
    }

    /// The ways `digits` can hold an NSN once a trunk prefix (and carrier code) is removed, most
    /// specific first, ending with `digits` unchanged.
    ///
    /// libphonenumber also strips the trunk prefix after a country code, so `+44 020 …` parses;
    /// `(0)` is handled earlier by the scanner.
    func nationalNumberCandidates(_ digits: Substring) -> [Substring] {
        var candidates: [Substring] = []
        if digits.hasPrefix(trunkPrefix) {
            let afterTrunk = digits.dropFirst(trunkPrefix.count)
            if carrierCodeLength > 0, afterTrunk.count > carrierCodeLength, afterTrunk.first != "0" {
                candidates.append(afterTrunk.dropFirst(carrierCodeLength))
            }
            candidates.append(afterTrunk)
        }
        candidates.append(digits)
        return candidates
    }

    /// The first candidate that is a valid NSN, or an error with the reason `primary` fails.
    func validNationalNumber(
        among candidates: [Substring],
        primary: Substring
    ) throws(PhoneNumberError) -> Substring {
        if let valid = candidates.first(where: { reasonIfInvalid($0) == nil }) {
            return valid
        }
        throw PhoneNumberError(reasonIfInvalid(primary) ?? PhoneNumberError.notAPhoneNumber.reason)
    }

    /// The digits after the international prefix (and carrier code), or nil when `digits` does not
    /// start with this region's international prefix.
    func strippingInternationalPrefix(_ digits: Substring) -> Substring? {
        guard digits.hasPrefix(internationalPrefix) else { return nil }
        let rest = digits.dropFirst(internationalPrefix.count)
        guard carrierCodeLength > 0 else { return rest }
        guard rest.count > carrierCodeLength, rest.first != "0" else { return nil }
        return rest.dropFirst(carrierCodeLength)
    }
}

extension RegionMetadata {
    /// Supported regions, in the order of ``PhoneNumbers/supportedRegions``.
    static let all: [RegionMetadata] = [nanp, unitedKingdom, germany, india, brazil]

    /// The metadata for an ISO region code ("us" and "US" both work), or nil.
    static func forRegion(_ code: String) -> RegionMetadata? {
        let upper = code.uppercased()
        return all.first { $0.region == upper }
    }

    /// The metadata whose country code starts `digits`, or nil. Country codes are prefix-free, so at
    /// most one matches.
    static func forCountryCode(startOf digits: Substring) -> RegionMetadata? {
        all.first { digits.hasPrefix($0.countryCode) }
    }

    /// US national format; with `+1` it covers the whole NANP (Canada, Puerto Rico, …), which shares
    /// one plan: 3-digit area code, 3-digit exchange, 4-digit line number.
    static let nanp = RegionMetadata(
        region: "US",
        countryCode: "1",
        nationalNumberLengths: 10...10,
        trunkPrefix: "1",
        carrierCodeLength: 0,
        internationalPrefix: "011",
        check: NumberingRules.northAmerica
    )

    /// United Kingdom: 10-digit geographic (01, 02), UK-wide (03) and mobile (07) numbers.
    static let unitedKingdom = RegionMetadata(
        region: "GB",
        countryCode: "44",
        nationalNumberLengths: 10...10,
        trunkPrefix: "0",
        carrierCodeLength: 0,
        internationalPrefix: "00",
        check: NumberingRules.unitedKingdom
    )

    /// Germany: variable-length landlines and 10–11 digit mobiles (015x, 016x, 017x).
    static let germany = RegionMetadata(
        region: "DE",
        countryCode: "49",
        nationalNumberLengths: 6...11,
        trunkPrefix: "0",
        carrierCodeLength: 0,
        internationalPrefix: "00",
        check: NumberingRules.germany
    )

    /// India: 10-digit mobiles (6–9…) and landlines (STD code + subscriber number).
    static let india = RegionMetadata(
        region: "IN",
        countryCode: "91",
        nationalNumberLengths: 10...10,
        trunkPrefix: "0",
        carrierCodeLength: 0,
        internationalPrefix: "00",
        check: NumberingRules.india
    )

    /// Brazil: 2-digit area code (DDD), then an 8-digit landline or a 9-digit mobile. Callers pick a
    /// long-distance carrier with two digits after the trunk `0` and after the international `00`.
    static let brazil = RegionMetadata(
        region: "BR",
        countryCode: "55",
        nationalNumberLengths: 10...11,
        trunkPrefix: "0",
        carrierCodeLength: 2,
        internationalPrefix: "00",
        check: NumberingRules.brazil
    )
}
