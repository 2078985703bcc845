/// A small flow with an HTTP lookup (collect an order number, fetch it, answer found / not found /
/// failed), shared by the conversation-test and engine tests of lookups.
public enum ShopFlow {
    /// The flow's YAML; `timeout` is the lookup's (omitted: the default).
    public static func yaml(timeout: String? = nil) -> String {
        """
        flow: shop
        start: ask
        nodes:
          ask:
            kind: collect
            say: "Order number?"
            slot: order_number
            pattern: '(\\d{4})'
            reprompt: "Four digits, please."
            on_fail: down
            next: find
          find:
            kind: lookup
            url: "https://api.example.com/orders/{{order_number}}?phone={{contact.phone}}"
        \(timeout.map { "    timeout: \($0)\n" } ?? "")    map:
              order.status: status
            found: tell
            not_found: missing
            failed: down
          tell:
            kind: end
            say: "Order {{order_number}} is {{order.status}}."
          missing:
            kind: end
            say: "No order {{order_number}}."
          down:
            kind: end
            say: "Lookups are down."
        """
    }
}
