package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.ego.core.store.StoreException;
import io.ego.core.store.TimerClaim;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.TimerStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.RowMapper;

/**
 * A {@link TimerStore} on JDBC: one row per timer in {@code timer}, keyed by (group, key,
 * name), with an index on the due time for polling.
 * <p>
 * Every {@link #schedule} draws a new version: on PostgreSQL from the sequence
 * {@code timer_version} (in the update of an existing row, under its row lock, so that a
 * later replacement always has the higher version), elsewhere from the counter row
 * {@code id = 3} of {@code journal_position}, whose row lock is held until the schedule
 * commits. {@link #claimDue} locks due, unclaimed (or claim-expired) rows with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}, earliest first, and records the claim in the
 * same transaction (on PostgreSQL one {@code UPDATE ... RETURNING}), so concurrent
 * pollers, in one process or several, never claim one timer twice while its claim lasts,
 * and none waits for another. A locking read sees the latest committed row, so a row
 * claimed by a poller that committed meanwhile is passed over. MariaDB before 10.6 (and
 * MySQL before 8.0) lacks {@code SKIP LOCKED}: there pollers lock with a plain
 * {@code FOR UPDATE} and wait for each other, with the same outcome. Times are kept to
 * the microsecond; statements join a Spring transaction open on the same data source.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class JdbcTimerStore implements TimerStore {

	private static final Logger logger = LoggerFactory.getLogger(JdbcTimerStore.class);

	private static final String COLUMNS = "timer_group, timer_key, timer_name, due_at, version, payload";

	private static final Comparator<TimerRecord> DUE_ORDER = Comparator.comparing(TimerRecord::dueAt)
		.thenComparing(TimerRecord::name)
		.thenComparing(TimerRecord::group)
		.thenComparing(TimerRecord::key);

	private final StoreContext context;

	private final String table;

	private final String schedule;

	private final String claimDue;

	/** {@link #schedule}'s statement without its result, for batches. */
	private final String scheduleInBatch;

	private final RowMapper<TimerRecord> mapper;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcTimerStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcTimerStore(DataSource dataSource, JdbcStoreOptions options) {
		this(dataSource, options, null);
	}

	/**
	 * Creates a store, for tests choosing whether claims skip locked rows.
	 * @param dataSource the database
	 * @param options the options
	 * @param skipLocked whether to lock with {@code SKIP LOCKED}; {@code null} to decide
	 * from the database's version
	 */
	JdbcTimerStore(DataSource dataSource, JdbcStoreOptions options, @Nullable Boolean skipLocked) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.timer()));
		Tables tables = this.context.tables();
		this.table = tables.timer();
		boolean skip = (skipLocked != null) ? skipLocked : supportsSkipLocked();
		String free = " WHERE due_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)"
				+ " ORDER BY due_at, timer_name LIMIT ? FOR UPDATE" + (skip ? " SKIP LOCKED" : "");
		if (this.context.dialect() == JdbcDialect.POSTGRESQL) {
			// not an upsert (SqlDialect#upsert): a replacement draws its version in the
			// update, under the row's lock, so that the later of two replacements has the
			// higher version
			this.schedule = "INSERT INTO " + this.table + " (" + COLUMNS + ", claimant, claimed_until) VALUES"
					+ " (?, ?, ?, ?, nextval('" + tables.timerVersion() + "'), ?, NULL, NULL)"
					+ " ON CONFLICT (timer_group, timer_key, timer_name) DO UPDATE SET due_at = EXCLUDED.due_at,"
					+ " version = nextval('" + tables.timerVersion() + "'), payload = EXCLUDED.payload,"
					+ " claimant = NULL, claimed_until = NULL RETURNING version";
			this.scheduleInBatch = this.schedule.substring(0, this.schedule.length() - " RETURNING version".length());
			this.claimDue = "UPDATE " + this.table + " SET claimant = ?, claimed_until = ?"
					+ " WHERE (timer_group, timer_key, timer_name) IN (SELECT timer_group, timer_key, timer_name FROM "
					+ this.table + free + ") RETURNING " + COLUMNS;
		}
		else {
			this.schedule = this.context.sql()
				.upsert(this.table, List.of("timer_group", "timer_key", "timer_name"),
						List.of("due_at", "version", "payload", "claimant", "claimed_until"));
			this.claimDue = "SELECT " + COLUMNS + " FROM " + this.table + free;
			this.scheduleInBatch = this.schedule;
		}
		if (!skip) {
			logger.warn("The {} server has no SELECT ... FOR UPDATE SKIP LOCKED: timer pollers wait for each other",
					this.context.dialect());
		}
		SqlDialect sql = this.context.sql();
		this.mapper = (rs, row) -> new TimerRecord(rs.getString(1), rs.getString(2), rs.getString(3),
				sql.instant(rs, 4), rs.getLong(5), rs.getBytes(6));
	}

	private boolean supportsSkipLocked() {
		return StoreContext.call("reading the database version",
				() -> this.context.jdbcTemplate().execute((ConnectionCallback<Boolean>) (connection) -> {
					DatabaseMetaData metaData = connection.getMetaData();
					int major = metaData.getDatabaseMajorVersion();
					int minor = metaData.getDatabaseMinorVersion();
					return switch (this.context.dialect()) {
						case POSTGRESQL, H2 -> true;
						case MARIADB -> major > 10 || (major == 10 && minor >= 6);
						case MYSQL -> major >= 8;
					};
				}));
	}

	@Override
	public TimerRecord schedule(TimerRecord timer) {
		Checks.identifier("group", timer.group());
		Checks.identifier("key", timer.key());
		Checks.identifier("timer name", timer.name());
		Checks.size("the payload of timer '" + timer.name() + "'", timer.payload().length,
				this.context.options().maxPayloadSize());
		Instant dueAt = timer.dueAt().truncatedTo(ChronoUnit.MICROS);
		SqlDialect sql = this.context.sql();
		long version = StoreContext.call(what("scheduling", timer.group(), timer.key(), timer.name()), () -> {
			if (sql instanceof PositionLockDialect counter) {
				// the counter row stays locked until the upsert commits: schedules are
				// serialized, so a later replacement has the higher version
				Long drawn = this.context.transactions()
					.execute((status) -> this.context.jdbcTemplate()
						.execute((ConnectionCallback<Long>) (connection) -> upsert(connection, counter, timer, dueAt)));
				return (drawn != null) ? drawn : 0L;
			}
			return this.context.jdbc()
				.sql(this.schedule)
				.params(timer.group(), timer.key(), timer.name(), sql.timestamp(dueAt), timer.payload())
				.query(Long.class)
				.single();
		});
		return new TimerRecord(timer.group(), timer.key(), timer.name(), dueAt, version, timer.payload());
	}

	/**
	 * Schedules the timers in one transaction and one JDBC batch: on PostgreSQL each row
	 * draws its version from the sequence; elsewhere the versions are drawn together from
	 * the counter row, held until the batch commits. Sorted by key, so that two batches
	 * never lock rows in opposite orders.
	 */
	@Override
	public void scheduleAll(List<TimerRecord> timers) {
		if (timers.isEmpty()) {
			return;
		}
		for (TimerRecord timer : timers) {
			Checks.identifier("group", timer.group());
			Checks.identifier("key", timer.key());
			Checks.identifier("timer name", timer.name());
			Checks.size("the payload of timer '" + timer.name() + "'", timer.payload().length,
					this.context.options().maxPayloadSize());
		}
		List<TimerRecord> sorted = new ArrayList<>(timers);
		sorted.sort(Comparator.comparing(TimerRecord::group)
			.thenComparing(TimerRecord::key)
			.thenComparing(TimerRecord::name));
		SqlDialect sql = this.context.sql();
		StoreContext.run("scheduling " + timers.size() + " timer(s) of '" + sorted.get(0).group() + "'",
				() -> this.context.transactions()
					.executeWithoutResult(
							(status) -> this.context.jdbcTemplate().execute((ConnectionCallback<Void>) (connection) -> {
								long version = (sql instanceof PositionLockDialect counter)
										? counter.allocate(connection, this.context.tables(),
												PositionLockDialect.TIMER_COUNTER, sorted.size()) - sorted.size() + 1
										: 0;
								try (PreparedStatement statement = connection.prepareStatement(this.scheduleInBatch)) {
									for (TimerRecord timer : sorted) {
										Instant dueAt = timer.dueAt().truncatedTo(ChronoUnit.MICROS);
										statement.setString(1, timer.group());
										statement.setString(2, timer.key());
										statement.setString(3, timer.name());
										statement.setObject(4, sql.timestamp(dueAt));
										if (sql instanceof PositionLockDialect) {
											statement.setLong(5, version++);
											statement.setBytes(6, timer.payload());
											statement.setNull(7, Types.VARCHAR);
											statement.setNull(8, Types.TIMESTAMP);
										}
										else {
											statement.setBytes(5, timer.payload());
										}
										statement.addBatch();
									}
									statement.executeBatch();
								}
								return null;
							})));
	}

	private long upsert(Connection connection, PositionLockDialect counter, TimerRecord timer, Instant dueAt)
			throws SQLException {
		long version = counter.allocate(connection, this.context.tables(), PositionLockDialect.TIMER_COUNTER, 1);
		try (PreparedStatement statement = connection.prepareStatement(this.schedule)) {
			statement.setString(1, timer.group());
			statement.setString(2, timer.key());
			statement.setString(3, timer.name());
			statement.setObject(4, counter.timestamp(dueAt));
			statement.setLong(5, version);
			statement.setBytes(6, timer.payload());
			statement.setNull(7, Types.VARCHAR);
			statement.setNull(8, Types.TIMESTAMP);
			statement.executeUpdate();
		}
		return version;
	}

	@Override
	public boolean cancel(String group, String key, String name) {
		checkId(group, key, name);
		return StoreContext.call(what("cancelling", group, key, name),
				() -> this.context.jdbc()
					.sql("DELETE FROM " + this.table + " WHERE timer_group = ? AND timer_key = ? AND timer_name = ?")
					.params(group, key, name)
					.update()) > 0;
	}

	@Override
	public int cancelAll(String group, String key) {
		checkOwner(group, key);
		return StoreContext.call("cancelling the timers of '" + group + "' '" + key + "'",
				() -> this.context.jdbc()
					.sql("DELETE FROM " + this.table + " WHERE timer_group = ? AND timer_key = ?")
					.params(group, key)
					.update());
	}

	@Override
	public int cancelAll(String group, Collection<String> keys) {
		Checks.wellFormed("group", group);
		List<String> owners = new ArrayList<>(new TreeSet<>(keys));
		for (String key : owners) {
			Checks.wellFormed("key", key);
		}
		int deleted = 0;
		for (int from = 0; from < owners.size(); from += 100) {
			List<String> chunk = owners.subList(from, Math.min(owners.size(), from + 100));
			List<Object> params = new ArrayList<>(chunk.size() + 1);
			params.add(group);
			params.addAll(chunk);
			deleted += StoreContext.call("cancelling the timers of " + chunk.size() + " owner(s) of '" + group + "'",
					() -> this.context.jdbc()
						.sql("DELETE FROM " + this.table + " WHERE timer_group = ? AND timer_key IN ("
								+ SqlDialect.markers(chunk.size()) + ")")
						.params(params)
						.update());
		}
		return deleted;
	}

	@Override
	public @Nullable TimerRecord get(String group, String key, String name) {
		checkId(group, key, name);
		List<TimerRecord> timers = StoreContext.call(what("reading", group, key, name),
				() -> this.context.jdbc()
					.sql("SELECT " + COLUMNS + " FROM " + this.table
							+ " WHERE timer_group = ? AND timer_key = ? AND timer_name = ?")
					.params(group, key, name)
					.query(this.mapper)
					.list());
		return timers.isEmpty() ? null : timers.get(0);
	}

	@Override
	public List<TimerRecord> list(String group, String key) {
		checkOwner(group, key);
		List<TimerRecord> timers = StoreContext.call("reading the timers of '" + group + "' '" + key + "'",
				() -> this.context.jdbc()
					.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE timer_group = ? AND timer_key = ?")
					.params(group, key)
					.query(this.mapper)
					.list());
		// ordered like String.compareTo, whatever the database's collation
		return timers.stream().sorted(DUE_ORDER).toList();
	}

	@Override
	public List<TimerClaim> claimDue(Instant now, int limit, String claimant, Duration claimFor) {
		Checks.positive("limit", limit);
		if (claimFor.isNegative() || claimFor.isZero()) {
			throw new IllegalArgumentException("claimFor must be positive but was " + claimFor);
		}
		Checks.identifier("claimant", claimant);
		// truncated, not rounded: a timer due after now is never claimed, and a claim
		// expires no earlier than now + claimFor
		Instant at = now.truncatedTo(ChronoUnit.MICROS);
		Instant until = now.plus(claimFor).truncatedTo(ChronoUnit.MICROS);
		SqlDialect sql = this.context.sql();
		List<TimerRecord> claimed = StoreContext.call("claiming due timers for '" + claimant + "'", () -> {
			if (this.context.dialect() == JdbcDialect.POSTGRESQL) {
				return this.context.jdbc()
					.sql(this.claimDue)
					.params(claimant, sql.timestamp(until), sql.timestamp(at), sql.timestamp(at), limit)
					.query(this.mapper)
					.list();
			}
			List<TimerRecord> locked = this.context.transactions()
				.execute((status) -> this.context.jdbcTemplate()
					.execute((ConnectionCallback<List<TimerRecord>>) (connection) -> lockAndClaim(connection, sql, at,
							limit, claimant, until)));
			return (locked != null) ? locked : List.of();
		});
		return claimed.stream().sorted(DUE_ORDER).map((timer) -> new TimerClaim(timer, claimant, until)).toList();
	}

	private List<TimerRecord> lockAndClaim(Connection connection, SqlDialect sql, Instant at, int limit,
			String claimant, Instant until) throws SQLException {
		List<TimerRecord> locked = new ArrayList<>();
		try (PreparedStatement select = connection.prepareStatement(this.claimDue)) {
			select.setObject(1, sql.timestamp(at));
			select.setObject(2, sql.timestamp(at));
			select.setInt(3, limit);
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					locked.add(this.mapper.mapRow(rs, locked.size()));
				}
			}
		}
		if (locked.isEmpty()) {
			return locked;
		}
		// the rows are locked by this transaction until it commits: each update finds its
		// row as selected
		try (PreparedStatement update = connection.prepareStatement("UPDATE " + this.table
				+ " SET claimant = ?, claimed_until = ? WHERE timer_group = ? AND timer_key = ? AND timer_name = ?")) {
			for (TimerRecord timer : locked) {
				update.setString(1, claimant);
				update.setObject(2, sql.timestamp(until));
				update.setString(3, timer.group());
				update.setString(4, timer.key());
				update.setString(5, timer.name());
				update.addBatch();
			}
			update.executeBatch();
		}
		return locked;
	}

	@Override
	public boolean complete(TimerClaim claim) {
		TimerRecord timer = claim.timer();
		checkId(timer.group(), timer.key(), timer.name());
		return StoreContext.call(what("completing", timer.group(), timer.key(), timer.name()),
				() -> this.context.jdbc()
					.sql("DELETE FROM " + this.table
							+ " WHERE timer_group = ? AND timer_key = ? AND timer_name = ? AND version = ?")
					.params(timer.group(), timer.key(), timer.name(), timer.version())
					.update()) == 1;
	}

	@Override
	public long countDue(String group, Instant before) {
		Checks.wellFormed("group", group);
		// due_at < before at microsecond precision: due_at < before rounded up
		Instant bound = before.truncatedTo(ChronoUnit.MICROS);
		Instant upper = bound.equals(before) ? bound : bound.plus(1, ChronoUnit.MICROS);
		SqlDialect sql = this.context.sql();
		Long count = StoreContext.call("counting the due timers of '" + group + "'",
				() -> this.context.jdbc()
					.sql("SELECT COUNT(*) FROM " + this.table + " WHERE timer_group = ? AND due_at < ?")
					.params(group, sql.timestamp(upper))
					.query(Long.class)
					.single());
		return count;
	}

	private static void checkOwner(String group, String key) {
		Checks.wellFormed("group", group);
		Checks.wellFormed("key", key);
	}

	private static void checkId(String group, String key, String name) {
		checkOwner(group, key);
		Checks.wellFormed("timer name", name);
	}

	private static String what(String doing, String group, String key, String name) {
		return doing + " the timer '" + name + "' of '" + group + "' '" + key + "'";
	}

}
