-- eGo JDBC stores, schema version 2, PostgreSQL: erasure markers, and data key ids compared byte by byte (so that
-- paging through them by key id does not depend on the database's locale).

ALTER TABLE ${prefix}data_key ALTER COLUMN key_id TYPE VARCHAR(255) COLLATE "C";

-- Entities erased by crypto-shredding: later commands are rejected, or the entity starts over after
-- erased_to_seq_nr, depending on the erasure mode.
CREATE TABLE IF NOT EXISTS ${prefix}erasure_marker (
	persistence_id VARCHAR(255) NOT NULL,
	entity_type VARCHAR(255) NOT NULL,
	erased_to_seq_nr BIGINT NOT NULL,
	erased_at TIMESTAMPTZ NOT NULL,
	CONSTRAINT ${prefix}erasure_marker_pk PRIMARY KEY (persistence_id)
);
