import Foundation

extension BusinessHours {
    /// The next time the hours open after `date`, within a week.
    public func nextOpening(after date: Date) -> Date? {
        let startOfDay = calendar.startOfDay(for: date)
        for offset in 0...7 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: startOfDay) else { continue }
            let weekday = calendar.component(.weekday, from: day)
            for window in (windows[weekday] ?? []).sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let opening = calendar.date(byAdding: .minute, value: window.lowerBound, to: day), opening > date {
                    return opening
                }
            }
        }
        return nil
    }

    /// "Mon 9:00 AM EST": `date` in the hours' time zone, with its abbreviation.
    public func describe(_ date: Date) -> String {
        OpeningFormatters.shared.string(from: date, timeZone: calendar.timeZone)
    }
}

/// One date formatter per time zone, made once: building one costs far more than using it (it
/// loads locale and zone data), and escalations outside business hours format an opening time.
final class OpeningFormatters: @unchecked Sendable {
    // @unchecked: `formatters` is only touched under `lock`.
    static let shared = OpeningFormatters()
    private let lock = NSLock()
    private var formatters: [String: DateFormatter] = [:]

    func string(from date: Date, timeZone: TimeZone) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let formatter = formatters[timeZone.identifier] { return formatter.string(from: date) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE h:mm a zzz"
        formatters[timeZone.identifier] = formatter
        return formatter.string(from: date)
    }
}
