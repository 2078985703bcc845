/// Pattern checks for national significant numbers (NSNs) of the supported regions.
///
/// Each check receives an NSN whose length is already allowed for its region (see
/// ``RegionMetadata/nationalNumberLengths``) and returns nil when the number matches the plan, or a
/// reason. Reasons never repeat the number; at most they name a public prefix such as an area code.
///
/// These are deliberately narrower than libphonenumber: they cover the number types a customer
/// texting a support line is likely to give (landlines, mobiles, NANP toll-free) and are checked
/// against `shared/vectors/e164.json`.
enum NumberingRules {
    // MARK: - NANP

    /// NANP area codes that are never assigned to a place: 555 (directory and fiction), the
    /// "N9X" expansion codes, and the 37X and 96X blocks held in reserve. N11 codes (211–911) are
    /// service codes, checked separately.
    static func isReservedAreaCode(_ npa: Substring) -> Bool {
        let digits = Array(npa)
        return npa == "555" || digits[1] == "9" || (digits[0] == "3" && digits[1] == "7")
            || (digits[0] == "9" && digits[1] == "6")
    }

    /// NANP: `NPA NXX XXXX`. Area code (NPA) and exchange (NXX) both start with 2–9 and are not
    /// N11 service codes; reserved area codes are rejected. Fictional 555-01XX lines pass, as in
    /// libphonenumber.
    @Sendable static func northAmerica(_ nsn: Substring) -> String? {
        let npa = nsn.prefix(3)
        let nxx = nsn.dropFirst(3).prefix(3)
        guard isDigit(npa.first, in: "23456789") else { return "area code must start with 2-9" }
        if npa.hasSuffix("11") || isReservedAreaCode(npa) { return "area code \(npa) is not assigned" }
        guard isDigit(nxx.first, in: "23456789") else { return "exchange must start with 2-9" }
        if nxx.hasSuffix("11") { return "exchange cannot be an N11 service code" }
        return nil
    }

    // MARK: - United Kingdom

    /// UK: geographic `01`/`02`, UK-wide `03` and mobile `07` numbers, 10 digits after the trunk 0.
    ///
    /// Not accepted: 9-digit NSNs of a few small exchanges (e.g. 016977), freephone/premium (08, 09),
    /// personal numbers (070) and pagers (076). Ofcom's drama range 07700 900000–900999 is invalid,
    /// as in libphonenumber.
    @Sendable static func unitedKingdom(_ nsn: Substring) -> String? {
        let second = nsn.dropFirst().first
        switch nsn.first {
        case "1":
            return nil
        case "2":
            // 020 London, 023 Southampton/Portsmouth, 024 Coventry, 028 Northern Ireland, 029 Cardiff.
            return isDigit(second, in: "03489") ? nil : "02 area code is not assigned"
        case "3":
            return isDigit(second, in: "0347") ? nil : "03 range is not assigned"
        case "7":
            if nsn.hasPrefix("7700900") { return "07700 900xxx is reserved for drama" }
            if nsn.hasPrefix("7624") || isDigit(second, in: "12345789") { return nil }
            return "only mobile 07 numbers are accepted"
        default:
            return "only UK landline (01, 02, 03) and mobile (07) numbers are accepted"
        }
    }

    // MARK: - Germany

    /// Germany: mobiles `015x` (11 digits) and `016x`/`017x` (10–11 digits); landlines and other
    /// numbers starting 2–9 with 6–11 digits (area code 2–5 digits plus subscriber number).
    ///
    /// Other `01…` numbers (service, mass-call, carrier selection) are rejected.
    @Sendable static func germany(_ nsn: Substring) -> String? {
        let second = nsn.dropFirst().first
        let third = nsn.dropFirst(2).first
        switch nsn.first {
        case "1":
            let mobile =
                (second == "5" && isDigit(third, in: "0125789") && nsn.count == 11)
                || (second == "6" && isDigit(third, in: "023"))
                || second == "7"
            return mobile ? nil : "01 numbers other than mobiles are not accepted"
        case "0":
            return "national number cannot start with 0"
        default:
            return nil
        }
    }

    // MARK: - India

    /// India: 10 digits. Mobiles start with 6–9. Landlines are an STD (area) code of 2–4 digits,
    /// then a subscriber number starting with 2–7; STD codes starting 1–5 come from
    /// ``IndiaSTDCodes`` (those starting 6–8 fall in the mobile range anyway).
    ///
    /// As in libphonenumber this is a pattern match only: `12345 67890` passes (STD 1234),
    /// `55555 55555` does not (no STD code 55, 555 or 555x).
    @Sendable static func india(_ nsn: Substring) -> String? {
        if isDigit(nsn.first, in: "6789") { return nil }
        for stdLength in 2...4 {
            let std = nsn.prefix(stdLength)
            let subscriberStart = nsn.dropFirst(stdLength).first
            if IndiaSTDCodes.contains(std), isDigit(subscriberStart, in: "234567") { return nil }
        }
        return "no Indian mobile or landline pattern matches"
    }

    // MARK: - Brazil

    /// Brazilian area codes (DDD) in use, one group per leading digit.
    static let brazilAreaCodes: Set<Substring> = Set(
        [
            "11 12 13 14 15 16 17 18 19",
            "21 22 24 27 28",
            "31 32 33 34 35 37 38",
            "41 42 43 44 45 46 47 48 49",
            "51 53 54 55",
            "61 62 63 64 65 66 67 68 69",
            "71 73 74 75 77 79",
            "81 82 83 84 85 86 87 88 89",
            "91 92 93 94 95 96 97 98 99",
        ].flatMap { $0.split(separator: " ") }
    )

    /// Brazil: DDD area code, then a 9-digit mobile starting with 9 or an 8-digit landline starting
    /// with 2–5. Toll-free and premium numbers (0800, 0300, 0900) are not accepted.
    @Sendable static func brazil(_ nsn: Substring) -> String? {
        let areaCode = nsn.prefix(2)
        guard brazilAreaCodes.contains(areaCode) else { return "area code \(areaCode) is not assigned" }
        let subscriber = nsn.dropFirst(2)
        if subscriber.count == 9 {
            return subscriber.first == "9" ? nil : "9-digit numbers must be mobiles starting with 9"
        }
        return isDigit(subscriber.first, in: "2345") ? nil : "8-digit landline numbers start with 2-5"
    }

    // MARK: - Helpers

    /// True when `digit` is one of `allowed`.
    static func isDigit(_ digit: Character?, in allowed: String) -> Bool {
        guard let digit else { return false }
        return allowed.contains(digit)
    }
}
