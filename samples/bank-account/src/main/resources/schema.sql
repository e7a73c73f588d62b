-- The sample's read models (spring.sql.init.mode=always runs this on every start-up, on H2 and PostgreSQL).
-- The eGo tables (ego_*) are created by the starter (ego.store.jdbc.initialize-schema), not here.

-- BalanceProjection (account-balances, exactly-once): one row per account, a Spring Data JDBC aggregate.
CREATE TABLE IF NOT EXISTS account_balance (
	account_id VARCHAR(255) NOT NULL,
	balance BIGINT NOT NULL,
	last_sequence_nr BIGINT NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
	version BIGINT NOT NULL,
	CONSTRAINT account_balance_pk PRIMARY KEY (account_id)
);

CREATE INDEX IF NOT EXISTS account_balance_balance_idx ON account_balance (balance);

-- StatementProjection (account-statement, at-least-once, idempotent by journal position): one row per event.
CREATE TABLE IF NOT EXISTS account_statement (
	position BIGINT NOT NULL,
	account_id VARCHAR(255) NOT NULL,
	sequence_nr BIGINT NOT NULL,
	kind VARCHAR(16) NOT NULL,
	amount BIGINT NOT NULL,
	written_at TIMESTAMP WITH TIME ZONE NOT NULL,
	CONSTRAINT account_statement_pk PRIMARY KEY (position)
);

CREATE INDEX IF NOT EXISTS account_statement_account_idx ON account_statement (account_id, sequence_nr);
