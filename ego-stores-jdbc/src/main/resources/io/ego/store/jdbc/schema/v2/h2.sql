-- eGo JDBC stores, schema version 2, H2: erasure markers.

-- Entities erased by crypto-shredding: later commands are rejected, or the entity starts over after
-- erased_to_seq_nr, depending on the erasure mode.
CREATE TABLE IF NOT EXISTS ${prefix}erasure_marker (
	persistence_id VARCHAR(510) NOT NULL,
	entity_type VARCHAR(510) NOT NULL,
	erased_to_seq_nr BIGINT NOT NULL,
	erased_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	CONSTRAINT ${prefix}erasure_marker_pk PRIMARY KEY (persistence_id)
);
