-- eGo JDBC stores, schema version 3, H2: the durable-state change feed.

-- Every write of a durable state gives it a new position from the counter row id = 2 of ${prefix}journal_position,
-- whose row lock is held until the write commits (as the journal's row id = 1): positions become visible in commit
-- order, so reading the change feed by position is gap-free. Existing states are given positions in the upgrade.
ALTER TABLE ${prefix}durable_state ADD COLUMN IF NOT EXISTS position BIGINT DEFAULT 0 NOT NULL;

CREATE SEQUENCE IF NOT EXISTS ${prefix}durable_state_upgrade START WITH 1;

UPDATE ${prefix}durable_state SET position = NEXT VALUE FOR ${prefix}durable_state_upgrade WHERE position = 0;

DROP SEQUENCE IF EXISTS ${prefix}durable_state_upgrade;

INSERT INTO ${prefix}journal_position (id, last_position)
	SELECT 2, COALESCE(MAX(position), 0) FROM ${prefix}durable_state
	WHERE NOT EXISTS (SELECT 1 FROM ${prefix}journal_position WHERE id = 2);

CREATE INDEX IF NOT EXISTS ${prefix}durable_state_slice_idx ON ${prefix}durable_state (slice, position);
