import ArgumentParser
import FlowLanguage
import Foundation

/// `switchboard contacts import FILE`: load contact profiles (phone, name, …) from CSV.
struct Contacts: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage contacts.", subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import contact profiles from CSV: a header with 'phone' and profile columns (name, …).")
        @OptionGroup var shared: QueueCommand.Shared
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let text = try CorpusFiles.read(file)
            let records: [CSVParser.Record]
            do {
                records = try CSVParser.parse(text)
            } catch {
                printError("\(file):\(error.line):\(error.column): error: \(error.message)")
                throw ExitCode(1)
            }
            let engine = try shared.makeEngine(databaseMustExist: false)
            let (imported, problems) = try engine.importContacts(records.map { ($0.fields, $0.line) })
            for problem in problems { printError("\(file):\(problem.line): error: \(problem.message)") }
            print("imported \(imported) contact\(imported == 1 ? "" : "s"); skipped \(problems.count)")
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
