-- eGo JDBC stores, schema version 6, PostgreSQL: durable timers (saga timeouts).

-- One row per scheduled timer, keyed by its owner (group: e.g. the saga's name, key: the saga instance) and its name.
-- Scheduling again replaces the row with a new version (from ${prefix}timer_version) and clears its claim. A poller
-- claims due rows (claimant, claimed_until) with SELECT ... FOR UPDATE SKIP LOCKED, fires them and deletes them if
-- the version is still the one it claimed; a claim that expires (its instance died) makes the row claimable again.
CREATE TABLE IF NOT EXISTS ${prefix}timer (
	timer_group VARCHAR(255) NOT NULL,
	timer_key VARCHAR(255) NOT NULL,
	timer_name VARCHAR(255) NOT NULL,
	due_at TIMESTAMPTZ NOT NULL,
	version BIGINT NOT NULL,
	payload BYTEA NOT NULL,
	claimant VARCHAR(255),
	claimed_until TIMESTAMPTZ,
	CONSTRAINT ${prefix}timer_pk PRIMARY KEY (timer_group, timer_key, timer_name)
);

-- Polling for due timers, earliest first.
CREATE INDEX IF NOT EXISTS ${prefix}timer_due_idx ON ${prefix}timer (due_at, timer_name);

-- The versions of timers: every schedule draws one.
CREATE SEQUENCE IF NOT EXISTS ${prefix}timer_version START WITH 1 INCREMENT BY 1;
