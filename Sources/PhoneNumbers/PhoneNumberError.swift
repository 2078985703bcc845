/// Why an input could not be normalised to an E.164 phone number.
///
/// `reason` is a short, fixed phrase ("too short", "area code 555 is not assigned", …). It never
/// repeats the input, so the error can be logged without leaking the customer's number; at most it
/// names a short numbering-plan prefix such as a NANP area code.
public struct PhoneNumberError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the input, e.g. "too short" or "not a phone number".
    public var reason: String

    /// A one-line message for logs and diagnostics: `invalid phone number: <reason>`.
    public var description: String { "invalid phone number: \(reason)" }

    init(_ reason: String) {
        self.reason = reason
    }
}

// The reasons used in more than one place. Region-specific reasons live with their rules.
extension PhoneNumberError {
    static let notAPhoneNumber = PhoneNumberError("not a phone number")
    static let inputTooLong = PhoneNumberError("input too long")
    static let unexpectedCharacter = PhoneNumberError("contains characters that are not part of a phone number")
    static let misplacedPlus = PhoneNumberError("'+' is only allowed at the start")
    static let badExtension = PhoneNumberError("extension is not a number")
    static let tooShort = PhoneNumberError("too short")
    static let tooLong = PhoneNumberError("too long")
    static let countryCodeStartsWithZero = PhoneNumberError("country code cannot start with 0")
    static let unsupportedRegion = PhoneNumberError(
        "default region is not supported: use the international format (+ and country code)"
    )
}
