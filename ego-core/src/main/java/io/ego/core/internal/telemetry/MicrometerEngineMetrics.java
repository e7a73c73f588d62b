package io.ego.core.internal.telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.ego.core.projection.ProjectionStatus;
import io.ego.core.saga.SagaStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * {@link EngineMetrics} on a Micrometer {@link MeterRegistry}. Tags are low-cardinality
 * only: entity type, projection, worker.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class MicrometerEngineMetrics implements EngineMetrics {

	private final MeterRegistry registry;

	/**
	 * Creates the metrics.
	 * @param registry where to register the meters
	 */
	public MicrometerEngineMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public EntityMetrics entityType(String entityType, IntSupplier liveEntities) {
		Gauge.builder("ego.entities.active", liveEntities, IntSupplier::getAsInt)
			.strongReference(true)
			.description("Live (activated, not passivated) entities")
			.tag("ego.entity.type", entityType)
			.register(this.registry);
		Counter activations = Counter.builder("ego.entities.activations")
			.description("Entities activated on demand")
			.tag("ego.entity.type", entityType)
			.register(this.registry);
		Counter passivations = Counter.builder("ego.entities.passivations")
			.description("Idle entities passivated")
			.tag("ego.entity.type", entityType)
			.register(this.registry);
		Counter persisted = Counter.builder("ego.events.persisted")
			.description("Events written to the journal")
			.tag("ego.entity.type", entityType)
			.register(this.registry);
		DistributionSummary batchSize = DistributionSummary.builder("ego.persist.batch.size")
			.description("Events per journal write")
			.baseUnit("events")
			.tag("ego.entity.type", entityType)
			.register(this.registry);
		Counter conflicts = Counter.builder("ego.persist.conflicts.retried")
			.description("Writes that conflicted with another writer and were decided again after a reload")
			.tag("ego.entity.type", entityType)
			.register(this.registry);
		Counter discardedType = discarded(entityType, "state-type");
		Counter discardedRevision = discarded(entityType, "state-revision");
		CommandTimers timers = new CommandTimers(this.registry, entityType);
		return new EntityMetrics() {

			@Override
			public void commandCompleted(String commandType, String outcome, @Nullable Throwable error, long nanos) {
				timers.command(commandType, outcome, error).record(nanos, TimeUnit.NANOSECONDS);
			}

			@Override
			public void persistCompleted(String outcome, @Nullable Throwable error, long nanos) {
				timers.persist(outcome, error).record(nanos, TimeUnit.NANOSECONDS);
			}

			@Override
			public void snapshotDiscarded(String reason) {
				("state-revision".equals(reason) ? discardedRevision : discardedType).increment();
			}

			@Override
			public void conflictRetried() {
				conflicts.increment();
			}

			@Override
			public void activated() {
				activations.increment();
			}

			@Override
			public void passivated() {
				passivations.increment();
			}

			@Override
			public void persisted(int events) {
				persisted.increment(events);
				batchSize.record(events);
			}

		};
	}

	private Counter discarded(String entityType, String reason) {
		return Counter.builder("ego.snapshots.discarded")
			.description("Snapshots recovery discarded (state type or revision no longer accepted); entities replayed")
			.tag("ego.entity.type", entityType)
			.tag("ego.reason", reason)
			.register(this.registry);
	}

	@Override
	public ProjectionMetrics projection(String name, int version, Supplier<ProjectionStatus> source) {
		String versionTag = Integer.toString(version);
		CachedStatus status = new CachedStatus(source);
		Map<String, Counter> batchesFailed = new HashMap<>();
		List<Meter> meters = new ArrayList<>();
		for (ProjectionStatus.Worker worker : source.get().workers()) {
			String partition = worker.partition();
			meters.add(Gauge.builder("ego.projection.lag.events", status, (s) -> s.worker(partition).lagEvents())
				.strongReference(true)
				.description("Events not yet handled by a projection worker")
				.baseUnit("events")
				.tag("ego.projection", name)
				.tag("ego.projection.version", versionTag)
				.tag("ego.worker", partition)
				.register(this.registry));
			meters.add(TimeGauge
				.builder("ego.projection.lag", status, TimeUnit.SECONDS,
						(s) -> s.worker(partition).lagTime().toNanos() / 1e9)
				.strongReference(true)
				.description("Age of the oldest event a projection worker has not handled; 0 when caught up")
				.tag("ego.projection", name)
				.tag("ego.projection.version", versionTag)
				.tag("ego.worker", partition)
				.register(this.registry));
			batchesFailed.put(partition, Counter.builder("ego.projection.batches.failed")
				.description("Batches of a transactional projection rolled back because a handler failed; their "
						+ "events were handled again one transaction each")
				.tag("ego.projection", name)
				.tag("ego.projection.version", versionTag)
				.tag("ego.worker", partition)
				.register(this.registry));
		}
		Map<String, Counter> counters = Map.copyOf(batchesFailed);
		meters.addAll(counters.values());
		MeterRegistry registry = this.registry;
		return new ProjectionMetrics() {

			@Override
			public void batchFailed(String worker) {
				Counter counter = counters.get(worker);
				if (counter != null) {
					counter.increment();
				}
			}

			@Override
			public void close() {
				for (Meter meter : meters) {
					registry.remove(meter);
				}
			}

		};
	}

	@Override
	public AutoCloseable saga(String saga, Supplier<Map<SagaStatus, Long>> instances, LongSupplier overdueTimers) {
		Cached<Map<SagaStatus, Long>> counts = new Cached<>(instances, Map.of());
		Cached<Long> overdue = new Cached<>(overdueTimers::getAsLong, 0L);
		List<Meter> meters = new ArrayList<>();
		for (SagaStatus status : SagaStatus.values()) {
			if (status == SagaStatus.NEW) {
				continue;
			}
			meters.add(Gauge.builder("ego.saga.instances", counts, (c) -> c.get().getOrDefault(status, 0L))
				.strongReference(true)
				.description("Saga instances by status, as the saga's dispatcher last recorded them")
				.tag("ego.saga", saga)
				.tag("ego.saga.status", status.name())
				.register(this.registry));
		}
		meters.add(Gauge.builder("ego.saga.timers.overdue", overdue, Cached::get)
			.strongReference(true)
			.description("Timers of a saga due for longer than twice the timer poll interval (at least a second)")
			.tag("ego.saga", saga)
			.register(this.registry));
		MeterRegistry registry = this.registry;
		return () -> meters.forEach(registry::remove);
	}

	/**
	 * A value read from a store at most every five seconds, however many gauges ask; the
	 * last value read (at first the initial one) when a read fails.
	 */
	private static final class Cached<T> {

		private static final long INTERVAL_NANOS = 5_000_000_000L;

		private final Supplier<T> source;

		private volatile T value;

		private volatile long readAt;

		Cached(Supplier<T> source, T initial) {
			this.source = source;
			this.value = initial;
			this.readAt = System.nanoTime() - INTERVAL_NANOS;
		}

		T get() {
			if (System.nanoTime() - this.readAt >= INTERVAL_NANOS) {
				this.readAt = System.nanoTime();
				try {
					this.value = this.source.get();
				}
				catch (RuntimeException ex) {
					// the store is unreachable: the last value stays
				}
			}
			return this.value;
		}

	}

	/** Reads a runner's status at most once a second, however many gauges ask. */
	private static final class CachedStatus {

		private final Supplier<ProjectionStatus> source;

		private volatile ProjectionStatus status;

		private volatile long readAt;

		CachedStatus(Supplier<ProjectionStatus> source) {
			this.source = source;
			this.status = source.get();
			this.readAt = System.nanoTime();
		}

		ProjectionStatus.Worker worker(String partition) {
			if (System.nanoTime() - this.readAt > 1_000_000_000L) {
				this.status = this.source.get();
				this.readAt = System.nanoTime();
			}
			for (ProjectionStatus.Worker worker : this.status.workers()) {
				if (worker.partition().equals(partition)) {
					return worker;
				}
			}
			throw new IllegalStateException("no worker " + partition);
		}

	}

	/**
	 * The timers of one entity type's commands and writes when they are timed by meters
	 * instead of observations: the {@code ego.command} and {@code ego.persist} timers the
	 * observations' meter handler records, with the same tags ({@code error} is the
	 * exception's simple name, or {@code none}), each looked up once and then read from a
	 * map keyed by the command type.
	 */
	private static final class CommandTimers {

		private static final String[] COMMAND_OUTCOMES = { "accepted", "rejected", "failed", "unknown" };

		private final MeterRegistry registry;

		private final String entityType;

		/** By command type: the timers of the outcomes without an error. */
		private final Map<String, Timer[]> commands = new ConcurrentHashMap<>();

		/** The timers of failures, by command type, outcome and error. */
		private final Map<List<String>, Timer> failures = new ConcurrentHashMap<>();

		/**
		 * Registered on the first write timed (none when writes are not timed by meters).
		 */
		private volatile @Nullable Timer persistSucceeded;

		CommandTimers(MeterRegistry registry, String entityType) {
			this.registry = registry;
			this.entityType = entityType;
		}

		Timer command(String commandType, String outcome, @Nullable Throwable error) {
			if (error != null) {
				String name = error.getClass().getSimpleName();
				return this.failures.computeIfAbsent(List.of(commandType, outcome, name),
						(key) -> commandTimer(commandType, outcome, name));
			}
			int index = switch (outcome) {
				case "accepted" -> 0;
				case "rejected" -> 1;
				case "failed" -> 2;
				default -> 3;
			};
			Timer[] timers = this.commands.computeIfAbsent(commandType, (type) -> new Timer[COMMAND_OUTCOMES.length]);
			Timer timer = timers[index];
			if (timer == null) {
				// racing threads register the same meter: the registry returns one
				timer = commandTimer(commandType, COMMAND_OUTCOMES[index], "none");
				timers[index] = timer;
			}
			return timer;
		}

		Timer persist(String outcome, @Nullable Throwable error) {
			if (error == null && "success".equals(outcome)) {
				Timer timer = this.persistSucceeded;
				if (timer == null) {
					timer = persistTimer("success", "none");
					this.persistSucceeded = timer;
				}
				return timer;
			}
			String name = (error != null) ? error.getClass().getSimpleName() : "none";
			return this.failures.computeIfAbsent(List.of("", outcome, name), (key) -> persistTimer(outcome, name));
		}

		private Timer commandTimer(String commandType, String outcome, String error) {
			return Timer.builder("ego.command")
				.description("Commands, from the ask to the reply")
				.tag("ego.entity.type", this.entityType)
				.tag("ego.command.type", commandType)
				.tag("ego.outcome", outcome)
				.tag("error", error)
				.register(this.registry);
		}

		private Timer persistTimer(String outcome, String error) {
			return Timer.builder("ego.persist")
				.description("Writes of an entity's events or state")
				.tag("ego.entity.type", this.entityType)
				.tag("ego.outcome", outcome)
				.tag("error", error)
				.register(this.registry);
		}

	}

}
