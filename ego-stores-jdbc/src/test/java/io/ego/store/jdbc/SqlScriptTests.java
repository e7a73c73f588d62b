package io.ego.store.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How schema scripts are split into statements.
 *
 * @author eGo team
 * @since 0.2.0
 */
class SqlScriptTests {

	@Test
	void statementsEndAtSemicolonsOutsideQuotesCommentsAndDollarBodies() {
		assertThat(SqlScript.split("""
				-- a comment; not a statement
				CREATE TABLE t (a VARCHAR(10) DEFAULT 'x;y');
				CREATE FUNCTION f() RETURNS INT AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;
				""")).containsExactly("CREATE TABLE t (a VARCHAR(10) DEFAULT 'x;y')",
				"CREATE FUNCTION f() RETURNS INT AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql");
	}

	@Test
	void aDelimiterLineChangesWhatEndsAStatementUntilTheNextOne() {
		assertThat(SqlScript.split("""
				DROP PROCEDURE IF EXISTS p;
				DELIMITER //
				CREATE PROCEDURE p()
				BEGIN
					SELECT 1;
					SELECT 2;
				END//
				DELIMITER ;
				SELECT 3;
				""")).containsExactly("DROP PROCEDURE IF EXISTS p", """
				CREATE PROCEDURE p()
				BEGIN
					SELECT 1;
					SELECT 2;
				END""", "SELECT 3");
	}

	@Test
	void aDelimiterLineWithoutADelimiterIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SqlScript.split("DELIMITER \nSELECT 1;"))
			.withMessageContaining("DELIMITER");
	}

}
