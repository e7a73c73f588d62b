-- eGo JDBC stores, schema version 8, {{product}}: the append procedure, one round trip per single-event append.

-- Appends one event to an entity in a transaction of its own, as the journal writer's transactions do (see the
-- module's README): the highest sequence number of the entity (deleted events included) must be p_expected; then the
-- position counter's row lock is taken (held until the commit, so positions become visible in commit order), and the
-- event is inserted at p_expected + 1 and committed. On a conflict nothing is written. Returns one row: the entity's
-- highest sequence number before the append (p_expected when it was written). Any error rolls the transaction back.
DROP PROCEDURE IF EXISTS ${prefix}append_event;

DELIMITER //
CREATE PROCEDURE ${prefix}append_event(
	IN p_persistence_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE {{collation}},
	IN p_expected BIGINT,
	IN p_entity_type VARCHAR(255) CHARACTER SET utf8mb4 COLLATE {{collation}},
	IN p_slice SMALLINT,
	IN p_event_type VARCHAR(255) CHARACTER SET utf8mb4 COLLATE {{collation}},
	IN p_payload LONGBLOB,
	IN p_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE {{collation}},
	IN p_write_time DATETIME(6),
	IN p_metadata LONGBLOB)
MODIFIES SQL DATA
BEGIN
	DECLARE v_actual BIGINT;
	DECLARE EXIT HANDLER FOR SQLEXCEPTION
	BEGIN
		ROLLBACK;
		RESIGNAL;
	END;
	START TRANSACTION;
	SET v_actual = GREATEST(
		COALESCE((SELECT j.seq_nr FROM ${prefix}journal j WHERE j.persistence_id = p_persistence_id
			ORDER BY j.seq_nr DESC LIMIT 1), 0),
		COALESCE((SELECT h.highest_seq_nr FROM ${prefix}journal_highest h WHERE h.persistence_id = p_persistence_id), 0));
	IF v_actual = p_expected THEN
		UPDATE ${prefix}journal_position SET last_position = LAST_INSERT_ID(last_position + 1) WHERE id = 1;
		IF ROW_COUNT() <> 1 THEN
			SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the position counter row (id 1) of ${prefix}journal_position is missing';
		END IF;
		INSERT INTO ${prefix}journal (position, persistence_id, seq_nr, entity_type, slice, event_type, payload, key_id,
			write_time, metadata)
		VALUES (LAST_INSERT_ID(), p_persistence_id, p_expected + 1, p_entity_type, p_slice, p_event_type, p_payload,
			p_key_id, p_write_time, p_metadata);
		COMMIT;
	ELSE
		ROLLBACK;
	END IF;
	SELECT v_actual;
END//
DELIMITER ;
