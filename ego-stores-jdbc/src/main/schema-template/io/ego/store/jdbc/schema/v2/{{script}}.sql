-- eGo JDBC stores, schema version 2, {{product}}: erasure markers.

-- Entities erased by crypto-shredding: later commands are rejected, or the entity starts over after
-- erased_to_seq_nr, depending on the erasure mode.
CREATE TABLE IF NOT EXISTS ${prefix}erasure_marker (
	persistence_id VARCHAR(255) NOT NULL,
	entity_type VARCHAR(255) NOT NULL,
	erased_to_seq_nr BIGINT NOT NULL,
	erased_at DATETIME(6) NOT NULL,
	PRIMARY KEY (persistence_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};
