/// Which opt-out keyword Twilio's Advanced Opt-Out matched in an inbound message (`OptOutType`).
///
/// Twilio has already acted on it (for `STOP` it blocks further messages to the number); the bot
/// should record it and answer with an empty response. Values other than the three known ones are
/// kept as they are.
public struct OptOutType: RawRepresentable, Sendable, Hashable {
    /// The value Twilio sent, e.g. `STOP`.
    public var rawValue: String

    /// Wraps a raw value.
    /// - Parameter rawValue: The `OptOutType` parameter.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The sender opted out (STOP, UNSUBSCRIBE, …).
    public static let stop = OptOutType(rawValue: "STOP")
    /// The sender opted back in (START, UNSTOP, …).
    public static let start = OptOutType(rawValue: "START")
    /// The sender asked for help (HELP, INFO).
    public static let help = OptOutType(rawValue: "HELP")
}
