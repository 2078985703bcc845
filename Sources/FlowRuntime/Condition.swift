import FlowRegex
import Foundation

/// A branch condition over slots, the last classification and the clock.
public indirect enum Condition: Sendable {
    /// Every condition holds.
    case all([Condition])
    /// At least one condition holds.
    case any([Condition])
    /// The condition does not hold.
    case not(Condition)
    /// The slot has a non-empty value.
    case slotSet(String)
    /// The slot equals one of the values (case-insensitive).
    case slotEquals(String, [String])
    /// The slot's value matches the pattern.
    case slotMatches(String, CompiledRegex)
    /// The last intent is one of these, with at least this confidence.
    case intent([String], minConfidence: Double)
    /// The last sentiment label is one of these.
    case sentiment([String])
    /// The last sentiment score is below the value.
    case sentimentBelow(Double)
    /// `now` falls within the hours.
    case within(BusinessHours)

    /// Whether the condition looks at opening hours (`open:` or `hours:`), anywhere inside it.
    public var testsHours: Bool {
        switch self {
        case .all(let conditions), .any(let conditions): return conditions.contains { $0.testsHours }
        case .not(let inner): return inner.testsHours
        case .within: return true
        default: return false
        }
    }
}

/// Days and times a queue is staffed, in one time zone.
public struct BusinessHours: Sendable, Equatable {
    /// A time zone identifier such as `America/New_York`.
    public let timeZone: String
    /// Open intervals per weekday (1 = Sunday … 7 = Saturday, as in `Calendar`), in minutes after midnight.
    public let windows: [Int: [Range<Int>]]
    /// A Gregorian calendar in the time zone, built once.
    let calendar: Calendar

    /// Creates business hours.
    /// - Parameters:
    ///   - timeZone: A time zone identifier.
    ///   - windows: Open intervals per weekday (1 = Sunday).
    public init(timeZone: String, windows: [Int: [Range<Int>]]) {
        self.timeZone = timeZone
        self.windows = windows
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!
        self.calendar = calendar
    }
}
