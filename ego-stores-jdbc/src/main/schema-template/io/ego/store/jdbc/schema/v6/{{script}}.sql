-- eGo JDBC stores, schema version 6, {{product}}: durable timers (saga timeouts).

-- One row per scheduled timer, keyed by its owner (group: e.g. the saga's name, key: the saga instance) and its name.
-- Scheduling again replaces the row with a new version (from the counter row id = 3 of ${prefix}journal_position)
-- and clears its claim. A poller claims due rows (claimant, claimed_until) with SELECT ... FOR UPDATE SKIP LOCKED,
-- fires them and deletes them if the version is still the one it claimed; a claim that expires (its instance died)
-- makes the row claimable again. The key is 3 x 255 characters of utf8mb4: 3,060 bytes, within InnoDB's 3,072.
CREATE TABLE IF NOT EXISTS ${prefix}timer (
	timer_group VARCHAR(255) NOT NULL,
	timer_key VARCHAR(255) NOT NULL,
	timer_name VARCHAR(255) NOT NULL,
	due_at DATETIME(6) NOT NULL,
	version BIGINT NOT NULL,
	payload LONGBLOB NOT NULL,
	claimant VARCHAR(255),
	claimed_until DATETIME(6),
	PRIMARY KEY (timer_group, timer_key, timer_name),
	INDEX ${prefix}timer_due_idx (due_at, timer_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

-- The versions of timers: every schedule draws one from this counter row, under its row lock until it commits.
INSERT IGNORE INTO ${prefix}journal_position (id, last_position) VALUES (3, 0);
