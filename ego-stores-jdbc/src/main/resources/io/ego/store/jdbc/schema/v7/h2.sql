-- eGo JDBC stores, schema version 7, H2: the saga index (the status of every saga instance).

-- One row per saga instance, written by the saga's dispatcher from the instance's events: a row is only replaced by
-- the status of a later event (a higher seq_nr), so re-reads after a restart never move it back.
CREATE TABLE IF NOT EXISTS ${prefix}saga_index (
	saga_name VARCHAR(510) NOT NULL,
	saga_id VARCHAR(510) NOT NULL,
	status VARCHAR(16) NOT NULL,
	seq_nr BIGINT NOT NULL,
	updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	reason VARCHAR(1000) NOT NULL,
	CONSTRAINT ${prefix}saga_index_pk PRIMARY KEY (saga_name, saga_id)
);

-- Counting and listing a saga's instances by status, by id.
CREATE INDEX IF NOT EXISTS ${prefix}saga_index_status_idx ON ${prefix}saga_index (saga_name, status, saga_id);
