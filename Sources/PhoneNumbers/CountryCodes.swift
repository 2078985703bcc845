/// Where the country code ends in an E.164 number, for countries without metadata too.
///
/// ITU country codes are prefix-free: `1` and `7` are the only 1-digit codes, the 2-digit codes are
/// listed below, and every other code has 3 digits.
enum CountryCodes {
    /// All assigned 2-digit country codes (ITU-T E.164 list).
    static let twoDigit: Set<Substring> = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
        "86", "90", "91", "92", "93", "94", "95", "98",
    ]

    /// The length of the country code that starts `digits` (the digits of an E.164 number, no `+`).
    static func length(ofCountryCodeAtStartOf digits: Substring) -> Int {
        if digits.first == "1" || digits.first == "7" { return 1 }
        return twoDigit.contains(digits.prefix(2)) ? 2 : 3
    }
}
