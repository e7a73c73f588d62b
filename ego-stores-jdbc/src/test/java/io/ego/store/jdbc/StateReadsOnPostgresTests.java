package io.ego.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntitySettings;
import io.ego.core.EntitySettings.Writers;
import io.ego.core.EntityState;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.debit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code EntityRef.state()} with two engines on one PostgreSQL database and no cluster: a
 * read on one instance never answers a state older than the journal, whatever the other
 * instance wrote (the stale reads the bank sample showed), a rejection against a stale
 * state is decided again, and reads of unknown ids leave no live cell.
 *
 * @author eGo team
 * @since 0.1.0
 */
class StateReadsOnPostgresTests {

	private static final ProjectionSettings PROJECTION = ProjectionSettings.defaults()
		.withParallelism(2)
		.withPullInterval(Duration.ofMillis(50))
		.withLease(Duration.ofSeconds(10), Duration.ofMillis(100));

	private final JdbcStoreOptions options = TestDatabases.freshSchema(JdbcDialect.POSTGRESQL, "reads_pg_");

	private final DataSource dataSource = TestDatabases.of(JdbcDialect.POSTGRESQL);

	private final Tables tables = new Tables(this.options.tablePrefix());

	private final List<JdbcEventStore> journals = new ArrayList<>();

	StateReadsOnPostgresTests() {
		new JdbcEventStore(this.dataSource, this.options).close();
		TestDatabases.truncate(this.dataSource, this.tables.journal(), this.tables.journalHighest(),
				this.tables.snapshot(), this.tables.durableState(), this.tables.consumerOffset(),
				this.tables.consumerLease(), this.tables.deadLetter());
	}

	@AfterEach
	void closeJournals() {
		this.journals.forEach(JdbcEventStore::close);
	}

	/** An instance of the bank: accounts and a projection, whose leases register it. */
	private EgoEngine instance(String id, EntitySettings settings) {
		JdbcEventStore journal = new JdbcEventStore(this.dataSource, this.options);
		this.journals.add(journal);
		EgoEngineBuilder builder = EgoEngine.builder()
			.instanceId(id)
			.eventStore(journal)
			.offsetStore(new JdbcOffsetStore(this.dataSource, this.options))
			.durableStateStore(new JdbcDurableStateStore(this.dataSource, this.options))
			.eventSourced("account", new AccountBehavior(), settings)
			.durableState("counter", new CounterBehavior(), settings)
			.projection("balances", (envelope) -> {
			}, PROJECTION);
		return builder.build();
	}

	private static List<@Nullable String> owners(EgoEngine engine) {
		return engine.projections().status("balances").workers().stream().map(ProjectionStatus.Worker::owner).toList();
	}

	@Test
	void withAutoWritersNoReadOnEitherInstanceIsStale() {
		try (EgoEngine a = instance("a", EntitySettings.defaults());
				EgoEngine b = instance("b", EntitySettings.defaults())) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(owners(a)).containsExactlyInAnyOrder("a", "b"));
			List<EgoEngine> instances = List.of(a, b);
			int accounts = 40;
			long[] balances = new long[accounts];
			for (int i = 0; i < accounts; i++) {
				a.entity(AccountBehavior.class, "acc-" + i).askAndWait(open("acc-" + i, 0));
				// both instances hold a live cell
				b.entity(AccountBehavior.class, "acc-" + i).state();
			}
			Random random = new Random(7);
			for (int n = 0; n < 400; n++) {
				int i = random.nextInt(accounts);
				EgoEngine writer = instances.get(random.nextInt(2));
				CommandReply<Account> reply = writer.entity(AccountBehavior.class, "acc-" + i)
					.askAndWait(credit("acc-" + i, 1));
				assertThat(reply.isAccepted()).isTrue();
				balances[i]++;
			}
			int stale = 0;
			for (EgoEngine reader : instances) {
				for (int i = 0; i < accounts; i++) {
					EntityState<Account> state = reader.entity(AccountBehavior.class, "acc-" + i).state();
					if (state.state().getBalance() != balances[i]) {
						stale++;
					}
					assertThat(state.revision()).isEqualTo(1 + balances[i]);
				}
			}
			assertThat(stale).isZero();
		}
	}

	@Test
	void withSharedWritersARejectionAgainstAStaleStateIsDecidedAgain() {
		EntitySettings shared = EntitySettings.defaults().withWriters(Writers.SHARED);
		try (EgoEngine a = instance("a", shared); EgoEngine b = instance("b", shared)) {
			a.entity(AccountBehavior.class, "x").askAndWait(open("x", 100));
			assertThat(a.entity(AccountBehavior.class, "x").state().state().getBalance()).isEqualTo(100);
			b.entity(AccountBehavior.class, "x").askAndWait(credit("x", 100));
			CommandReply<Account> debit = a.entity(AccountBehavior.class, "x").askAndWait(debit("x", 150));
			assertThat(debit.isAccepted()).isTrue();
			assertThat(debit.state().getBalance()).isEqualTo(50);
			assertThat(debit.revision()).isEqualTo(3);

			a.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(1));
			assertThat(a.entity(CounterBehavior.class, "c").state().revision()).isEqualTo(1);
			b.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(2));
			EntityState<Counter> counter = a.entity(CounterBehavior.class, "c").state();
			assertThat(counter.state().getValue()).isEqualTo(3);
			assertThat(counter.revision()).isEqualTo(2);
		}
	}

	@Test
	void readsOfUnknownIdsAreNotFoundAndLeaveNoLiveCell() {
		try (EgoEngine a = instance("a", EntitySettings.defaults())) {
			for (int i = 0; i < 200; i++) {
				String id = "unknown-" + i;
				assertThatExceptionOfType(EntityNotFoundException.class)
					.isThrownBy(() -> a.entity(AccountBehavior.class, id).state());
				assertThatExceptionOfType(EntityNotFoundException.class)
					.isThrownBy(() -> a.entity(CounterBehavior.class, id).state());
			}
			await().untilAsserted(
					() -> assertThat(a.entityTypes()).allSatisfy((type) -> assertThat(type.liveEntities()).isZero()));
		}
	}

}
