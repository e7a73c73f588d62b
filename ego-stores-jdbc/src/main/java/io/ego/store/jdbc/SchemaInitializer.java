package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.ego.core.store.StoreException;
import io.ego.store.jdbc.JdbcStoreOptions.InitializeSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the schema versions a database lacks (when configured) and checks that the
 * tables a store needs exist.
 * <p>
 * Versions are recorded in {@code <prefix>schema_version}; version {@code n} is the
 * script {@code io/ego/store/jdbc/schema/v<n>/<dialect>.sql}. A later release adds
 * {@code v2} scripts (e.g. {@code ALTER} statements) and a {@link Version} entry;
 * databases at version 1 are then upgraded on start-up. Initialization runs under a lock
 * (an advisory lock on PostgreSQL, {@code GET_LOCK} on MariaDB/MySQL) so that several
 * instances starting together apply each version once.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class SchemaInitializer {

	/** The schema versions this release knows, in order. */
	static final List<Version> VERSIONS = List.of(
			new Version(1, "journal, snapshots, durable state, offsets, dead letters, data keys"),
			new Version(2, "erasure markers; data key ids in byte order"),
			new Version(3, "durable-state change feed: positions of durable states"),
			new Version(4, "leases of journal consumer workers (owner, expiry, fencing token)"),
			new Version(5, "durable-state change feed head: index on the position (PostgreSQL), counter row (others)"),
			new Version(6, "durable timers (saga timeouts): due time, version, claim"),
			new Version(7, "saga index: the status of every saga instance"),
			new Version(8, "MariaDB/MySQL: the append procedure (one round trip per single-event append)"));

	private static final Logger logger = LoggerFactory.getLogger(SchemaInitializer.class);

	private SchemaInitializer() {
	}

	/**
	 * Initializes the schema when the mode asks for it, then checks it.
	 * @param dataSource the database
	 * @param dialect its dialect
	 * @param tables the tables
	 * @param mode the initialization mode
	 * @param requiredTables the tables the calling store needs
	 * @throws StoreException when the schema is missing, too old, or cannot be created
	 */
	static void prepare(DataSource dataSource, JdbcDialect dialect, Tables tables, InitializeSchema mode,
			List<String> requiredTables) {
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			boolean apply = switch (mode) {
				case ALWAYS -> true;
				case NEVER -> false;
				case EMBEDDED -> dialect.sql().isEmbedded(connection.getMetaData().getURL());
			};
			if (apply) {
				initialize(connection, dialect, tables, latest());
			}
			check(connection, dialect, tables, requiredTables);
		}
		catch (SQLException ex) {
			throw new StoreException("could not prepare the eGo schema (" + dialect + ", prefix '" + tables.prefix()
					+ "'): " + ex.getMessage(), ex);
		}
	}

	/**
	 * Applies the schema versions a database lacks, up to a version.
	 * @param connection a connection in auto-commit mode
	 * @param dialect the dialect
	 * @param tables the tables
	 * @param upTo the highest version to apply
	 * @throws SQLException when a script fails
	 */
	static void initialize(Connection connection, JdbcDialect dialect, Tables tables, int upTo) throws SQLException {
		SqlDialect sql = dialect.sql();
		sql.lockSchema(connection, tables);
		try {
			int current = currentVersion(connection, tables);
			for (Version version : VERSIONS) {
				if (version.number() > current && version.number() <= upTo) {
					apply(connection, dialect, tables, version);
				}
			}
		}
		finally {
			sql.unlockSchema(connection, tables);
		}
	}

	private static void apply(Connection connection, JdbcDialect dialect, Tables tables, Version version)
			throws SQLException {
		Map<String, String> placeholders = new HashMap<>(dialect.sql().placeholders(tables));
		placeholders.put("prefix", tables.prefix());
		String location = SqlScript.location(version.number(), dialect);
		List<String> statements = SqlScript.load(location, placeholders);
		// one transaction: all-or-nothing on PostgreSQL; MariaDB and H2 commit each DDL
		// statement, and the scripts use IF NOT EXISTS so that a half-applied version can
		// be applied again
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO " + tables.schemaVersion() + " (version, description) VALUES (?, ?)")) {
				insert.setInt(1, version.number());
				insert.setString(2, version.description());
				insert.executeUpdate();
			}
			connection.commit();
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
		logger.info("Applied eGo schema version {} ({}) with table prefix '{}'", version.number(), location,
				tables.prefix());
	}

	private static void check(Connection connection, JdbcDialect dialect, Tables tables, List<String> requiredTables) {
		int version = currentVersion(connection, tables);
		int latest = latest();
		String howToFix = "set initialize-schema to 'always' (with Spring Boot: ego.store.jdbc.initialize-schema=always)"
				+ " or apply " + SqlScript.location(Math.max(version + 1, 1), dialect)
				+ (version + 1 < latest ? " and the later scripts" : "") + " (replacing ${prefix} with '"
				+ tables.prefix() + "')";
		if (version < 0) {
			throw new StoreException(
					"the eGo schema is missing: table '" + tables.schemaVersion() + "' does not exist; " + howToFix);
		}
		if (version < latest) {
			throw new StoreException("the eGo schema is at version " + version + " but this release needs version "
					+ latest + " (table '" + tables.schemaVersion() + "'); " + howToFix);
		}
		if (version > latest) {
			logger.warn("The eGo schema (prefix '{}') is at version {}, newer than this release knows ({})",
					tables.prefix(), version, latest);
		}
		for (String table : requiredTables) {
			if (!exists(connection, table)) {
				throw new StoreException("table '" + table + "' of the eGo schema is missing; " + howToFix);
			}
		}
		if (dialect.sql() instanceof MariaDbDialect && requiredTables.contains(tables.journal())
				&& !appendProcedureVisible(connection, tables)) {
			throw new StoreException("the journal's append procedure '" + tables.prefix()
					+ "append_event' (schema version 8) is missing or not executable by this user: apply "
					+ SqlScript.location(8, dialect) + " (replacing ${prefix} with '" + tables.prefix()
					+ "'; creating it needs the CREATE ROUTINE privilege) and grant EXECUTE on it");
		}
	}

	/**
	 * Tells whether the append procedure of MariaDB/MySQL is in the current database and
	 * visible to this user ({@code information_schema} lists the routines a user may
	 * use).
	 */
	private static boolean appendProcedureVisible(Connection connection, Tables tables) {
		try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM information_schema.ROUTINES "
				+ "WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = ? AND ROUTINE_TYPE = 'PROCEDURE'")) {
			statement.setString(1, tables.prefix() + "append_event");
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next();
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not look up the append procedure: {}", ex.getMessage());
			return false;
		}
	}

	/**
	 * @return the latest schema version this release knows
	 */
	static int latest() {
		return VERSIONS.get(VERSIONS.size() - 1).number();
	}

	/**
	 * Returns the schema version of a database.
	 * @param connection a connection in auto-commit mode
	 * @param tables the tables
	 * @return the highest applied version, {@code 0} when none, {@code -1} when the
	 * version table is missing
	 */
	static int currentVersion(Connection connection, Tables tables) {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM " + tables.schemaVersion())) {
			return rs.next() ? rs.getInt(1) : 0;
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	private static boolean exists(Connection connection, String table) {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0")) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * A schema version.
	 *
	 * @param number the version number, from 1
	 * @param description what it adds
	 * @author eGo team
	 * @since 0.1.0
	 */
	record Version(int number, String description) {
	}

}
