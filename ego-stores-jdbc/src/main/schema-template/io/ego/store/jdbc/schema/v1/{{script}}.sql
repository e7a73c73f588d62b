-- eGo JDBC stores, schema version 1, {{supported}}.
-- ${prefix} is replaced by the configured table prefix (default "ego_").
-- Identifiers compare byte by byte, without trailing-space padding ({{collation}}): 'A' <> 'a' <> 'a '.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
	version INT NOT NULL,
	description VARCHAR(255) NOT NULL,
	installed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
	PRIMARY KEY (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

-- The journal. position is the global position, allocated from ${prefix}journal_position whose row lock is held
-- until commit, so positions become visible in commit order (see the module's README).
CREATE TABLE IF NOT EXISTS ${prefix}journal (
	position BIGINT NOT NULL,
	persistence_id VARCHAR(255) NOT NULL,
	seq_nr BIGINT NOT NULL,
	entity_type VARCHAR(255) NOT NULL,
	slice SMALLINT NOT NULL,
	event_type VARCHAR(255) NOT NULL,
	payload LONGBLOB NOT NULL,
	key_id VARCHAR(255),
	write_time DATETIME(6) NOT NULL,
	metadata LONGBLOB,
	PRIMARY KEY (position),
	UNIQUE KEY ${prefix}journal_seq_uk (persistence_id, seq_nr),
	KEY ${prefix}journal_slice_idx (slice, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

-- The highest sequence number of an entity whose latest events were deleted, so that it stays known.
CREATE TABLE IF NOT EXISTS ${prefix}journal_highest (
	persistence_id VARCHAR(255) NOT NULL,
	highest_seq_nr BIGINT NOT NULL,
	PRIMARY KEY (persistence_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

-- The last allocated position, one row. Journal writers update it inside their transaction.
CREATE TABLE IF NOT EXISTS ${prefix}journal_position (
	id INT NOT NULL,
	last_position BIGINT NOT NULL,
	PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

INSERT IGNORE INTO ${prefix}journal_position (id, last_position) VALUES (1, 0);

CREATE TABLE IF NOT EXISTS ${prefix}snapshot (
	persistence_id VARCHAR(255) NOT NULL,
	seq_nr BIGINT NOT NULL,
	entity_type VARCHAR(255) NOT NULL,
	state_type VARCHAR(255) NOT NULL,
	payload LONGBLOB NOT NULL,
	key_id VARCHAR(255),
	write_time DATETIME(6) NOT NULL,
	PRIMARY KEY (persistence_id, seq_nr)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

CREATE TABLE IF NOT EXISTS ${prefix}durable_state (
	persistence_id VARCHAR(255) NOT NULL,
	revision BIGINT NOT NULL,
	entity_type VARCHAR(255) NOT NULL,
	slice SMALLINT NOT NULL,
	state_type VARCHAR(255) NOT NULL,
	payload LONGBLOB NOT NULL,
	key_id VARCHAR(255),
	write_time DATETIME(6) NOT NULL,
	PRIMARY KEY (persistence_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

CREATE TABLE IF NOT EXISTS ${prefix}consumer_offset (
	consumer VARCHAR(255) NOT NULL,
	partition_id VARCHAR(255) NOT NULL,
	position BIGINT NOT NULL,
	updated_at DATETIME(6) NOT NULL,
	PRIMARY KEY (consumer, partition_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

-- Events a consumer (projection, publisher) gave up on, with a copy of the event (retention may delete it).
CREATE TABLE IF NOT EXISTS ${prefix}dead_letter (
	id BIGINT NOT NULL AUTO_INCREMENT,
	consumer VARCHAR(255) NOT NULL,
	persistence_id VARCHAR(255) NOT NULL,
	seq_nr BIGINT NOT NULL,
	position BIGINT NOT NULL,
	event_type VARCHAR(255) NOT NULL,
	payload LONGBLOB NOT NULL,
	key_id VARCHAR(255),
	write_time DATETIME(6) NOT NULL,
	metadata LONGBLOB,
	cause TEXT NOT NULL,
	attempts INTEGER NOT NULL,
	failed_at DATETIME(6) NOT NULL,
	PRIMARY KEY (id),
	KEY ${prefix}dead_letter_consumer_idx (consumer, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};

-- Wrapped data keys of entities (encryption at rest). Erasure (crypto-shredding) nulls wrapped_key, keeping the row.
CREATE TABLE IF NOT EXISTS ${prefix}data_key (
	key_id VARCHAR(255) NOT NULL,
	persistence_id VARCHAR(255) NOT NULL,
	wrapped_key BLOB,
	master_key_id VARCHAR(255) NOT NULL,
	created_at DATETIME(6) NOT NULL,
	erased_at DATETIME(6),
	PRIMARY KEY (key_id),
	KEY ${prefix}data_key_entity_idx (persistence_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};
