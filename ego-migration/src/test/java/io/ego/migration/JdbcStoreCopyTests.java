package io.ego.migration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The copy between every pair of real databases the project supports: H2, PostgreSQL
 * (local, else embedded) and MariaDB (local; skipped, saying so, where it is not
 * reachable), and from memory. Each test gets fresh databases.
 */
class JdbcStoreCopyTests {

	abstract static class Pair extends StoreCopyContract {

		private TestDatabase sourceDatabase;

		private TestDatabase targetDatabase;

		private MigrationStores source;

		private MigrationStores target;

		abstract TestDatabase sourceDatabase() throws Exception;

		abstract TestDatabase targetDatabase() throws Exception;

		@BeforeEach
		void open() throws Exception {
			this.sourceDatabase = sourceDatabase();
			this.targetDatabase = targetDatabase();
			this.source = this.sourceDatabase.stores();
			this.target = this.targetDatabase.stores();
		}

		@AfterEach
		void close() throws Exception {
			this.sourceDatabase.close();
			this.targetDatabase.close();
		}

		@Override
		MigrationStores source() {
			return this.source;
		}

		@Override
		MigrationStores target() {
			return this.target;
		}

	}

	static void requireMariaDb() {
		assumeTrue(TestDatabase.mariadbReachable(), "no MariaDB at 127.0.0.1:3306 (root, no password)");
	}

	@Nested
	class H2ToPostgres extends Pair {

		@Override
		TestDatabase sourceDatabase() {
			return TestDatabase.h2();
		}

		@Override
		TestDatabase targetDatabase() throws Exception {
			return TestDatabase.postgres();
		}

	}

	@Nested
	class PostgresToH2 extends Pair {

		@Override
		TestDatabase sourceDatabase() throws Exception {
			return TestDatabase.postgres();
		}

		@Override
		TestDatabase targetDatabase() {
			return TestDatabase.h2();
		}

	}

	@Nested
	class PostgresToMariaDb extends Pair {

		@Override
		TestDatabase sourceDatabase() throws Exception {
			requireMariaDb();
			return TestDatabase.postgres();
		}

		@Override
		TestDatabase targetDatabase() throws Exception {
			return TestDatabase.mariadb();
		}

	}

	@Nested
	class MariaDbToPostgres extends Pair {

		@Override
		TestDatabase sourceDatabase() throws Exception {
			requireMariaDb();
			return TestDatabase.mariadb();
		}

		@Override
		TestDatabase targetDatabase() throws Exception {
			return TestDatabase.postgres();
		}

	}

	@Nested
	class H2ToMariaDb extends Pair {

		@Override
		TestDatabase sourceDatabase() throws Exception {
			requireMariaDb();
			return TestDatabase.h2();
		}

		@Override
		TestDatabase targetDatabase() throws Exception {
			return TestDatabase.mariadb();
		}

	}

	@Nested
	class MariaDbToH2 extends Pair {

		@Override
		TestDatabase sourceDatabase() throws Exception {
			requireMariaDb();
			return TestDatabase.mariadb();
		}

		@Override
		TestDatabase targetDatabase() {
			return TestDatabase.h2();
		}

	}

}
