package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import io.ego.core.store.StoreException;

/**
 * The databases the JDBC stores support. Each has its own schema script
 * ({@code io/ego/store/jdbc/schema/v<n>/<name>.sql}) and its own way of keeping reads by
 * position gap-free.
 *
 * @author eGo team
 * @since 0.1.0
 */
public enum JdbcDialect {

	/**
	 * PostgreSQL 13 or later: transaction ids ({@code xid8}) below the reader's snapshot
	 * horizon.
	 */
	POSTGRESQL("postgresql", new PostgresDialect()),

	/** MariaDB 10.5 or later: positions allocated under a row lock held until commit. */
	MARIADB("mariadb", new MariaDbDialect("utf8mb4_nopad_bin")),

	/**
	 * MySQL 8.0 or later: as MariaDB, with MySQL's binary collation (not verified in CI).
	 */
	MYSQL("mysql", new MariaDbDialect("utf8mb4_0900_bin")),

	/** H2 2.x: positions allocated under a row lock held until commit. */
	H2("h2", new H2Dialect());

	private final String scriptName;

	private final SqlDialect sql;

	JdbcDialect(String scriptName, SqlDialect sql) {
		this.scriptName = scriptName;
		this.sql = sql;
	}

	/**
	 * @return the file name (without {@code .sql}) of this dialect's schema scripts
	 */
	public String scriptName() {
		return this.scriptName;
	}

	SqlDialect sql() {
		return this.sql;
	}

	/**
	 * Detects the dialect of a database from its connection metadata.
	 * @param dataSource the database
	 * @return the dialect
	 * @throws StoreException when the database cannot be reached or is not supported
	 */
	public static JdbcDialect detect(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return of(connection.getMetaData());
		}
		catch (SQLException ex) {
			throw new StoreException("could not detect the database dialect: " + ex.getMessage(), ex);
		}
	}

	static JdbcDialect of(DatabaseMetaData metaData) throws SQLException {
		String product = metaData.getDatabaseProductName();
		String name = (product != null) ? product.toLowerCase(Locale.ROOT) : "";
		if (name.contains("postgresql")) {
			int major = metaData.getDatabaseMajorVersion();
			if (major < 13) {
				throw new StoreException("PostgreSQL " + metaData.getDatabaseProductVersion()
						+ " is not supported: the journal needs PostgreSQL 13 or later (xid8 transaction ids)");
			}
			return POSTGRESQL;
		}
		if (name.contains("mariadb")) {
			return MARIADB;
		}
		if (name.contains("mysql")) {
			String version = metaData.getDatabaseProductVersion();
			return (version != null && version.toLowerCase(Locale.ROOT).contains("mariadb")) ? MARIADB : MYSQL;
		}
		if (name.equals("h2")) {
			return H2;
		}
		throw new StoreException("database '" + product + "' is not supported by the eGo JDBC stores; supported: "
				+ "PostgreSQL, MariaDB, MySQL, H2");
	}

}
