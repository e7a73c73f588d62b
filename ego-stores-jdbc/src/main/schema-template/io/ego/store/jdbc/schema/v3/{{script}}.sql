-- eGo JDBC stores, schema version 3, {{product}}: the durable-state change feed.

-- Every write of a durable state gives it a new position from the counter row id = 2 of ${prefix}journal_position,
-- whose row lock is held until the write commits (as the journal's row id = 1): positions become visible in commit
-- order, so reading the change feed by position is gap-free. Existing states are given positions in the upgrade.
ALTER TABLE ${prefix}durable_state {{addColumn}} position BIGINT NOT NULL DEFAULT 0;

SET @ego_state_position := (SELECT COALESCE(MAX(position), 0) FROM ${prefix}durable_state);

UPDATE ${prefix}durable_state SET position = (@ego_state_position := @ego_state_position + 1) WHERE position = 0;

INSERT IGNORE INTO ${prefix}journal_position (id, last_position)
	SELECT 2, COALESCE(MAX(position), 0) FROM ${prefix}durable_state;

{{createIndex}} ${prefix}durable_state_slice_idx ON ${prefix}durable_state (slice, position);
