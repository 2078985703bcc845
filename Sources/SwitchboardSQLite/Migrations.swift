import GRDB

/// The schema, as append-only migrations: a released migration is never edited; changes come as
/// new ones.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.execute(sql: """
                CREATE TABLE contacts (
                    phone TEXT PRIMARY KEY NOT NULL,
                    consent TEXT NOT NULL DEFAULT 'subscribed' CHECK (consent IN ('subscribed', 'opted_out')),
                    opted_out_at REAL,
                    profile TEXT NOT NULL DEFAULT '{}',
                    created_at REAL NOT NULL
                );
                CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    phone TEXT NOT NULL UNIQUE REFERENCES contacts(phone),
                    state BLOB NOT NULL,
                    department TEXT NOT NULL DEFAULT 'general',
                    status TEXT NOT NULL DEFAULT 'bot' CHECK (status IN ('bot', 'queued', 'agent', 'closed')),
                    last_activity REAL NOT NULL,
                    version INTEGER NOT NULL DEFAULT 1,
                    handoff_notice_sent INTEGER NOT NULL DEFAULT 0,
                    last_inbound TEXT,
                    awaiting_csat INTEGER NOT NULL DEFAULT 0,
                    frustration REAL NOT NULL DEFAULT 0
                );
                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
                    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                    body TEXT NOT NULL,
                    provider_id TEXT,
                    author TEXT NOT NULL,
                    intent TEXT,
                    confidence REAL,
                    sentiment TEXT,
                    frustration REAL,
                    node TEXT,
                    created_at REAL NOT NULL,
                    delivery_status TEXT
                );
                CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
                CREATE TABLE handoffs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
                    queue TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT '',
                    status TEXT NOT NULL CHECK (status IN ('waiting', 'assigned', 'closed')),
                    agent TEXT,
                    created_at REAL NOT NULL,
                    assigned_at REAL,
                    closed_at REAL
                );
                CREATE INDEX handoffs_open ON handoffs(status, queue, created_at);
                CREATE INDEX handoffs_by_conversation ON handoffs(conversation_id, status);
                CREATE TABLE consent_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    phone TEXT NOT NULL,
                    change TEXT NOT NULL CHECK (change IN ('opt_out', 'opt_in')),
                    keyword TEXT NOT NULL,
                    source_message_id TEXT,
                    created_at REAL NOT NULL
                );
                CREATE INDEX consent_by_phone ON consent_events(phone, id);
                CREATE TABLE processed_messages (
                    provider_id TEXT PRIMARY KEY NOT NULL,
                    conversation_id INTEGER NOT NULL,
                    replies TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
                    phone TEXT NOT NULL,
                    body TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'queued',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL
                );
                CREATE INDEX outbox_pending ON outbox(status, id);
                """)
        }
        migrator.registerMigration("v2-outbox-delivery") { db in
            // The sender's bookkeeping: which transcript line an item is, quiet-hours holds,
            // retries with backoff, the provider's id (status callbacks find the line by it), and held
            // proactive messages (node and slots, entered when quiet hours end).
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN message_id INTEGER REFERENCES messages(id);
                ALTER TABLE outbox ADD COLUMN not_before REAL;
                ALTER TABLE outbox ADD COLUMN next_attempt REAL;
                ALTER TABLE outbox ADD COLUMN provider_id TEXT;
                ALTER TABLE outbox ADD COLUMN last_error TEXT;
                ALTER TABLE outbox ADD COLUMN scheduled_node TEXT;
                ALTER TABLE outbox ADD COLUMN scheduled_slots TEXT;
                CREATE INDEX messages_by_provider ON messages(provider_id) WHERE provider_id IS NOT NULL;
                UPDATE outbox SET status = 'expired', last_error = 'queued before there was a sender' WHERE status = 'queued';
                """)
        }
        migrator.registerMigration("v3-outbound-keys-early-reports") { db in
            // Idempotency keys of /v1/outbound (a retried request returns the first answer), and
            // delivery reports that arrived before the sender stored the provider's id.
            try db.execute(sql: """
                CREATE TABLE proactive_requests (
                    key TEXT PRIMARY KEY NOT NULL,
                    fingerprint TEXT NOT NULL,
                    result TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE early_delivery_reports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    provider_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    error_code INTEGER,
                    received_at REAL NOT NULL
                );
                CREATE INDEX early_reports_by_provider ON early_delivery_reports(provider_id, id);
                CREATE INDEX early_reports_by_time ON early_delivery_reports(received_at);
                """)
        }
        migrator.registerMigration("v4-outbound-provider-index") { db in
            // Status callbacks look up outbound texts by the provider's id; inbound ids are found
            // through processed_messages. Indexing inbound rows too cost a page write per inbound
            // message at a random place in the index (provider ids are random).
            try db.execute(sql: """
                DROP INDEX messages_by_provider;
                CREATE INDEX messages_out_by_provider ON messages(provider_id) WHERE direction = 'out' AND provider_id IS NOT NULL;
                """)
        }
        return migrator
    }
}
