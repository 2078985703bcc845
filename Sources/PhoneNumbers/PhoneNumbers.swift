/// Normalises phone numbers that customers type into E.164 (`+12024561111`), and masks them for logs.
///
/// Twilio already sends `From`/`To` in E.164; use this for numbers typed into a conversation.
///
/// ```swift
/// let number = try PhoneNumbers.normalize("(202) 456-1111")              // "+12024561111"
/// let uk = try PhoneNumbers.normalize("020 7946 0958", defaultRegion: "GB")  // "+442079460958"
/// logger.debug("callback requested", metadata: ["to": "\(PhoneNumbers.mask(number))"])  // "+1******1111"
/// ```
///
/// How an input is read:
/// 1. ``PhoneInputScanner`` reduces it to digits (any script, vanity letters), notes a leading `+`,
///    and drops a `tel:` prefix, an extension and punctuation.
/// 2. A number is international when it starts with `+` or with the default region's international
///    prefix (`011` for US, `00` for GB, DE and IN, `00` plus a 2-digit carrier code for BR); the
///    default region is then ignored, and a `(0)` written after the country code is dropped.
/// 3. International numbers into a supported country (country codes 1, 44, 49, 91, 55) must match
///    that country's rules. Into any other country only the E.164 shape is checked: `+`, a first
///    digit 1–9, 7 to 15 digits in all (`+[1-9]\d{6,14}`). Such a number may not exist.
/// 4. Other numbers are national numbers of the default region: the trunk prefix (and Brazil's
///    carrier selection code) is removed, and a country code typed without `+`
///    (`447911123456` in GB) is recognised when the rest is a valid national number.
///
/// "Valid" means "matches the numbering plan", as in libphonenumber: NANP 555-01XX numbers pass,
/// the UK 07700 900xxx drama range does not.
///
/// ## Topics
/// - ``normalize(_:defaultRegion:)``
/// - ``mask(_:)``
/// - ``supportedRegions``
/// - ``PhoneNumberError``
public enum PhoneNumbers {
    /// Regions with national-format rules.
    ///
    /// Pass one of these as `defaultRegion` to read national numbers such as `020 7946 0958`.
    /// Numbers with `+` are accepted whatever the default region.
    public static let supportedRegions: [String] = RegionMetadata.all.map(\.region)

    /// Normalises to E.164 ("+12024561111"), or throws with a reason ("too short", "not a phone
    /// number", "area code 555 is not assigned" …).
    ///
    /// - Parameters:
    ///   - input: Free text holding one phone number: punctuation, spaces, `tel:` URIs, extensions,
    ///     vanity letters and non-ASCII digits are accepted. At most 256 UTF-8 bytes.
    ///   - defaultRegion: The ISO 3166 region (one of ``supportedRegions``, any case) used to read a
    ///     number without `+` or international prefix. Ignored for international numbers.
    /// - Returns: The E.164 form: `+`, country code and national number, digits only.
    /// - Throws: ``PhoneNumberError`` when the input is not a phone number, does not match the
    ///   numbering plan, or is national while `defaultRegion` is not supported. The error's reason
    ///   never contains the input.
    public static func normalize(_ input: String, defaultRegion: String = "US") throws(PhoneNumberError) -> String {
        let scanned = try PhoneInputScanner.scan(input)
        if scanned.hasPlus {
            return try normalizeInternational(Substring(scanned.digitsDroppingParenthesizedZeros()))
        }
        guard let region = RegionMetadata.forRegion(defaultRegion) else { throw .unsupportedRegion }
        let digits = Substring(scanned.digits)
        if let afterPrefix = region.strippingInternationalPrefix(digits) {
            let prefixLength = digits.count - afterPrefix.count
            let cleaned = scanned.digitsDroppingParenthesizedZeros(from: prefixLength)
            return try normalizeInternational(Substring(cleaned).dropFirst(prefixLength))
        }
        return try normalizeNational(digits, region: region)
    }

    /// Masks a number for logs: keeps the country code and the last 4 digits, masks the rest:
    /// "+1******1111".
    ///
    /// Short national numbers keep fewer digits so that at least four are always masked. Anything
    /// that is not in E.164 shape (`+[1-9]\d{6,14}`) becomes `"***"`, so the input never leaks.
    ///
    /// - Parameter e164: A number returned by ``normalize(_:defaultRegion:)``.
    /// - Returns: The masked number, e.g. `"+44******0958"` for `"+442079460958"`.
    public static func mask(_ e164: String) -> String {
        guard let digits = e164Digits(e164) else { return "***" }
        let countryCodeLength = CountryCodes.length(ofCountryCodeAtStartOf: digits)
        let nationalNumber = digits.dropFirst(countryCodeLength)
        let kept = max(0, min(4, nationalNumber.count - 4))
        return "+" + digits.prefix(countryCodeLength)
            + String(repeating: "*", count: nationalNumber.count - kept) + nationalNumber.suffix(kept)
    }

    // MARK: - Steps

    /// `digits` are a country code and national number (no `+`, no international prefix).
    static func normalizeInternational(_ digits: Substring) throws(PhoneNumberError) -> String {
        guard let first = digits.first else { throw .notAPhoneNumber }
        guard first != "0" else { throw .countryCodeStartsWithZero }
        if let region = RegionMetadata.forCountryCode(startOf: digits) {
            let nationalDigits = digits.dropFirst(region.countryCode.count)
            let nsn = try region.validNationalNumber(
                among: region.nationalNumberCandidates(nationalDigits),
                primary: nationalDigits
            )
            return "+" + region.countryCode + nsn
        }
        // No metadata for this country: E.164 shape only, +[1-9]\d{6,14}.
        guard digits.count >= 7 else { throw .tooShort }
        guard digits.count <= 15 else { throw .tooLong }
        return "+" + digits
    }

    /// `digits` were dialled inside `region`: with or without the trunk prefix, or with the country
    /// code but no `+`.
    static func normalizeNational(_ digits: Substring, region: RegionMetadata) throws(PhoneNumberError) -> String {
        var candidates = region.nationalNumberCandidates(digits)
        // The trunk-stripped form (or the input itself) explains a failure best.
        let primary = digits.hasPrefix(region.trunkPrefix) ? digits.dropFirst(region.trunkPrefix.count) : digits
        if digits.hasPrefix(region.countryCode) {
            // libphonenumber's heuristic: "447911123456" in GB is +44 7911 123456.
            candidates += region.nationalNumberCandidates(digits.dropFirst(region.countryCode.count))
        }
        let nsn = try region.validNationalNumber(among: candidates, primary: primary)
        return "+" + region.countryCode + nsn
    }

    /// The digits of `text` when it has E.164 shape, `+[1-9]\d{6,14}`, else nil.
    static func e164Digits(_ text: String) -> Substring? {
        let utf8 = text.utf8
        guard utf8.first == UInt8(ascii: "+"), (8...16).contains(utf8.count) else { return nil }
        let digits = text.dropFirst()
        guard digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), digits.first != "0"
        else { return nil }
        return digits
    }
}
