-- eGo JDBC stores, schema version 3, PostgreSQL: the durable-state change feed.

-- Every write of a durable state gives it a new position, allocated by ${prefix}allocate_positions like the
-- journal's (from the same sequence, so among all writers transaction-id order is position order), and records the
-- writing transaction in tx_id; readers of the change feed only return rows below the snapshot horizon, as journal
-- readers do (see the module's README). Existing states are given positions in the upgrade.
ALTER TABLE ${prefix}durable_state ADD COLUMN IF NOT EXISTS position BIGINT;

ALTER TABLE ${prefix}durable_state ADD COLUMN IF NOT EXISTS tx_id XID8 NOT NULL DEFAULT pg_current_xact_id();

UPDATE ${prefix}durable_state SET position = nextval('${prefix}journal_position') WHERE position IS NULL;

ALTER TABLE ${prefix}durable_state ALTER COLUMN position SET NOT NULL;

CREATE INDEX IF NOT EXISTS ${prefix}durable_state_slice_idx ON ${prefix}durable_state (slice, position);
