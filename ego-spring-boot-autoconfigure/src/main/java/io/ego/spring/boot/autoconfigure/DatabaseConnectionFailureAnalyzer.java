package io.ego.spring.boot.autoconfigure;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a start-up that failed on its database: the server unreachable (a closed port,
 * an unknown host), a database that does not exist, or credentials refused. (A database
 * without the eGo tables fails with the JDBC stores' own message, which names
 * {@code initialize-schema} and the scripts.) The analysis says what was tried (the
 * DataSource URL and user from {@code spring.datasource.*}) and what to do, instead of a
 * stack trace whose cause is at its end. Other database failures are left to the next
 * analyzer.
 *
 * @author eGo team
 */
class DatabaseConnectionFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private final Environment environment;

	DatabaseConnectionFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		Kind kind = kind(rootFailure);
		if (kind == null) {
			return null;
		}
		String url = this.environment.getProperty("spring.datasource.url", "(the DataSource bean's URL)");
		String user = this.environment.getProperty("spring.datasource.username", "(the DataSource bean's user)");
		String tried = "Tried the DataSource at " + url + " as user " + user + ": " + deepestMessage(rootFailure);
		return switch (kind) {
			case UNREACHABLE -> new FailureAnalysis("The database server could not be reached. " + tried,
					"Check that the database server is running and accepts connections at the host and port of "
							+ "spring.datasource.url, or fix the URL.",
					cause);
			case MISSING_DATABASE -> new FailureAnalysis("The database does not exist on its server. " + tried,
					"Create the database (e.g. CREATE DATABASE ...) or fix the database name in "
							+ "spring.datasource.url.",
					cause);
			case REFUSED_CREDENTIALS -> new FailureAnalysis("The database refused the credentials. " + tried,
					"Check spring.datasource.username and spring.datasource.password.", cause);
		};
	}

	private static @Nullable Kind kind(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
				return Kind.UNREACHABLE;
			}
			if (cause instanceof SQLException sql) {
				Kind kind = kind(sql);
				if (kind != null) {
					return kind;
				}
			}
		}
		return null;
	}

	private static @Nullable Kind kind(SQLException failure) {
		String state = (failure.getSQLState() != null) ? failure.getSQLState() : "";
		// PostgreSQL 3D000, MariaDB/MySQL 1049 "Unknown database", H2 90146 "Database
		// not found"
		if (state.equals("3D000") || failure.getErrorCode() == 1049 || failure.getErrorCode() == 90146) {
			return Kind.MISSING_DATABASE;
		}
		if (state.startsWith("28") || failure.getErrorCode() == 1045) {
			return Kind.REFUSED_CREDENTIALS;
		}
		if (state.startsWith("08")) {
			return Kind.UNREACHABLE;
		}
		return null;
	}

	private static String deepestMessage(Throwable failure) {
		String message = String.valueOf(failure.getMessage());
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return message;
	}

	private enum Kind {

		UNREACHABLE, MISSING_DATABASE, REFUSED_CREDENTIALS

	}

}
