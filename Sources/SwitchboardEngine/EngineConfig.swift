import Foundation
import FlowRuntime

/// Engine settings: compliance texts, timeouts and escalation thresholds. Every field has a default;
/// `switchboard.yaml` overrides them.
public struct EngineConfig: Sendable, Equatable {
    /// The business name used in HELP and STOP texts.
    public var businessName = "Acme"
    /// The reply to HELP / INFO (one segment).
    public var helpText = "Acme support: reply here or call 1-800-555-0199. Msg&data rates may apply. Reply STOP to opt out."
    /// The one confirmation after an opt-out keyword.
    public var stopConfirmation = "Acme: you're unsubscribed and will get no more texts. Reply START to resubscribe."
    /// The confirmation after an opt-in keyword.
    public var startConfirmation = "Acme: you're subscribed again. Reply HELP for help, STOP to opt out."
    /// The reply to a free-text opt-out request, unless `freeTextOptOutIsFinal`.
    public var freeTextOptOutPrompt = "Reply STOP to confirm you want no more texts from Acme."
    /// Whether a free-text opt-out ("please stop texting me") opts out directly.
    public var freeTextOptOutIsFinal = false
    /// The classifier confidence at which free text counts as an opt-out request.
    public var freeTextOptOutConfidence = 0.8
    /// Idle time after which a conversation restarts at its flow's start.
    public var sessionTimeout: TimeInterval = 30 * 60
    /// Sent once per handoff when the customer writes while waiting for a person.
    public var handoffNotice = "Thanks, a person will reply shortly."
    /// Sent when the engine itself escalates (not a flow's handoff node).
    public var escalationNotice = "I'm getting a person to help you. They'll text you here shortly."
    /// Added when the queue is closed: `{{opens}}` becomes the next opening time.
    public var afterHoursNotice = "Our team is away right now; a person will reply when we open ({{opens}})."
    /// The conversation-level frustration that escalates.
    public var frustrationThreshold = 0.8
    /// Misses and fallbacks in a row (across nodes) that escalate.
    public var maxConsecutiveFailures = 3
    /// The confidence at which the `agent` intent escalates.
    public var agentIntentConfidence = 0.6
    /// Region for national-format phone numbers.
    public var defaultRegion = "US"
    /// Join texts from one number that arrive within this window while the previous is handled (nil: off).
    public var burstWindow: TimeInterval?
    /// The CSAT question sent when an agent closes with CSAT.
    public var csatQuestion = "How did we do? Reply 1-5 (5 = great)."
    /// Sent after a CSAT answer.
    public var csatThanks = "Thanks for the feedback!"
    /// Proactive texts due in this window (contact's local time) are held until it ends; nil: never held.
    /// Default 21:00–08:00, the US TCPA calling window, in the contact's `time_zone` or New York's.
    public var quietHours: QuietHours? = QuietHours(start: 21 * 60, end: 8 * 60, defaultTimeZone: TimeZone(identifier: "America/New_York") ?? .gmt)

    /// The defaults.
    public init() {}
}

/// A compliance keyword the SMS provider matched and already answered (Twilio's `OptOutType`).
public enum ProviderKeyword: String, Sendable, Equatable {
    /// An opt-out (STOP or any keyword the provider was configured with, in any language).
    case stop = "STOP"
    /// An opt-in (START, UNSTOP, YES or a configured one).
    case start = "START"
    /// A HELP request.
    case help = "HELP"
}

/// Compliance keywords, matched on the whole message (any case, surrounding punctuation ignored).
public enum ComplianceKeyword: Equatable, Sendable {
    /// STOP and its synonyms.
    case optOut(String)
    /// START, UNSTOP (and YES, which only counts while opted out).
    case optIn(String)
    /// HELP, INFO.
    case help(String)

    static let optOutWords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]
    /// Opt-out keywords of two words (the FCC's per-se revocation "opt out"; Twilio matches no spaces).
    static let optOutPairs: Set<String> = ["OPT OUT"]
    static let optInWords: Set<String> = ["START", "UNSTOP", "YES"]
    static let helpWords: Set<String> = ["HELP", "INFO"]

    /// The keyword a message is, if it is one.
    /// - Parameter body: The whole message.
    /// - Returns: The keyword, or nil.
    public static func match(_ body: String) -> ComplianceKeyword? {
        // Full-width and other compatibility forms ("ＳＴＯＰ") read as their plain letters.
        let body = TextMatching.plainForms(body)
        // One pass: the letters between leading and trailing non-letters must be one run of at
        // most 11 (UNSUBSCRIBE; upper-casing never makes a word shorter), or two short runs ("opt out"),
        // so a sentence stops early.
        var letters = String.UnicodeScalarView()
        var count = 0
        var runs = 0
        var inRun = false
        for scalar in body.unicodeScalars {
            let isLetter = scalar.isASCII ? (0x61...0x7A).contains(scalar.value | 0x20) : scalar.properties.isAlphabetic
            if isLetter {
                if !inRun {
                    runs += 1
                    if runs > 2 { return nil }
                    if runs == 2 { letters.append(" ") }
                    inRun = true
                }
                if count == 11 { return nil }
                letters.append(scalar)
                count += 1
            } else {
                inRun = false
            }
        }
        guard count > 0 else { return nil }
        let word = String(letters).uppercased()
        if runs == 2 { return optOutPairs.contains(word) ? .optOut(word) : nil }
        if optOutWords.contains(word) { return .optOut(word) }
        if optInWords.contains(word) { return .optIn(word) }
        if helpWords.contains(word) { return .help(word) }
        return nil
    }
}
