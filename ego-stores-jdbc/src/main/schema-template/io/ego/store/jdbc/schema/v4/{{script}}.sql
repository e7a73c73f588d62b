-- eGo JDBC stores, schema version 4, {{product}}: leases of journal consumer workers.

-- One row per (consumer, partition) ever leased. The instance in owner_id runs the worker until expires_at unless it
-- renews the lease; a released lease keeps its row (owner_id NULL) so that the next holder gets a higher
-- fencing_token, which every offset commit checks (a former holder can no longer commit). Offsets are unchanged: an
-- upgraded database keeps them, and the first commit under a lease moves them on.
CREATE TABLE IF NOT EXISTS ${prefix}consumer_lease (
	consumer VARCHAR(255) NOT NULL,
	partition_id VARCHAR(255) NOT NULL,
	owner_id VARCHAR(255),
	fencing_token BIGINT NOT NULL,
	expires_at DATETIME(6) NOT NULL,
	PRIMARY KEY (consumer, partition_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={{collation}};
