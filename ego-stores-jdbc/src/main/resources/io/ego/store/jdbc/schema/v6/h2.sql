-- eGo JDBC stores, schema version 6, H2: durable timers (saga timeouts).

-- One row per scheduled timer, keyed by its owner (group: e.g. the saga's name, key: the saga instance) and its name.
-- Scheduling again replaces the row with a new version (from the counter row id = 3 of ${prefix}journal_position)
-- and clears its claim. A poller claims due rows (claimant, claimed_until) with SELECT ... FOR UPDATE SKIP LOCKED,
-- fires them and deletes them if the version is still the one it claimed; a claim that expires (its instance died)
-- makes the row claimable again.
CREATE TABLE IF NOT EXISTS ${prefix}timer (
	timer_group VARCHAR(510) NOT NULL,
	timer_key VARCHAR(510) NOT NULL,
	timer_name VARCHAR(510) NOT NULL,
	due_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	version BIGINT NOT NULL,
	payload VARBINARY NOT NULL,
	claimant VARCHAR(510),
	claimed_until TIMESTAMP(6) WITH TIME ZONE,
	CONSTRAINT ${prefix}timer_pk PRIMARY KEY (timer_group, timer_key, timer_name)
);

-- Polling for due timers, earliest first.
CREATE INDEX IF NOT EXISTS ${prefix}timer_due_idx ON ${prefix}timer (due_at, timer_name);

-- The versions of timers: every schedule draws one from this counter row, under its row lock until it commits.
INSERT INTO ${prefix}journal_position (id, last_position)
	SELECT 3, 0 FROM DUAL
	WHERE NOT EXISTS (SELECT 1 FROM ${prefix}journal_position WHERE id = 3);
