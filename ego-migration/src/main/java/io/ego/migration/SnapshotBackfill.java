package io.ego.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.ego.core.EgoEngine;
import io.ego.core.EntityState;
import io.ego.core.EntityTypeInfo;
import io.ego.core.store.EventStore;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a snapshot at the head of every entity of a type that has none there (after
 * snapshots were turned on, or long histories were left without), through the running
 * engine: each entity snapshots itself through its own single writer
 * ({@link io.ego.core.EntityRef#snapshotAsync()}), so the backfill may run while the
 * application serves commands, never writes a snapshot older than the entity's own, and
 * the type's retention runs after each snapshot as it would after a periodic one. At most
 * {@link #parallelism(int)} entities at a time; an entity whose latest snapshot is at its
 * head is skipped, so a backfill that stopped resumes where it was.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class SnapshotBackfill {

	private static final Logger logger = LoggerFactory.getLogger(SnapshotBackfill.class);

	private final EgoEngine engine;

	private final EventStore events;

	private final SnapshotStore snapshots;

	private final String entityType;

	private int parallelism = 8;

	private Duration timeout = Duration.ofSeconds(30);

	private CopyProgress progress = CopyProgress.NONE;

	private SnapshotBackfill(EgoEngine engine, EventStore events, SnapshotStore snapshots, String entityType) {
		this.engine = Objects.requireNonNull(engine, "engine");
		this.events = Objects.requireNonNull(events, "events");
		this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
		this.entityType = Objects.requireNonNull(entityType, "entityType");
	}

	/**
	 * A backfill of one entity type.
	 * @param engine the running engine the type is registered with
	 * @param events its journal (to list the entities)
	 * @param snapshots its snapshot store (to skip the entities snapshotted at their
	 * head, and to see each snapshot written)
	 * @param entityType the event-sourced entity type
	 * @return the backfill, to configure and {@link #run()}
	 */
	public static SnapshotBackfill of(EgoEngine engine, EventStore events, SnapshotStore snapshots, String entityType) {
		return new SnapshotBackfill(engine, events, snapshots, entityType);
	}

	/**
	 * Backfills every event-sourced entity type of the engine, one type after another
	 * (sagas' own instances aside: the engine keeps them), with the same parallelism and
	 * timeout.
	 * @param engine the running engine
	 * @param events its journal
	 * @param snapshots its snapshot store
	 * @param parallelism how many entities snapshot at a time, positive
	 * @return one report per entity type, in the engine's order
	 * @throws InterruptedException when interrupted (run it again to resume)
	 */
	public static List<BackfillReport> everyType(EgoEngine engine, EventStore events, SnapshotStore snapshots,
			int parallelism) throws InterruptedException {
		List<BackfillReport> reports = new ArrayList<>();
		for (String type : eventSourcedTypes(engine)) {
			reports.add(of(engine, events, snapshots, type).parallelism(parallelism).run());
		}
		return reports;
	}

	/**
	 * @param engine the engine
	 * @return its event-sourced entity types that a backfill snapshots (saga instances
	 * left out)
	 */
	static List<String> eventSourcedTypes(EgoEngine engine) {
		return engine.entityTypes()
			.stream()
			.filter((type) -> type.kind() == EntityTypeInfo.Kind.EVENT_SOURCED)
			.map(EntityTypeInfo::name)
			.filter((name) -> !name.startsWith(SagaCopy.SAGA_TYPE_PREFIX))
			.toList();
	}

	/**
	 * @param entities how many entities snapshot at a time, positive (8 by default)
	 * @return this backfill
	 */
	public SnapshotBackfill parallelism(int entities) {
		if (entities <= 0) {
			throw new IllegalArgumentException("parallelism must be positive, not " + entities);
		}
		this.parallelism = entities;
		return this;
	}

	/**
	 * @param wait how long one entity's snapshot may take to be written (30 s by default)
	 * @return this backfill
	 */
	public SnapshotBackfill timeout(Duration wait) {
		if (wait.isNegative() || wait.isZero()) {
			throw new IllegalArgumentException("the timeout must be positive, not " + wait);
		}
		this.timeout = wait;
		return this;
	}

	/**
	 * @param listener told after each page of entities ({@code snapshots} phase)
	 * @return this backfill
	 */
	public SnapshotBackfill progress(CopyProgress listener) {
		this.progress = Objects.requireNonNull(listener, "listener");
		return this;
	}

	/**
	 * Runs the backfill to its end.
	 * @return what it did, and the entities it could not snapshot with why
	 * @throws InterruptedException when interrupted (run it again to resume)
	 */
	public BackfillReport run() throws InterruptedException {
		long started = System.nanoTime();
		String prefix = this.entityType + "|";
		AtomicLong snapshotted = new AtomicLong();
		AtomicLong skipped = new AtomicLong();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		Semaphore slots = new Semaphore(this.parallelism);
		long seen = 0;
		try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
			// every id is listed: the store's order (its collation) need not keep a
			// type's ids together
			String after = "";
			for (;;) {
				List<String> page = this.events.persistenceIds(after, 1_000);
				List<String> ofType = new ArrayList<>();
				for (String persistenceId : page) {
					if (persistenceId.startsWith(prefix)) {
						ofType.add(persistenceId);
					}
				}
				for (String persistenceId : ofType) {
					slots.acquire();
					workers.execute(() -> {
						try {
							if (backfill(persistenceId, prefix)) {
								snapshotted.incrementAndGet();
							}
							else {
								skipped.incrementAndGet();
							}
						}
						catch (Throwable ex) {
							failures.add(persistenceId + ": " + ex);
						}
						finally {
							slots.release();
						}
					});
				}
				seen += ofType.size();
				this.progress.progress("snapshots", seen, -1);
				if (page.isEmpty()) {
					break;
				}
				after = page.get(page.size() - 1);
			}
		}
		BackfillReport report = new BackfillReport(this.entityType, snapshotted.get(), skipped.get(),
				List.copyOf(failures), Duration.ofNanos(System.nanoTime() - started));
		logger.info("eGo snapshot backfill done: {}", report);
		return report;
	}

	/**
	 * @return whether a snapshot was written ({@code false}: already at the head)
	 */
	private boolean backfill(String persistenceId, String prefix) throws Exception {
		SnapshotRecord latest = this.snapshots.latest(persistenceId);
		// without a snapshot the entity's head need not be read: an entity without events
		// snapshots nothing (revision 0)
		if (latest != null && latest.sequenceNr() >= this.events.highestSequenceNr(persistenceId)) {
			return false;
		}
		String entityId = persistenceId.substring(prefix.length());
		try {
			// completes once the snapshot is written (and retention ran after it)
			EntityState<?> state = this.engine.entity(this.entityType, entityId)
				.snapshotAsync()
				.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			return state.revision() > 0;
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

}
