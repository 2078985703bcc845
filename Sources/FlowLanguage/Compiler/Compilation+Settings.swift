import FlowRuntime
import Yams

/// Queues and business hours from the operations settings (switchboard.yaml): opening times and
/// after-hours notices change with the business, without editing the dialogs.
extension Compilation {
    /// Reads the `hours` and `queues` sections of the settings file. Hours replace those of the
    /// same name; a queue that a flow declares takes the fields given here (`hours`,
    /// `after_hours`) and keeps the others; a new queue is added.
    func loadSettings(_ file: SourceFile) {
        guard let (root, reader) = compose(file), let root else { return }
        guard let entries = reader.mapping(root, "settings file", allowed: nil) else { return }
        for entry in entries where entry.key == "hours" { declareHours(entry.value, reader: reader) }
        for entry in entries where entry.key == "queues" { overrideQueues(entry.value, reader: reader) }
    }

    private func overrideQueues(_ node: Yams.Node, reader: YAMLReader) {
        guard let entries = reader.mapping(node, "queues", allowed: nil) else { return }
        for entry in entries where isValidID(entry.key, field: "queue", node: entry.keyNode, reader: reader) {
            if queues[entry.key] == nil {
                queues[entry.key] = Queue(name: entry.key, hours: nil)
                queueLocations[entry.key] = reader.location(entry.keyNode)
            }
            applyQueueFields(entry.key, entry.value, reader: reader)
        }
    }
}
