import Foundation

/// How a proactive request is remembered under its idempotency key: a fingerprint of what it
/// asked for and its answer as JSON.
enum ProactiveRecord {
    /// Number, node and slots (sorted), so a key reused for another request is told apart.
    static func fingerprint(phone: String, node: String, slots: [String: String]) -> String {
        var text = phone + "\n" + node
        for name in slots.keys.sorted() { text += "\n" + name + "=" + (slots[name] ?? "") }
        return text
    }

    /// The answer as JSON.
    static func encode(_ result: ProactiveResult) throws -> String {
        var object: [String: Any] = [
            "conversation_id": result.conversationID, "phone": result.phone, "texts": result.texts, "outbox_ids": result.outboxIDs,
        ]
        if let held = result.heldUntil { object["held_until"] = held.timeIntervalSince1970 }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The answer back from JSON; nil if the stored text is not one.
    static func decode(_ text: String) -> ProactiveResult? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let conversationID = (object["conversation_id"] as? NSNumber)?.int64Value,
              let phone = object["phone"] as? String, let texts = object["texts"] as? [String],
              let ids = object["outbox_ids"] as? [NSNumber] else { return nil }
        let held = (object["held_until"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        return ProactiveResult(conversationID: conversationID, phone: phone, texts: texts, outboxIDs: ids.map(\.int64Value), heldUntil: held)
    }
}
