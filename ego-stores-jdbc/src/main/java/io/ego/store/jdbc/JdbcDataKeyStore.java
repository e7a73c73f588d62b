package io.ego.store.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.RowMapper;

/**
 * A {@link DataKeyStore} on JDBC. Deleting an entity's keys (crypto-shredding) clears
 * their wrapped material and records when, keeping the rows as an audit trail; cleared
 * keys are never returned again.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcDataKeyStore implements DataKeyStore {

	private static final String COLUMNS = "key_id, persistence_id, wrapped_key, master_key_id, created_at";

	private final StoreContext context;

	private final RowMapper<DataKeyRecord> mapper;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcDataKeyStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcDataKeyStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.dataKey()));
		SqlDialect sql = this.context.sql();
		this.mapper = (rs, row) -> new DataKeyRecord(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getString(4),
				sql.instant(rs, 5));
	}

	@Override
	public void insert(DataKeyRecord key) {
		Checks.identifier("key id", key.keyId());
		Checks.identifier("persistence id", key.persistenceId());
		Checks.identifier("master key id", key.masterKeyId());
		SqlDialect sql = this.context.sql();
		try {
			StoreContext.run("inserting data key '" + key.keyId() + "'", () -> this.context.jdbcTemplate()
				.update("INSERT INTO " + this.context.tables().dataKey() + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
						(ps) -> {
							ps.setString(1, key.keyId());
							ps.setString(2, key.persistenceId());
							ps.setBytes(3, key.wrappedKey());
							ps.setString(4, key.masterKeyId());
							ps.setObject(5, sql.timestamp(key.createdAt()));
						}));
		}
		catch (StoreException ex) {
			if (ex.getCause() instanceof DataIntegrityViolationException violation
					&& violation.getMostSpecificCause() instanceof SQLException cause
					&& SqlDialect.isDuplicateKey(cause)) {
				throw new StoreException("data key '" + key.keyId() + "' exists", ex);
			}
			throw ex;
		}
	}

	@Override
	public @Nullable DataKeyRecord get(String keyId) {
		Checks.wellFormed("key id", keyId);
		List<DataKeyRecord> keys = StoreContext.call("reading data key '" + keyId + "'",
				() -> this.context.jdbc()
					.sql(select() + " WHERE key_id = ? AND wrapped_key IS NOT NULL")
					.param(keyId)
					.query(this.mapper)
					.list());
		return keys.isEmpty() ? null : keys.get(0);
	}

	@Override
	public @Nullable DataKeyRecord latest(String persistenceId) {
		Checks.wellFormed("persistence id", persistenceId);
		List<DataKeyRecord> keys = StoreContext.call("reading the data key of '" + persistenceId + "'",
				() -> this.context.jdbc()
					.sql(select() + " WHERE persistence_id = ? AND wrapped_key IS NOT NULL "
							+ "ORDER BY created_at DESC, key_id DESC LIMIT 1")
					.param(persistenceId)
					.query(this.mapper)
					.list());
		return keys.isEmpty() ? null : keys.get(0);
	}

	@Override
	public int deleteAll(String persistenceId) {
		Checks.wellFormed("persistence id", persistenceId);
		SqlDialect sql = this.context.sql();
		return StoreContext.call("shredding the data keys of '" + persistenceId + "'",
				() -> this.context.jdbcTemplate()
					.update("UPDATE " + this.context.tables().dataKey() + " SET wrapped_key = NULL, erased_at = ? "
							+ "WHERE persistence_id = ? AND wrapped_key IS NOT NULL", (ps) -> {
								ps.setObject(1, sql.timestamp(Instant.now()));
								ps.setString(2, persistenceId);
							}));
	}

	@Override
	public List<DataKeyRecord> wrappedByOtherThan(String masterKeyId, String afterKeyId, int limit) {
		Checks.wellFormed("master key id", masterKeyId);
		Checks.wellFormed("key id", afterKeyId);
		Checks.positive("limit", limit);
		return StoreContext.call("listing data keys to rewrap",
				() -> this.context.jdbc()
					.sql(select() + " WHERE master_key_id <> ? AND key_id > ? AND wrapped_key IS NOT NULL "
							+ "ORDER BY key_id LIMIT ?")
					.params(masterKeyId, afterKeyId, limit)
					.query(this.mapper)
					.list());
	}

	@Override
	public boolean rewrap(DataKeyRecord rewrapped, String expectedMasterKeyId) {
		Checks.wellFormed("key id", rewrapped.keyId());
		Checks.identifier("master key id", rewrapped.masterKeyId());
		Checks.wellFormed("expected master key id", expectedMasterKeyId);
		int rows = StoreContext.call("rewrapping data key '" + rewrapped.keyId() + "'",
				() -> this.context.jdbcTemplate()
					.update("UPDATE " + this.context.tables().dataKey() + " SET wrapped_key = ?, master_key_id = ? "
							+ "WHERE key_id = ? AND master_key_id = ? AND wrapped_key IS NOT NULL", (ps) -> {
								ps.setBytes(1, rewrapped.wrappedKey());
								ps.setString(2, rewrapped.masterKeyId());
								ps.setString(3, rewrapped.keyId());
								ps.setString(4, expectedMasterKeyId);
							}));
		return rows == 1;
	}

	@Override
	public List<DataKeyRecord> keysAfter(String afterKeyId, int limit) {
		Checks.wellFormed("key id", afterKeyId);
		Checks.positive("limit", limit);
		return StoreContext.call("listing data keys after '" + afterKeyId + "'",
				() -> this.context.jdbc()
					.sql(select() + " WHERE key_id > ? AND wrapped_key IS NOT NULL ORDER BY key_id LIMIT ?")
					.params(afterKeyId, limit)
					.query(this.mapper)
					.list());
	}

	private String select() {
		return "SELECT " + COLUMNS + " FROM " + this.context.tables().dataKey();
	}

}
