package io.ego.store.jdbc;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every JDBC store holds: the data source, the resolved dialect, the table names,
 * the options, and the Spring helpers on top. Creating one detects the dialect and
 * prepares the schema.
 * <p>
 * Single statements run through {@link JdbcClient}, so they join a Spring transaction the
 * caller has open on the same data source (e.g. a projection saving its offset with its
 * read model).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class StoreContext {

	private final DataSource dataSource;

	private final JdbcDialect dialect;

	private final Tables tables;

	private final JdbcStoreOptions options;

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private StoreContext(DataSource dataSource, JdbcDialect dialect, JdbcStoreOptions options) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.tables = new Tables(options.tablePrefix());
		this.options = options;
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.jdbc = JdbcClient.create(this.jdbcTemplate);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	/**
	 * Creates the context of a store: resolves the dialect and prepares the schema.
	 * @param dataSource the database
	 * @param options the options
	 * @param requiredTables the tables the store needs, by dialect and table names
	 * @return the context
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	static StoreContext open(DataSource dataSource, JdbcStoreOptions options,
			BiFunction<JdbcDialect, Tables, List<String>> requiredTables) {
		Objects.requireNonNull(dataSource, "dataSource");
		Objects.requireNonNull(options, "options");
		JdbcDialect dialect = (options.dialect() != null) ? options.dialect() : JdbcDialect.detect(dataSource);
		StoreContext context = new StoreContext(dataSource, dialect, options);
		SchemaInitializer.prepare(dataSource, dialect, context.tables, options.initializeSchema(),
				requiredTables.apply(dialect, context.tables));
		return context;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	JdbcDialect dialect() {
		return this.dialect;
	}

	SqlDialect sql() {
		return this.dialect.sql();
	}

	Tables tables() {
		return this.tables;
	}

	JdbcStoreOptions options() {
		return this.options;
	}

	JdbcTemplate jdbcTemplate() {
		return this.jdbcTemplate;
	}

	JdbcClient jdbc() {
		return this.jdbc;
	}

	TransactionTemplate transactions() {
		return this.transactions;
	}

	/**
	 * Runs a database operation, reporting Spring's data access exceptions as
	 * {@link StoreException}s.
	 * @param <T> the result type
	 * @param what the operation, for the message
	 * @param operation the operation
	 * @return its result
	 */
	static <T extends @Nullable Object> T call(String what, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DataAccessException ex) {
			throw new StoreException(what + " failed: " + describe(ex.getMostSpecificCause()), ex);
		}
	}

	/**
	 * @return the failure's message, or its type when it has none (e.g. an
	 * {@code EOFException} of a lost connection)
	 */
	static String describe(Throwable failure) {
		String message = failure.getMessage();
		return (message != null && !message.isBlank()) ? message : failure.toString();
	}

	/**
	 * Runs a database operation without result, reporting failures as
	 * {@link StoreException}s.
	 * @param what the operation, for the message
	 * @param operation the operation
	 */
	static void run(String what, Runnable operation) {
		call(what, () -> {
			operation.run();
			return null;
		});
	}

}
