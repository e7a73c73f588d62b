package io.ego.store.jdbc;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.ego.core.store.DeadLetter;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * A {@link DeadLetterStore} on JDBC. Ids are assigned by the database (identity or
 * auto-increment column), so they increase in the order dead letters are added; a
 * consumer's dead letters are listed oldest first.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcDeadLetterStore implements DeadLetterStore {

	/**
	 * The longest cause kept, in characters; longer ones are cut (they fit MariaDB's
	 * {@code TEXT}).
	 */
	static final int MAX_CAUSE_LENGTH = 16_000;

	private static final String COLUMNS = "id, consumer, persistence_id, seq_nr, position, event_type, payload, "
			+ "write_time, metadata, cause, attempts, failed_at";

	private final StoreContext context;

	private final RowMapper<DeadLetter> mapper;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcDeadLetterStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcDeadLetterStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.deadLetter()));
		SqlDialect sql = this.context.sql();
		this.mapper = (rs, row) -> new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
				rs.getLong(5), rs.getString(6), rs.getBytes(7), sql.instant(rs, 8),
				MetadataCodec.decode(rs.getBytes(9)), rs.getString(10), rs.getInt(11), sql.instant(rs, 12));
	}

	@Override
	public DeadLetter add(DeadLetter deadLetter) {
		Checks.identifier("consumer", deadLetter.consumer());
		Checks.identifier("persistence id", deadLetter.persistenceId());
		Checks.identifier("event type", deadLetter.eventType());
		Checks.size("payload of the dead letter of " + deadLetter.persistenceId() + "#" + deadLetter.sequenceNr(),
				deadLetter.payload().length, this.context.options().maxPayloadSize());
		byte[] metadata = MetadataCodec.encode(deadLetter.metadata());
		String cause = (deadLetter.cause().length() > MAX_CAUSE_LENGTH)
				? deadLetter.cause().substring(0, MAX_CAUSE_LENGTH - 1) + "…" : deadLetter.cause();
		SqlDialect sql = this.context.sql();
		String insert = "INSERT INTO " + this.context.tables().deadLetter() + " (" + COLUMNS.substring("id, ".length())
				+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
		String idColumn = (this.context.dialect() == JdbcDialect.H2) ? "ID" : "id";
		KeyHolder keys = new GeneratedKeyHolder();
		StoreContext.run("adding a dead letter of '" + deadLetter.consumer() + "'",
				() -> this.context.jdbcTemplate().update((connection) -> {
					PreparedStatement ps = connection.prepareStatement(insert, new String[] { idColumn });
					ps.setString(1, deadLetter.consumer());
					ps.setString(2, deadLetter.persistenceId());
					ps.setLong(3, deadLetter.sequenceNr());
					ps.setLong(4, deadLetter.position());
					ps.setString(5, deadLetter.eventType());
					ps.setBytes(6, deadLetter.payload());
					ps.setObject(7, sql.timestamp(deadLetter.writeTime()));
					ps.setBytes(8, (metadata.length > 0) ? metadata : null);
					ps.setString(9, cause);
					ps.setInt(10, deadLetter.attempts());
					ps.setObject(11, sql.timestamp(deadLetter.failedAt()));
					return ps;
				}, keys));
		Map<String, Object> generated = keys.getKeys();
		if (generated == null || generated.isEmpty()) {
			throw new StoreException(
					"the database assigned no id to the dead letter of '" + deadLetter.consumer() + "'");
		}
		return deadLetter.withId(((Number) generated.values().iterator().next()).longValue());
	}

	@Override
	public List<DeadLetter> list(String consumer, int limit) {
		Checks.wellFormed("consumer", consumer);
		Checks.positive("limit", limit);
		return StoreContext.call("listing the dead letters of '" + consumer + "'",
				() -> this.context.jdbc()
					.sql("SELECT " + COLUMNS + " FROM " + this.context.tables().deadLetter()
							+ " WHERE consumer = ? ORDER BY id LIMIT ?")
					.params(consumer, limit)
					.query(this.mapper)
					.list());
	}

	@Override
	public @Nullable DeadLetter get(long id) {
		List<DeadLetter> letters = StoreContext.call("reading dead letter " + id,
				() -> this.context.jdbc()
					.sql("SELECT " + COLUMNS + " FROM " + this.context.tables().deadLetter() + " WHERE id = ?")
					.param(id)
					.query(this.mapper)
					.list());
		return letters.isEmpty() ? null : letters.get(0);
	}

	@Override
	public void delete(long id) {
		StoreContext.run("deleting dead letter " + id,
				() -> this.context.jdbc()
					.sql("DELETE FROM " + this.context.tables().deadLetter() + " WHERE id = ?")
					.param(id)
					.update());
	}

	@Override
	public int deleteByPersistenceId(String persistenceId, Collection<String> consumers) {
		Checks.wellFormed("persistence id", persistenceId);
		consumers.forEach((consumer) -> Checks.wellFormed("consumer", consumer));
		return DeadLetterStore.super.deleteByPersistenceId(persistenceId, consumers);
	}

	@Override
	public long count(String consumer) {
		Checks.wellFormed("consumer", consumer);
		return StoreContext.call("counting the dead letters of '" + consumer + "'",
				() -> this.context.jdbc()
					.sql("SELECT COUNT(*) FROM " + this.context.tables().deadLetter() + " WHERE consumer = ?")
					.param(consumer)
					.query(Long.class)
					.single());
	}

	@Override
	public List<DeadLetter> listAll(long afterId, int limit) {
		Checks.positive("limit", limit);
		return StoreContext.call("listing dead letters after id " + afterId,
				() -> this.context.jdbc()
					.sql("SELECT " + COLUMNS + " FROM " + this.context.tables().deadLetter()
							+ " WHERE id > ? ORDER BY id LIMIT ?")
					.params(afterId, limit)
					.query(this.mapper)
					.list());
	}

}
