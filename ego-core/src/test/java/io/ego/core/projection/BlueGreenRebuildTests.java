package io.ego.core.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.StoreException;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.test.bank.AccountCredited;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Blue/green rebuilds on the in-memory stores: the active version keeps serving while the
 * next one replays, the switch is one write whatever crashes around it, and a shadow
 * resumes after a restart.
 */
class BlueGreenRebuildTests {

	private static final ProjectionSettings FAST = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withBufferSize(5)
		.withLease(Duration.ofSeconds(1), Duration.ofMillis(50));

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private EgoEngine engine(OffsetStore offsetStore, Projection projection) {
		return engine(offsetStore, projection, FAST);
	}

	private EgoEngine engine(OffsetStore offsetStore, Projection projection, ProjectionSettings settings) {
		return EgoEngine.builder()
			.eventStore(this.journal)
			.offsetStore(offsetStore)
			.deadLetterStore(this.deadLetters)
			.meterRegistry(this.meters)
			.eventSourced("account", new AccountBehavior())
			.projection("balances", projection, settings)
			.build();
	}

	private static void credits(EgoEngine engine, String id, int count) {
		for (int i = 0; i < count; i++) {
			engine.entity(AccountBehavior.class, id).askAndWait(credit(id, 1));
		}
	}

	@Test
	void activeVersionKeepsServingWhileTheNextReplaysThenSwitchesAndRetires() {
		VersionedBalances balances = new VersionedBalances();
		balances.blockVersion = 2;
		try (EgoEngine engine = engine(this.offsets, balances)) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 0));
			credits(engine, "a", 20);
			await().atMost(Duration.ofSeconds(10)).until(() -> balances.total(1) == 20);
			assertThat(engine.projections().activeVersion("balances")).isEqualTo(1);

			assertThat(engine.projections().rebuildBlueGreen("balances", RebuildFrom.beginning())).isZero();
			awaitLatch(balances.blocked);
			ProjectionStatus rebuilding = engine.projections().status("balances");
			assertThat(rebuilding.activeVersion()).isEqualTo(1);
			assertThat(rebuilding.shadow()).isNotNull();
			assertThat(rebuilding.shadow().version()).isEqualTo(2);
			assertThat(rebuilding.shadow().lagEvents()).isPositive();
			assertThat(lagGauges("1")).hasSize(1);
			assertThat(lagGauges("2")).hasSize(1);
			// the active version keeps consuming live events, never emptied
			credits(engine, "a", 5);
			await().atMost(Duration.ofSeconds(10)).until(() -> balances.total(1) == 25);
			assertThat(engine.projections().activeVersion("balances")).isEqualTo(1);
			assertThat(balances.lowestAfterRebuild.get()).isGreaterThanOrEqualTo(20);

			balances.release.countDown();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.projections().activeVersion("balances") == 2 && balances.retired.contains(1));
			assertThat(balances.total(2)).isEqualTo(25);
			assertThat(this.offsets.load("balances")).isEmpty();
			assertThat(this.offsets.load("balances@v2")).isNotEmpty();
			assertThat(engine.projections().status("balances").shadow()).isNull();
			assertThat(engine.projections().status("balances").activeVersion()).isEqualTo(2);
			// the retired version's gauges are gone, the new one's stay
			assertThat(lagGauges("1")).isEmpty();
			assertThat(lagGauges("2")).hasSize(1);

			credits(engine, "a", 3);
			await().atMost(Duration.ofSeconds(10)).until(() -> balances.total(2) == 28);
			assertThat(balances.total(1)).isEqualTo(25);
		}
	}

	@Test
	void shadowResumesAfterARestartWithoutResettingTheActiveVersion() {
		VersionedBalances balances = new VersionedBalances();
		balances.failVersion = 2;
		ProjectionSettings failing = FAST.withRecovery(RecoveryPolicy.FAIL, 0, Duration.ofMillis(10));
		try (EgoEngine engine = engine(this.offsets, balances, failing)) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 0));
			credits(engine, "a", 20);
			await().atMost(Duration.ofSeconds(10)).until(() -> balances.total(1) == 20);
			engine.projections().rebuildBlueGreen("balances", RebuildFrom.beginning());
			// version 2 fails on its 13th event: it committed at least its first batch
			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.projections().status("balances").shadow() != null
						&& engine.projections().status("balances").shadow().state() == ProjectionStatus.State.FAILED);
			assertThat(engine.projections().activeVersion("balances")).isEqualTo(1);
		}
		long shadowAt = this.offsets.load("balances@v2").stream().mapToLong(Offset::position).min().orElseThrow();
		assertThat(shadowAt).isPositive();
		long activeAt = this.offsets.load("balances").stream().mapToLong(Offset::position).max().orElseThrow();

		VersionedBalances restarted = new VersionedBalances();
		try (EgoEngine engine = engine(this.offsets, restarted)) {
			assertThat(engine.projections().status("balances").shadow()).isNotNull();
			await().atMost(Duration.ofSeconds(10)).until(() -> engine.projections().activeVersion("balances") == 2);
			// the shadow went on after its offset; the active version was never reset
			assertThat(restarted.firstPosition(2)).isGreaterThan(shadowAt);
			assertThat(restarted.firstPosition(1)).isZero();
			assertThat(activeAt).isPositive();
			await().atMost(Duration.ofSeconds(10)).until(() -> restarted.retired.contains(1));
		}
	}

	@Test
	void crashRightAfterTheSwitchWriteLeavesTheNewVersionActiveAndRetiresTheOldAfterRestart() {
		crashAtTheSwitch(true, 2);
	}

	@Test
	void crashBeforeTheSwitchWriteLeavesTheOldVersionActiveAndTheShadowSwitchesAfterRestart() {
		crashAtTheSwitch(false, 1);
	}

	private void crashAtTheSwitch(boolean written, int activeAfterCrash) {
		CrashingOffsetStore crashing = new CrashingOffsetStore(this.offsets, written);
		VersionedBalances balances = new VersionedBalances();
		try (EgoEngine engine = engine(crashing, balances)) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 0));
			credits(engine, "a", 10);
			await().atMost(Duration.ofSeconds(10)).until(() -> balances.total(1) == 10);
			engine.projections().rebuildBlueGreen("balances", RebuildFrom.beginning());
			awaitLatch(crashing.crashed);
			// the instance is gone: nothing it does after the switch write reaches the
			// store
		}
		Offset stored = this.offsets.get(OffsetStore.CONTROL_PREFIX + "balances", "version.active");
		assertThat((stored != null) ? stored.position() : 1).isEqualTo(written ? 2 : 1);
		assertThat(this.offsets.load("balances@v2")).isNotEmpty();

		VersionedBalances restarted = new VersionedBalances();
		try (EgoEngine engine = engine(this.offsets, restarted)) {
			assertThat(engine.projections().activeVersion("balances")).isEqualTo(activeAfterCrash);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.projections().activeVersion("balances") == 2 && restarted.retired.contains(1));
			assertThat(engine.projections().status("balances").shadow()).isNull();
			assertThat(this.offsets.load("balances")).isEmpty();
			credits(engine, "a", 2);
			await().atMost(Duration.ofSeconds(10)).until(() -> restarted.total(2) + balances.total(2) >= 12);
			assertThat(restarted.total(1)).isZero();
		}
	}

	@Test
	void rebuildBlueGreenRejectsAPositionBeyondTheHeadAndLeavesNoShadow() {
		VersionedBalances balances = new VersionedBalances();
		try (EgoEngine engine = engine(this.offsets, balances)) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 0));
			assertThatExceptionOfType(InvalidRebuildPositionException.class)
				.isThrownBy(() -> engine.projections().rebuildBlueGreen("balances", RebuildFrom.position(99)));
			assertThat(engine.projections().status("balances").shadow()).isNull();
			assertThat(this.offsets.get(OffsetStore.CONTROL_PREFIX + "balances", "version.shadow")).isNull();
		}
	}

	private Collection<Gauge> lagGauges(String version) {
		return this.meters.find("ego.projection.lag.events")
			.tag("ego.projection", "balances")
			.tag("ego.projection.version", version)
			.gauges();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * A read model per version: the credits counted per version, as a handler writing to
	 * version-suffixed tables would.
	 */
	static final class VersionedBalances implements Projection {

		final Map<Integer, AtomicLong> totals = new ConcurrentHashMap<>();

		final Map<Integer, Long> firstPositions = new ConcurrentHashMap<>();

		final List<Integer> retired = new CopyOnWriteArrayList<>();

		final AtomicLong lowestAfterRebuild = new AtomicLong(Long.MAX_VALUE);

		final CountDownLatch blocked = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicBoolean failed = new AtomicBoolean();

		volatile int blockVersion;

		volatile int failVersion;

		@Override
		public void handle(EventEnvelope envelope) {
			throw new UnsupportedOperationException("the engine calls handle(envelope, context)");
		}

		@Override
		public void handle(EventEnvelope envelope, ProjectionContext context) throws Exception {
			int version = context.version();
			this.firstPositions.putIfAbsent(version, envelope.position());
			if (version == this.blockVersion && this.blocked.getCount() > 0) {
				this.blocked.countDown();
				assertThat(this.release.await(30, TimeUnit.SECONDS)).isTrue();
			}
			if (version == this.failVersion && total(version) == 12 && this.failed.compareAndSet(false, true)) {
				throw new IllegalStateException("read model of version " + version + " down");
			}
			if (envelope.event() instanceof AccountCredited credited) {
				long now = this.totals.computeIfAbsent(version, (v) -> new AtomicLong())
					.addAndGet(credited.getAmount());
				if (version == 1 && this.blocked.getCount() == 0) {
					this.lowestAfterRebuild.accumulateAndGet(now, Math::min);
				}
			}
		}

		@Override
		public void onVersionRetired(int version) {
			this.retired.add(version);
		}

		long total(int version) {
			AtomicLong total = this.totals.get(version);
			return (total != null) ? total.get() : 0;
		}

		long firstPosition(int version) {
			Long first = this.firstPositions.get(version);
			return (first != null) ? first : 0;
		}

	}

	/**
	 * An offset store that crashes at the switch: the write of the active version is (or
	 * is not) applied, then every call fails, as if the instance died there.
	 */
	static final class CrashingOffsetStore implements OffsetStore {

		final OffsetStore delegate;

		final boolean applyTheSwitch;

		final CountDownLatch crashed = new CountDownLatch(1);

		CrashingOffsetStore(OffsetStore delegate, boolean applyTheSwitch) {
			this.delegate = delegate;
			this.applyTheSwitch = applyTheSwitch;
		}

		private void alive() {
			if (this.crashed.getCount() == 0) {
				throw new StoreException("crashed");
			}
		}

		@Override
		public void save(Offset offset) {
			alive();
			if (offset.partition().equals("version.active")) {
				if (this.applyTheSwitch) {
					this.delegate.save(offset);
				}
				this.crashed.countDown();
				throw new StoreException("crashed at the switch");
			}
			this.delegate.save(offset);
		}

		@Override
		public @Nullable Offset get(String consumer, String partition) {
			alive();
			return this.delegate.get(consumer, partition);
		}

		@Override
		public List<Offset> load(String consumer) {
			alive();
			return this.delegate.load(consumer);
		}

		@Override
		public void delete(String consumer) {
			alive();
			this.delegate.delete(consumer);
		}

		@Override
		public boolean commit(Lease lease, long expectedPosition, Offset offset) {
			alive();
			return this.delegate.commit(lease, expectedPosition, offset);
		}

		@Override
		public @Nullable Lease acquire(String consumer, String partition, String owner, Instant now,
				Duration duration) {
			alive();
			return this.delegate.acquire(consumer, partition, owner, now, duration);
		}

		@Override
		public @Nullable Lease renew(Lease lease, Instant now, Duration duration) {
			alive();
			return this.delegate.renew(lease, now, duration);
		}

		@Override
		public void release(Lease lease) {
			alive();
			this.delegate.release(lease);
		}

		@Override
		public List<Lease> leases(String consumer) {
			alive();
			return this.delegate.leases(consumer);
		}

		@Override
		public boolean paused(String consumer) {
			alive();
			return this.delegate.paused(consumer);
		}

		@Override
		public void setPaused(String consumer, boolean paused, Instant at) {
			alive();
			this.delegate.setPaused(consumer, paused, at);
		}

	}

}
