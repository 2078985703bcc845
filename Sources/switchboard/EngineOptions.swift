import ArgumentParser
import FlowLanguage
import FlowRuntime
import PhoneNumbers
import Foundation
import SwitchboardEngine
import SwitchboardSQLite
import TextClassifier
import Yams

/// `--db` and `--config`, shared by the commands that run the engine.
struct EngineOptions: ParsableArguments {
    @Option(help: "The SQLite database file (':memory:' for none).")
    var db: String = "switchboard.sqlite"

    @Option(help: "Engine settings (YAML); without the default file, defaults apply; a file named here must exist.")
    var config: String = "switchboard.yaml"

    func makeEngine(program: Program, classifier: Classifier?) throws -> Engine {
        try makeEngineAndStore(program: program, classifier: classifier).engine
    }

    /// The engine and its store (the server closes the store when it stops).
    func makeEngineAndStore(program: Program, classifier: Classifier?, lookupClient: (any HTTPLookupClient)? = nil) throws -> (engine: Engine, store: SQLiteStore) {
        let settings = try EngineSettings.load(path: config)
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: db)
        } catch {
            throw ValidationError("cannot open the database \(db): \(error)")
        }
        return (Engine(program: program, classifier: classifier, store: store, config: settings, clock: { Date() }, lookupClient: lookupClient), store)
    }
}

/// Reads `switchboard.yaml` into ``EngineConfig``; unknown keys and bad values are errors naming
/// file:line:col.
enum EngineSettings {
    static let keys = [
        "business_name", "help_text", "stop_confirmation", "start_confirmation", "free_text_opt_out_prompt",
        "free_text_opt_out_is_final", "free_text_opt_out_confidence", "session_timeout_minutes", "handoff_notice",
        "escalation_notice", "after_hours_notice", "frustration_threshold", "max_consecutive_failures",
        "agent_intent_confidence", "default_region", "burst_window_seconds", "csat_question", "csat_thanks",
        "quiet_hours", "queues", "hours",
    ] + ServerConfigFile.keys

    /// The settings file used when `--config` is not given; only that one may be missing.
    static let defaultPath = "switchboard.yaml"

    /// Fails when a settings file named on the command line does not exist (the default one may not).
    static func requireExisting(_ path: String) throws {
        let isDefault = URL(fileURLWithPath: path).standardizedFileURL.path == URL(fileURLWithPath: defaultPath).standardizedFileURL.path
        if !isDefault, !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("--config \(path): no such file")
        }
    }

    /// Reads the engine settings.
    /// - Parameters:
    ///   - path: The settings file.
    ///   - collect: When given, each setting's mistake is handed to it and the rest are still read
    ///     (for `check`); otherwise the first mistake is thrown.
    /// - Returns: The settings, defaults for what the file leaves out.
    static func load(path: String, collecting collect: ((SettingsError) -> Void)? = nil) throws -> EngineConfig {
        var config = EngineConfig()
        try requireExisting(path)
        guard FileManager.default.fileExists(atPath: path) else { return config }
        let text = try CorpusFiles.read(path)
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw SettingsError(file: path, "\(error)")
        }
        guard let root else { return config }
        guard case .mapping(let mapping) = root else { throw SettingsError(SourceLocation(file: path, line: 1, column: 1), "expected a mapping of settings") }
        for (keyNode, value) in mapping {
            do {
                let key = keyNode.string ?? ""
                let at = SettingsError.location(path, keyNode)
                // A value's mistakes are reported where the value is.
                let atValue = value.mark == nil ? at : SettingsError.location(path, value)
                func string() throws -> String {
                    guard let text = value.string else { throw SettingsError(atValue, "'\(key)' must be a text") }
                    return text
                }
                func number(_ range: ClosedRange<Double>) throws -> Double {
                    guard let number = value.string.flatMap(Double.init), range.contains(number) else {
                        throw SettingsError(atValue, "'\(key)' must be a number in \(range.lowerBound)…\(range.upperBound)")
                    }
                    return number
                }
                switch key {
                case "business_name": config.businessName = try string()
                case "help_text": config.helpText = try string()
                case "stop_confirmation": config.stopConfirmation = try string()
                case "start_confirmation": config.startConfirmation = try string()
                case "free_text_opt_out_prompt": config.freeTextOptOutPrompt = try string()
                case "free_text_opt_out_is_final":
                    guard let flag = value.bool else { throw SettingsError(atValue, "'\(key)' must be true or false") }
                    config.freeTextOptOutIsFinal = flag
                case "free_text_opt_out_confidence": config.freeTextOptOutConfidence = try number(0...1)
                case "session_timeout_minutes": config.sessionTimeout = try number(1...100_000) * 60
                case "handoff_notice": config.handoffNotice = try string()
                case "escalation_notice": config.escalationNotice = try string()
                case "after_hours_notice": config.afterHoursNotice = try string()
                case "frustration_threshold": config.frustrationThreshold = try number(0...1)
                case "max_consecutive_failures":
                    guard let count = value.string.flatMap(Int.init), (1...100).contains(count) else {
                        throw SettingsError(atValue, "'\(key)' must be a whole number in 1…100")
                    }
                    config.maxConsecutiveFailures = count
                case "agent_intent_confidence": config.agentIntentConfidence = try number(0...1)
                case "default_region":
                    let region = try string().uppercased()
                    guard PhoneNumbers.supportedRegions.contains(region) else {
                        throw SettingsError(atValue, "'default_region' must be one of \(PhoneNumbers.supportedRegions.joined(separator: ", ")) (numbers from elsewhere work in the international format)")
                    }
                    config.defaultRegion = region
                case "burst_window_seconds": config.burstWindow = try number(0...60)
                case "csat_question": config.csatQuestion = try string()
                case "csat_thanks": config.csatThanks = try string()
                case "quiet_hours": config.quietHours = try ServerConfigFile.quietHours(value, at: atValue, path: path)
                case "queues", "hours": continue  // read with the flows (FlowCompiler's settings)
                case _ where ServerConfigFile.keys.contains(key): continue  // read by `serve`
                default:
                    let suggestion = keys.min { levenshtein($0, key) < levenshtein($1, key) }
                    throw SettingsError(at, "unknown setting '\(key)'\(suggestion.map { "; did you mean '\($0)'?" } ?? "")")
                }
            } catch let error as SettingsError {
                guard let collect else { throw error }
                collect(error)
            }
        }
        return config
    }

    private static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}
