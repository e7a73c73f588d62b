package io.ego.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;

/**
 * An {@link OffsetStore} on JDBC: one row per (consumer, partition) in
 * {@code consumer_offset}, and one per leased worker in {@code consumer_lease} (kept when
 * released, so that fencing tokens only grow). Its statements join a Spring transaction
 * open on the same data source, so a projection commits its offset in the transaction of
 * its read model.
 * <p>
 * A {@link #commit} locks the lease row ({@code SELECT ... FOR UPDATE}) and checks its
 * owner and token, then moves the offset with
 * {@code UPDATE ... WHERE position = expected} (or inserts it when none is expected), in
 * one transaction: the caller's when there is one. An acquisition updates the lease row
 * under the same lock, so that it waits for a commit in flight and every later commit of
 * the former holder is refused.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcOffsetStore implements OffsetStore {

	private final StoreContext context;

	private final String upsert;

	private final RowMapper<Offset> mapper;

	private final RowMapper<Lease> leaseMapper;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcOffsetStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcOffsetStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options,
				(dialect, tables) -> List.of(tables.consumerOffset(), tables.consumerLease()));
		SqlDialect sql = this.context.sql();
		this.upsert = sql.upsert(this.context.tables().consumerOffset(), List.of("consumer", "partition_id"),
				List.of("position", "updated_at"));
		this.mapper = (rs, row) -> new Offset(rs.getString(1), rs.getString(2), rs.getLong(3), sql.instant(rs, 4));
		this.leaseMapper = (rs, row) -> new Lease(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
				sql.instant(rs, 5));
	}

	@Override
	public void save(Offset offset) {
		Checks.identifier("consumer", offset.consumer());
		Checks.identifier("partition", offset.partition());
		SqlDialect sql = this.context.sql();
		StoreContext.run("saving the offset of '" + offset.consumer() + "'",
				() -> this.context.jdbcTemplate().update(this.upsert, (ps) -> {
					ps.setString(1, offset.consumer());
					ps.setString(2, offset.partition());
					ps.setLong(3, offset.position());
					ps.setObject(4, sql.timestamp(offset.updatedAt()));
				}));
	}

	@Override
	public @Nullable Offset get(String consumer, String partition) {
		Checks.wellFormed("consumer", consumer);
		Checks.wellFormed("partition", partition);
		List<Offset> offsets = StoreContext.call("reading the offset of '" + consumer + "'",
				() -> this.context.jdbc()
					.sql(select() + " WHERE consumer = ? AND partition_id = ?")
					.params(consumer, partition)
					.query(this.mapper)
					.list());
		return offsets.isEmpty() ? null : offsets.get(0);
	}

	@Override
	public List<Offset> load(String consumer) {
		Checks.wellFormed("consumer", consumer);
		List<Offset> offsets = StoreContext.call("reading the offsets of '" + consumer + "'",
				() -> this.context.jdbc()
					.sql(select() + " WHERE consumer = ?")
					.param(consumer)
					.query(this.mapper)
					.list());
		// ordered like String.compareTo, whatever the database's collation
		return offsets.stream().sorted(Comparator.comparing(Offset::partition)).toList();
	}

	@Override
	public void delete(String consumer) {
		Checks.wellFormed("consumer", consumer);
		StoreContext.run("deleting the offsets of '" + consumer + "'",
				() -> this.context.jdbc()
					.sql("DELETE FROM " + this.context.tables().consumerOffset() + " WHERE consumer = ?")
					.param(consumer)
					.update());
	}

	@Override
	public boolean commit(Lease lease, long expectedPosition, Offset offset) {
		OffsetStore.checkCommit(lease, expectedPosition, offset);
		Checks.identifier("owner", lease.owner());
		String what = "committing the offset of '" + offset.consumer() + "' partition " + offset.partition() + " at "
				+ offset.position();
		Tables tables = this.context.tables();
		SqlDialect sql = this.context.sql();
		return StoreContext.call(what, () -> {
			try {
				Boolean committed = this.context.transactions().execute((status) -> {
					List<@Nullable Long> held = this.context.jdbc()
						.sql("SELECT fencing_token FROM " + tables.consumerLease()
								+ " WHERE consumer = ? AND partition_id = ?"
								+ " AND owner_id = ? AND fencing_token = ? FOR UPDATE")
						.params(lease.consumer(), lease.partition(), lease.owner(), lease.token())
						.query(Long.class)
						.list();
					if (held.isEmpty()) {
						return false; // taken over (or released): fenced
					}
					// not an upsert (SqlDialect#upsert): the offset moves only from the
					// expected position, under the lease
					if (expectedPosition == NO_OFFSET) {
						if (get(offset.consumer(), offset.partition()) != null) {
							return false;
						}
						this.context.jdbc()
							.sql("INSERT INTO " + tables.consumerOffset()
									+ " (consumer, partition_id, position, updated_at) VALUES (?, ?, ?, ?)")
							.params(offset.consumer(), offset.partition(), offset.position(),
									sql.timestamp(offset.updatedAt()))
							.update();
						return true;
					}
					return this.context.jdbc()
						.sql("UPDATE " + tables.consumerOffset() + " SET position = ?, updated_at = ?"
								+ " WHERE consumer = ? AND partition_id = ? AND position = ?")
						.params(offset.position(), sql.timestamp(offset.updatedAt()), offset.consumer(),
								offset.partition(), expectedPosition)
						.update() == 1;
				});
				return Boolean.TRUE.equals(committed);
			}
			catch (DuplicateKeyException ex) {
				return false; // inserted meanwhile by another writer
			}
		});
	}

	@Override
	public @Nullable Lease acquire(String consumer, String partition, String owner, Instant now, Duration duration) {
		Checks.identifier("consumer", consumer);
		Checks.identifier("partition", partition);
		Checks.identifier("owner", owner);
		checkDuration(duration);
		Instant expiresAt = now.plus(duration).truncatedTo(ChronoUnit.MICROS);
		Tables tables = this.context.tables();
		SqlDialect sql = this.context.sql();
		return StoreContext.call("acquiring the lease of '" + consumer + "' partition " + partition, () -> {
			// take over a released or expired lease (or the owner's own), reading the new
			// token in the same transaction; not an upsert (SqlDialect#upsert): the
			// update applies only to a lease that may be taken, and the token grows
			Long token = this.context.transactions().execute((status) -> {
				int taken = this.context.jdbc()
					.sql("UPDATE " + tables.consumerLease() + " SET owner_id = ?, fencing_token = fencing_token + 1,"
							+ " expires_at = ? WHERE consumer = ? AND partition_id = ?"
							+ " AND (owner_id IS NULL OR owner_id = ? OR expires_at <= ?)")
					.params(owner, sql.timestamp(expiresAt), consumer, partition, owner, sql.timestamp(now))
					.update();
				if (taken == 0) {
					return null;
				}
				return this.context.jdbc()
					.sql("SELECT fencing_token FROM " + tables.consumerLease()
							+ " WHERE consumer = ? AND partition_id = ? AND owner_id = ?")
					.params(consumer, partition, owner)
					.query(Long.class)
					.single();
			});
			if (token != null) {
				return new Lease(consumer, partition, owner, token, expiresAt);
			}
			// never leased, or held by another owner: an insert tells, in a statement of
			// its own (so that no gap lock of the update above is held meanwhile, which
			// could deadlock two first acquisitions on MariaDB)
			try {
				this.context.jdbc()
					.sql("INSERT INTO " + tables.consumerLease() + " (consumer, partition_id, owner_id,"
							+ " fencing_token, expires_at) VALUES (?, ?, ?, 1, ?)")
					.params(consumer, partition, owner, sql.timestamp(expiresAt))
					.update();
				return new Lease(consumer, partition, owner, 1, expiresAt);
			}
			catch (DuplicateKeyException ex) {
				// held by another owner, unexpired (or acquired by one meanwhile)
				return null;
			}
		});
	}

	@Override
	public @Nullable Lease renew(Lease lease, Instant now, Duration duration) {
		checkDuration(duration);
		Instant expiresAt = now.plus(duration).truncatedTo(ChronoUnit.MICROS);
		SqlDialect sql = this.context.sql();
		int renewed = StoreContext.call(
				"renewing the lease of '" + lease.consumer() + "' partition " + lease.partition(),
				() -> this.context.jdbc()
					.sql("UPDATE " + this.context.tables().consumerLease() + " SET expires_at = ? WHERE consumer = ?"
							+ " AND partition_id = ? AND owner_id = ? AND fencing_token = ?")
					.params(sql.timestamp(expiresAt), lease.consumer(), lease.partition(), lease.owner(), lease.token())
					.update());
		return (renewed == 1) ? new Lease(lease.consumer(), lease.partition(), lease.owner(), lease.token(), expiresAt)
				: null;
	}

	@Override
	public void release(Lease lease) {
		StoreContext.run("releasing the lease of '" + lease.consumer() + "' partition " + lease.partition(),
				() -> this.context.jdbc()
					.sql("UPDATE " + this.context.tables().consumerLease() + " SET owner_id = NULL WHERE consumer = ?"
							+ " AND partition_id = ? AND owner_id = ? AND fencing_token = ?")
					.params(lease.consumer(), lease.partition(), lease.owner(), lease.token())
					.update());
	}

	@Override
	public List<Lease> leases(String consumer) {
		List<Lease> leases = StoreContext.call("reading the leases of '" + consumer + "'",
				() -> this.context.jdbc()
					.sql("SELECT consumer, partition_id, owner_id, fencing_token, expires_at FROM "
							+ this.context.tables().consumerLease() + " WHERE consumer = ? AND owner_id IS NOT NULL")
					.param(consumer)
					.query(this.leaseMapper)
					.list());
		// ordered like String.compareTo, whatever the database's collation
		return leases.stream().sorted(Comparator.comparing(Lease::partition)).toList();
	}

	private static void checkDuration(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("a lease's duration must be positive but was " + duration);
		}
	}

	private String select() {
		return "SELECT consumer, partition_id, position, updated_at FROM " + this.context.tables().consumerOffset();
	}

	@Override
	public List<String> consumers() {
		return StoreContext.call("listing consumers", () -> this.context.jdbc()
			.sql("SELECT DISTINCT consumer FROM " + this.context.tables().consumerOffset() + " ORDER BY consumer")
			.query(String.class)
			.list());
	}

}
