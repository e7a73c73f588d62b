-- eGo JDBC stores, schema version 7, {{product}}: the saga index (the status of every saga instance).

-- One row per saga instance, written by the saga's dispatcher from the instance's events: a row is only replaced by
-- the status of a later event (a higher seq_nr), so re-reads after a restart never move it back. The status index is
-- (255 + 16 + 255) x 4 bytes of utf8mb4: 2,104 bytes, within InnoDB's 3,072.
CREATE TABLE IF NOT EXISTS ${prefix}saga_index (
	saga_name VARCHAR(255) NOT NULL,
	saga_id VARCHAR(255) NOT NULL,
	status VARCHAR(16) NOT NULL,
	seq_nr BIGINT NOT NULL,
	updated_at DATETIME(6) NOT NULL,
	reason VARCHAR(1000) NOT NULL,
	PRIMARY KEY (saga_name, saga_id),
	INDEX ${prefix}saga_index_status_idx (saga_name, status, saga_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};
