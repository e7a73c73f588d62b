-- eGo JDBC stores, schema version 5 (the durable-state feed's head), PostgreSQL: an index leading on the position of
-- durable states. The head of the change feed (the highest position below the snapshot horizon, read every second
-- by the lag gauges) is one backward probe of it instead of a scan of every state; readers of a wide slice range
-- read it in position order instead of every (slice, position) entry after their offset.
-- MariaDB, MySQL and H2 keep the head in the counter row (journal_position id = 2): their v5 scripts only check the counter.

CREATE INDEX IF NOT EXISTS ${prefix}durable_state_position_idx ON ${prefix}durable_state (position);
