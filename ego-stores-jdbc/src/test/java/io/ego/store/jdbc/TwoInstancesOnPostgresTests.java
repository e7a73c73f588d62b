package io.ego.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.MutableClock;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances on one PostgreSQL database, every projection transactional
 * with 4 workers, commands running all along: each event reaches each read model exactly
 * once, leases move when an instance closes and when one dies (its leases expire and are
 * taken over), and no offset ever moves backwards (every committed offset continues the
 * chain of the one before it).
 *
 * @author eGo team
 * @since 0.1.0
 */
class TwoInstancesOnPostgresTests {

	private static final Duration LEASE = Duration.ofSeconds(10);

	private static final List<String> PROJECTIONS = List.of("ledger", "audit");

	private static final ProjectionSettings SETTINGS = ProjectionSettings.defaults()
		.withParallelism(4)
		.withTransactional(true)
		.withBufferSize(20)
		.withPullInterval(Duration.ofMillis(20))
		.withLease(LEASE, Duration.ofMillis(100));

	private final JdbcStoreOptions options = TestDatabases.freshSchema(JdbcDialect.POSTGRESQL, "two_pg_");

	private final DataSource dataSource = TestDatabases.of(JdbcDialect.POSTGRESQL);

	private final Tables tables = new Tables(this.options.tablePrefix());

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	private final String readModel = this.options.tablePrefix() + "read_model";

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T00:00:00Z"));

	/** Every commit the offset store accepted, from both instances. */
	private final Queue<Commit> commits = new ConcurrentLinkedQueue<>();

	private final List<JdbcEventStore> journals = new ArrayList<>();

	private final ProjectionTransactions transactions;

	TwoInstancesOnPostgresTests() {
		new JdbcEventStore(this.dataSource, this.options).close();
		TestDatabases.truncate(this.dataSource, this.tables.journal(), this.tables.journalHighest(),
				this.tables.snapshot(), this.tables.consumerOffset(), this.tables.consumerLease(),
				this.tables.deadLetter());
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + this.readModel + " (projection VARCHAR(64) NOT NULL, "
				+ "persistence_id VARCHAR(255) NOT NULL, seq_nr BIGINT NOT NULL, instance VARCHAR(64) NOT NULL)");
		this.jdbc.execute("TRUNCATE TABLE " + this.readModel);
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.transactions = new ProjectionTransactions() {
			@Override
			public <T> T inTransaction(Supplier<T> work) {
				return template.execute((status) -> work.get());
			}
		};
	}

	private EgoEngine instance(String id, OffsetStore offsets) {
		JdbcEventStore journal = new JdbcEventStore(this.dataSource, this.options);
		this.journals.add(journal);
		EgoEngineBuilder builder = EgoEngine.builder()
			.instanceId(id)
			.clock(this.clock)
			.eventStore(journal)
			.snapshotStore(new JdbcSnapshotStore(this.dataSource, this.options))
			.offsetStore(new RecordingOffsetStore(offsets, this.commits))
			.deadLetterStore(new JdbcDeadLetterStore(this.dataSource, this.options))
			.projectionTransactions(this.transactions)
			.shutdownTimeout(Duration.ofSeconds(10))
			.eventSourced("account", new AccountBehavior());
		for (String projection : PROJECTIONS) {
			builder.projection(projection, readModel(projection, id), SETTINGS);
		}
		return builder.build();
	}

	private Projection readModel(String projection, String instance) {
		return (envelope) -> this.jdbc.update(
				"INSERT INTO " + this.readModel + " (projection, persistence_id, seq_nr, instance) VALUES (?, ?, ?, ?)",
				projection, envelope.persistenceId(), envelope.sequenceNr(), instance);
	}

	private JdbcOffsetStore offsets() {
		return new JdbcOffsetStore(this.dataSource, this.options);
	}

	private static List<@Nullable String> owners(EgoEngine engine, String projection) {
		return engine.projections().status(projection).workers().stream().map(ProjectionStatus.Worker::owner).toList();
	}

	private static void awaitOwners(EgoEngine engine, String... owners) {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			for (String projection : PROJECTIONS) {
				assertThat(owners(engine, projection)).as(projection).containsExactlyInAnyOrder(owners);
			}
		});
	}

	@Test
	void eachEventReachesEachReadModelOnceWhileLeasesMoveAndOffsetsNeverMoveBack() throws Exception {
		EgoEngine a = instance("a", offsets());
		EgoEngine b = instance("b", offsets());
		KillableOffsetStore dying = new KillableOffsetStore(offsets());
		EgoEngine c = null;
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger written = new AtomicInteger();
		try {
			awaitOwners(a, "a", "a", "b", "b");
			Thread onA = Thread.ofVirtual().start(() -> writeUntilStopped(a, "a-", writing, written));
			Thread onB = Thread.ofVirtual().start(() -> writeUntil(b, "b-", 40, written));
			onB.join(Duration.ofSeconds(60));
			awaitHandledBy("b");

			b.close(); // graceful: b gives its leases back
			awaitOwners(a, "a", "a", "a", "a");

			c = instance("c", dying);
			awaitOwners(a, "a", "a", "c", "c");
			EgoEngine third = c;
			Thread onC = Thread.ofVirtual().start(() -> writeUntil(third, "c-", 40, written));
			onC.join(Duration.ofSeconds(60));
			awaitHandledBy("c");

			// c is cut off from the database: it can neither commit, renew nor give its
			// leases back
			dying.kill();
			c.close();
			for (String projection : PROJECTIONS) {
				assertThat(owners(a, projection)).as("c's leases until they expire").containsOnly("a", "c");
			}
			this.clock.advance(LEASE.plusSeconds(1));
			awaitOwners(a, "a", "a", "a", "a");

			writing.set(false);
			onA.join(Duration.ofSeconds(60));
			long events = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.tables.journal(), Long.class);
			// no lag alone is not enough: the lag is measured to the head, which stays
			// behind while older transactions of the server run (see Horizon); every
			// event is in each read model once they ended
			await().atMost(Horizon.TIMEOUT).untilAsserted(() -> {
				for (String projection : PROJECTIONS) {
					assertThat(a.projections().status(projection).lagEvents()).as(projection).isZero();
					assertThat(this.jdbc.queryForObject(
							"SELECT COUNT(*) FROM " + this.readModel + " WHERE projection = ?", Long.class, projection))
						.as("rows of %s", projection)
						.isGreaterThanOrEqualTo(events);
				}
			});

			for (String projection : PROJECTIONS) {
				assertThat(a.projections().status(projection).state()).isEqualTo(ProjectionStatus.State.RUNNING);
				assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.readModel + " WHERE projection = ?",
						Long.class, projection))
					.as("rows of %s", projection)
					.isEqualTo(events);
				assertThat(this.jdbc.queryForList(
						"SELECT persistence_id, seq_nr FROM " + this.readModel
								+ " WHERE projection = ? GROUP BY persistence_id, seq_nr HAVING COUNT(*) > 1",
						projection))
					.as("events %s handled twice", projection)
					.isEmpty();
				assertThat(this.jdbc.queryForList(
						"SELECT DISTINCT instance FROM " + this.readModel + " WHERE projection = ?", String.class,
						projection))
					.contains("a", "b", "c");
			}
			assertOffsetsOnlyMovedForward();
		}
		finally {
			writing.set(false);
			a.close();
			b.close();
			if (c != null) {
				c.close();
			}
			this.journals.forEach(JdbcEventStore::close);
		}
	}

	/**
	 * Every partition's accepted commits form one chain: each starts where the one before
	 * ended, and goes forward.
	 */
	private void assertOffsetsOnlyMovedForward() {
		Map<String, List<Commit>> byPartition = this.commits.stream()
			.collect(Collectors.groupingBy((commit) -> commit.consumer() + "/" + commit.partition()));
		assertThat(byPartition).hasSize(PROJECTIONS.size() * 4);
		byPartition.forEach((partition, accepted) -> {
			accepted.sort(Comparator.comparingLong(Commit::expected));
			long position = OffsetStore.NO_OFFSET;
			for (Commit commit : accepted) {
				assertThat(commit.expected()).as("%s: a commit that does not continue the chain", partition)
					.isEqualTo(position);
				assertThat(commit.position()).as("%s moved back", partition).isGreaterThan(position);
				position = commit.position();
			}
			String[] key = partition.split("/");
			assertThat(offsets().get(key[0], key[1]).position()).as(partition).isEqualTo(position);
		});
	}

	/** Waits until an instance has handled (and committed) events in every projection. */
	private void awaitHandledBy(String instance) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> PROJECTIONS.stream()
				.allMatch((projection) -> this.jdbc.queryForObject(
						"SELECT COUNT(*) FROM " + this.readModel + " WHERE projection = ? AND instance = ?", Long.class,
						projection, instance) > 0));
	}

	private static void writeUntil(EgoEngine engine, String prefix, int entities, AtomicInteger written) {
		for (int i = 0; i < entities; i++) {
			write(engine, prefix + i, written);
		}
	}

	private static void writeUntilStopped(EgoEngine engine, String prefix, AtomicBoolean writing,
			AtomicInteger written) {
		for (int i = 0; writing.get() && i < 300; i++) {
			write(engine, prefix + i, written);
		}
	}

	/** Opens an account (id spread over the slices) and credits it twice. */
	private static void write(EgoEngine engine, String name, AtomicInteger written) {
		String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
		engine.entity(AccountBehavior.class, id).askAndWait(open(id, 0));
		engine.entity(AccountBehavior.class, id).askAndWait(credit(id, 1));
		engine.entity(AccountBehavior.class, id).askAndWait(credit(id, 2));
		written.addAndGet(3);
	}

	/** An offset commit the store accepted. */
	private record Commit(String consumer, String partition, long expected, long position) {
	}

	/** Forwards to an offset store and records the commits it accepted. */
	private static final class RecordingOffsetStore extends ForwardingOffsetStore {

		private final Queue<Commit> commits;

		RecordingOffsetStore(OffsetStore delegate, Queue<Commit> commits) {
			super(delegate);
			this.commits = commits;
		}

		@Override
		public boolean commit(Lease lease, long expectedPosition, Offset offset) {
			boolean accepted = super.commit(lease, expectedPosition, offset);
			if (accepted) {
				this.commits
					.add(new Commit(offset.consumer(), offset.partition(), expectedPosition, offset.position()));
			}
			return accepted;
		}

	}

	/**
	 * An offset store that fails every call once killed, as a process cut off from its
	 * database would.
	 */
	private static final class KillableOffsetStore extends ForwardingOffsetStore {

		private volatile boolean killed;

		KillableOffsetStore(OffsetStore delegate) {
			super(delegate);
		}

		void kill() {
			this.killed = true;
		}

		@Override
		protected OffsetStore delegate() {
			if (this.killed) {
				throw new StoreException("connection refused");
			}
			return super.delegate();
		}

	}

	/** Forwards every call to another offset store. */
	private abstract static class ForwardingOffsetStore implements OffsetStore {

		private final OffsetStore delegate;

		ForwardingOffsetStore(OffsetStore delegate) {
			this.delegate = delegate;
		}

		protected OffsetStore delegate() {
			return this.delegate;
		}

		@Override
		public void save(Offset offset) {
			delegate().save(offset);
		}

		@Override
		public @Nullable Offset get(String consumer, String partition) {
			return delegate().get(consumer, partition);
		}

		@Override
		public List<Offset> load(String consumer) {
			return delegate().load(consumer);
		}

		@Override
		public void delete(String consumer) {
			delegate().delete(consumer);
		}

		@Override
		public boolean commit(Lease lease, long expectedPosition, Offset offset) {
			return delegate().commit(lease, expectedPosition, offset);
		}

		@Override
		public @Nullable Lease acquire(String consumer, String partition, String owner, Instant now,
				Duration duration) {
			return delegate().acquire(consumer, partition, owner, now, duration);
		}

		@Override
		public @Nullable Lease renew(Lease lease, Instant now, Duration duration) {
			return delegate().renew(lease, now, duration);
		}

		@Override
		public void release(Lease lease) {
			delegate().release(lease);
		}

		@Override
		public List<Lease> leases(String consumer) {
			return delegate().leases(consumer);
		}

	}

}
