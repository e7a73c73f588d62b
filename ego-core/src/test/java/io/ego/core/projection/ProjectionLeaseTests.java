package io.ego.core.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.MutableClock;
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.StoreException;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import org.assertj.core.api.Assertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances on one offset store: workers spread evenly through their leases,
 * statuses show who runs which, leases move on a graceful close and are taken over once a
 * dead instance's leases expire.
 */
class ProjectionLeaseTests {

	private static final Duration LEASE = Duration.ofSeconds(10);

	private static final ProjectionSettings SETTINGS = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withParallelism(4)
		.withLease(LEASE, Duration.ofMillis(50));

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T00:00:00Z"));

	/** Which instances handled each event ({@code persistence-id#seq}). */
	private final Map<String, List<String>> handledBy = new ConcurrentHashMap<>();

	private EgoEngine instance(String id, OffsetStore offsets, ProjectionSettings settings) {
		return EgoEngine.builder()
			.instanceId(id)
			.clock(this.clock)
			.eventStore(this.journal)
			.offsetStore(offsets)
			.deadLetterStore(this.deadLetters)
			.eventSourced("account", new AccountBehavior())
			.projection("balances",
					(envelope) -> this.handledBy
						.computeIfAbsent(envelope.persistenceId() + "#" + envelope.sequenceNr(),
								(k) -> new CopyOnWriteArrayList<>())
						.add(id),
					settings)
			.build();
	}

	private EgoEngine instance(String id) {
		return instance(id, this.offsets, SETTINGS);
	}

	private static List<@Nullable String> owners(EgoEngine engine) {
		return engine.projections().status("balances").workers().stream().map(ProjectionStatus.Worker::owner).toList();
	}

	/** Writes two events for each of some entities, whose ids spread over all slices. */
	private static void write(EgoEngine engine, String prefix, int entities) {
		for (int i = 0; i < entities; i++) {
			String id = prefix + UUID.nameUUIDFromBytes((prefix + i).getBytes(StandardCharsets.UTF_8));
			engine.entity(AccountBehavior.class, id).askAndWait(open(id, 0));
			engine.entity(AccountBehavior.class, id).askAndWait(credit(id, 1));
		}
	}

	private void awaitHandledOnce(int events) {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.handledBy.size() == events);
		assertThat(this.handledBy).allSatisfy((event, instances) -> assertThat(instances).as(event).hasSize(1));
	}

	@Test
	void twoInstancesShareTheWorkersEvenlyAndHandOverOnClose() {
		EgoEngine a = instance("a");
		try (EgoEngine b = instance("b")) {
			assertThat(a.instanceId()).isEqualTo("a");
			await().untilAsserted(() -> assertThat(owners(a)).containsExactlyInAnyOrder("a", "a", "b", "b"));
			assertThat(owners(b)).isEqualTo(owners(a));

			write(a, "x-", 20);
			write(b, "y-", 20);
			awaitHandledOnce(80);
			assertThat(this.handledBy.values().stream().flatMap(List::stream).distinct()).containsExactlyInAnyOrder("a",
					"b");

			a.close();
			await().untilAsserted(() -> assertThat(owners(b)).containsOnly("b"));
			write(b, "z-", 10);
			awaitHandledOnce(100);
			await().until(() -> b.projections().status("balances").lagEvents() == 0);
		}
		finally {
			a.close();
		}
	}

	@Test
	void theLeasesOfAKilledInstanceAreTakenOverWhenTheyExpire() {
		KillableOffsetStore dying = new KillableOffsetStore(this.offsets);
		try (EgoEngine a = instance("a"); EgoEngine b = instance("b", dying, SETTINGS)) {
			await().untilAsserted(() -> assertThat(owners(a)).containsExactlyInAnyOrder("a", "a", "b", "b"));
			write(a, "x-", 10);
			awaitHandledOnce(20);

			// b loses the database: it can neither commit nor renew nor give its leases
			// back
			dying.kill();
			b.close();
			assertThat(owners(a)).containsExactlyInAnyOrder("a", "a", "b", "b");

			this.clock.advance(LEASE.plusSeconds(1));
			await().untilAsserted(() -> assertThat(owners(a)).containsOnly("a"));
			write(a, "y-", 10);
			awaitHandledOnce(40);
			assertThat(this.handledBy.entrySet()).filteredOn((entry) -> entry.getKey().contains("|y-"))
				.allSatisfy((entry) -> assertThat(entry.getValue()).containsExactly("a"));
		}
	}

	@Test
	void instancesBeyondTheNumberOfWorkersStandByAndStepInWhenOneLeaves() {
		ProjectionSettings two = SETTINGS.withParallelism(2);
		EgoEngine a = instance("a", this.offsets, two);
		EgoEngine b = instance("b", this.offsets, two);
		try (EgoEngine c = instance("c", this.offsets, two)) {
			await().untilAsserted(() -> assertThat(owners(c)).containsExactlyInAnyOrder("a", "b"));
			b.close();
			await().untilAsserted(() -> assertThat(owners(c)).containsExactlyInAnyOrder("a", "c"));
			write(c, "x-", 10);
			awaitHandledOnce(20);
		}
		finally {
			a.close();
			b.close();
		}
	}

	@Test
	void aDeadLetterIsRetriedOnTheInstanceThatRunsItsWorker() {
		ProjectionSettings two = SETTINGS.withParallelism(2).withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO);
		AtomicBoolean broken = new AtomicBoolean(true);
		String high = ProjectionLifecycleTests.idInSlices("high-", 512, 1023);
		List<String> handled = new CopyOnWriteArrayList<>();
		Projection failing = (envelope) -> {
			if (envelope.entityId().equals(high) && broken.get()) {
				throw new IllegalStateException("read model refuses " + high);
			}
			handled.add(envelope.entityId());
		};
		try (EgoEngine a = projectionOn("a", failing, two); EgoEngine b = projectionOn("b", failing, two)) {
			await().untilAsserted(() -> assertThat(owners(a)).containsExactly("a", "b"));
			a.entity(AccountBehavior.class, high).askAndWait(open(high, 0));
			await().until(() -> this.deadLetters.list("balances", 10).size() == 1);
			long id = this.deadLetters.list("balances", 10).get(0).id();
			broken.set(false);

			Assertions.assertThatIllegalStateException()
				.isThrownBy(() -> a.projections().retryDeadLetter(id))
				.withMessageContaining("dead letter " + id)
				.withMessageContaining("worker 512-1023")
				.withMessageContaining("instance 'b'");
			assertThat(b.projections().retryDeadLetter(id)).isTrue();
			assertThat(handled).containsExactly(high);
			assertThat(this.deadLetters.list("balances", 10)).isEmpty();
		}
	}

	private EgoEngine projectionOn(String id, Projection projection, ProjectionSettings settings) {
		return EgoEngine.builder()
			.instanceId(id)
			.clock(this.clock)
			.eventStore(this.journal)
			.offsetStore(this.offsets)
			.deadLetterStore(this.deadLetters)
			.eventSourced("account", new AccountBehavior())
			.projection("balances", projection, settings)
			.build();
	}

	/**
	 * An offset store that fails every call once killed, as a process cut off from its
	 * database would.
	 */
	private static final class KillableOffsetStore implements OffsetStore {

		private final OffsetStore delegate;

		private volatile boolean killed;

		KillableOffsetStore(OffsetStore delegate) {
			this.delegate = delegate;
		}

		void kill() {
			this.killed = true;
		}

		private OffsetStore live() {
			if (this.killed) {
				throw new StoreException("connection refused");
			}
			return this.delegate;
		}

		@Override
		public void save(Offset offset) {
			live().save(offset);
		}

		@Override
		public @Nullable Offset get(String consumer, String partition) {
			return live().get(consumer, partition);
		}

		@Override
		public List<Offset> load(String consumer) {
			return live().load(consumer);
		}

		@Override
		public void delete(String consumer) {
			live().delete(consumer);
		}

		@Override
		public boolean commit(Lease lease, long expectedPosition, Offset offset) {
			return live().commit(lease, expectedPosition, offset);
		}

		@Override
		public @Nullable Lease acquire(String consumer, String partition, String owner, Instant now,
				Duration duration) {
			return live().acquire(consumer, partition, owner, now, duration);
		}

		@Override
		public @Nullable Lease renew(Lease lease, Instant now, Duration duration) {
			return live().renew(lease, now, duration);
		}

		@Override
		public void release(Lease lease) {
			live().release(lease);
		}

		@Override
		public List<Lease> leases(String consumer) {
			return live().leases(consumer);
		}

		@Override
		public boolean paused(String consumer) {
			return live().paused(consumer);
		}

		@Override
		public void setPaused(String consumer, boolean paused, Instant at) {
			live().setPaused(consumer, paused, at);
		}

	}

}
