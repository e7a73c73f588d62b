-- eGo JDBC stores, schema version 5 (the durable-state feed's head). Only PostgreSQL gets an index on the position
-- (see its v5 script): here the head of the change feed is the counter row id = 2 of ${prefix}journal_position, one
-- primary-key read, which the state writers update under its row lock. The counter cannot be behind the states'
-- positions unless rows were written around the store (a restore, a hand-made fix); this puts it at least there.

UPDATE ${prefix}journal_position
	SET last_position = GREATEST(last_position, (SELECT COALESCE(MAX(position), 0) FROM ${prefix}durable_state))
	WHERE id = 2;
