package io.ego.migration;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateChanges;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.EntityAppend;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an eGo deployment from one set of stores to another: events (sequence numbers,
 * write times, metadata and key ids kept; encrypted payloads copied as ciphertext),
 * snapshots, durable states at their revisions, data keys, erasure markers, the sagas'
 * timers and status index, consumer offsets and dead letters.
 * <ul>
 * <li><b>Positions</b> are assigned by the target. Events are copied in the source's
 * position order in segments that end at the consumer offsets' positions: within a
 * segment the entities' appends run at once (each entity's in order), and a segment is
 * written before the next starts. Each offset is translated to the target's head when its
 * segment is written (recorded in the checkpoint, so a resumed copy keeps it): every
 * event before it is below, every later one above, in every slice range — a projection
 * resumes on the target exactly where it was, nothing re-delivered or skipped. Offsets of
 * state-feed consumers (publishers of durable states) count positions of another feed:
 * they are reset, and reported.</li>
 * <li><b>Resumable</b>: the target holds the checkpoint (the source position reached,
 * under consumer {@value #CHECKPOINT_CONSUMER}, removed when the copy ends), and an event
 * the target already holds (same entity, sequence number at or below the target's
 * highest) is skipped; a copy killed at any point and run again completes without
 * duplicating anything.</li>
 * <li><b>Bounded memory</b>: every store is read a page at a time; only the highest
 * sequence number of each entity seen is kept.</li>
 * </ul>
 * The target should not be written by an application while the copy runs.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class StoreCopy {

	/** The consumer under which the target keeps the copy's checkpoint. */
	public static final String CHECKPOINT_CONSUMER = "ego-migration";

	private static final String CHECKPOINT_PARTITION = "events";

	/**
	 * The checkpoint's partitions recording, per offset position, the target's head
	 * there.
	 */
	private static final String BOUNDARY_PREFIX = "at-";

	private static final Logger logger = LoggerFactory.getLogger(StoreCopy.class);

	private final MigrationStores source;

	private final MigrationStores target;

	private int pageSize = 1_000;

	private int parallelism = 8;

	private CopyProgress progress = CopyProgress.NONE;

	private Set<String> stateFeedConsumers = Set.of();

	private boolean resetOffsets;

	private Clock clock = Clock.systemUTC();

	private StoreCopy(MigrationStores source, MigrationStores target) {
		this.source = Objects.requireNonNull(source, "source");
		this.target = Objects.requireNonNull(target, "target");
	}

	/**
	 * A copy between two sets of stores.
	 * @param source where the deployment is
	 * @param target where it goes; empty, or holding what an interrupted copy wrote
	 * @return the copy, to configure and {@link #run()}
	 */
	public static StoreCopy between(MigrationStores source, MigrationStores target) {
		return new StoreCopy(source, target);
	}

	/**
	 * @param size records read per query, positive (1,000 by default)
	 * @return this copy
	 */
	public StoreCopy pageSize(int size) {
		if (size <= 0) {
			throw new IllegalArgumentException("page size must be positive, not " + size);
		}
		this.pageSize = size;
		return this;
	}

	/**
	 * @param entities how many entities' events are appended at once, positive (8 by
	 * default; 1 appends one after another)
	 * @return this copy
	 */
	public StoreCopy parallelism(int entities) {
		if (entities <= 0) {
			throw new IllegalArgumentException("parallelism must be positive, not " + entities);
		}
		this.parallelism = entities;
		return this;
	}

	/**
	 * @param listener told after each page
	 * @return this copy
	 */
	public StoreCopy progress(CopyProgress listener) {
		this.progress = Objects.requireNonNull(listener, "listener");
		return this;
	}

	/**
	 * @param consumers the consumers that read the durable-state feed (state publishers):
	 * their offsets are reset, since that feed's positions are the target's own
	 * @return this copy
	 */
	public StoreCopy stateFeedConsumers(Set<String> consumers) {
		this.stateFeedConsumers = Set.copyOf(consumers);
		return this;
	}

	/**
	 * @param reset whether to reset every consumer offset (each projection then rebuilds
	 * from the start on the target) instead of translating them
	 * @return this copy
	 */
	public StoreCopy resetOffsets(boolean reset) {
		this.resetOffsets = reset;
		return this;
	}

	/**
	 * @param clock the clock for the checkpoint's time
	 * @return this copy
	 */
	public StoreCopy clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return this;
	}

	/**
	 * Runs the copy to its end.
	 * @return what it did
	 * @throws io.ego.core.store.StoreException when a store fails: nothing is lost, run
	 * the copy again to resume
	 */
	public CopyReport run() {
		long started = System.nanoTime();
		Counts counts = new Counts();
		copyDataKeys(counts);
		copyEvents(counts);
		raiseShortenedHistories(counts);

		copySnapshots(counts);
		copyStates(counts);
		copyErasures(counts);
		SagaCopy sagas = new SagaCopy(this.source, this.target, this.pageSize, this.progress);
		sagas.run();
		List<String> reset = new ArrayList<>();
		copyOffsets(counts, reset);
		copyDeadLetters(counts);
		this.target.offsets().delete(CHECKPOINT_CONSUMER);
		CopyReport report = new CopyReport(counts.events, counts.skipped, counts.raised, counts.snapshots,
				counts.states, counts.offsets, reset, counts.deadLetters, counts.dataKeys, counts.erasures,
				sagas.timers, sagas.indexEntries, Duration.ofNanos(System.nanoTime() - started));
		logger.info("eGo store copy done: {}", report);
		return report;
	}

	private void copyDataKeys(Counts counts) {
		DataKeyStore from = this.source.dataKeys();
		DataKeyStore to = this.target.dataKeys();
		if (from == null) {
			return;
		}
		String after = "";
		for (;;) {
			List<DataKeyRecord> page = from.keysAfter(after, this.pageSize);
			if (page.isEmpty()) {
				return;
			}
			if (to == null) {
				throw new IllegalStateException("the source holds data keys (encrypted payloads) but the target has no "
						+ "data key store: its events could not be read");
			}
			for (DataKeyRecord key : page) {
				if (to.get(key.keyId()) == null) {
					to.insert(key);
					counts.dataKeys++;
				}
			}
			after = page.get(page.size() - 1).keyId();
			this.progress.progress("data-keys", counts.dataKeys, -1);
		}
	}

	private void copyEvents(Counts counts) {
		EventStore from = this.source.events();
		Offset checkpoint = this.target.offsets().get(CHECKPOINT_CONSUMER, CHECKPOINT_PARTITION);
		long after = (checkpoint != null) ? checkpoint.position() : 0;
		long head = from.headPosition();
		NavigableSet<Long> boundaries = boundaries();
		Map<String, Long> highest = new ConcurrentHashMap<>();
		try (ExecutorService appenders = Executors.newVirtualThreadPerTaskExecutor()) {
			// the next page is read from the source while this one is written to the
			// target
			Future<List<PersistedEvent>> next = read(appenders, from, after);
			Progress done = new Progress(appenders, head);
			// a page whose entities are all not in the page being written is handed to
			// the target before that one is done, so that the target's writer always has
			// the next appends queued: at most two pages are written at once, and a
			// third is read
			Appends writing = null;
			for (;;) {
				List<PersistedEvent> page = await(next);
				if (page.isEmpty()) {
					if (writing != null) {
						done.page(writing, counts, highest);
					}
					done.end();
					// offsets beyond the last event: everything is below the target's
					// head
					recordBoundaries(boundaries.tailSet(after, false));
					return;
				}
				long last = page.get(page.size() - 1).position();
				next = read(appenders, from, last);
				if (boundaries.subSet(after, false, last, true).isEmpty()) {
					Map<String, List<PersistedEvent>> byEntity = byEntity(page);
					if (writing != null && !Collections.disjoint(writing.entities(), byEntity.keySet())) {
						// an entity's appends are made one after the other
						done.page(writing, counts, highest);
						writing = null;
					}
					Appends appends = append(appenders, byEntity, last, highest);
					if (writing != null) {
						done.page(writing, counts, highest);
					}
					writing = appends;
				}
				else {
					// offsets in this page: every segment is written before the target's
					// head is read for the offsets after it
					if (writing != null) {
						done.page(writing, counts, highest);
						writing = null;
					}
					recordBoundaries(boundaries.subSet(after, false, page.get(0).position(), false));
					int start = 0;
					while (start < page.size()) {
						// a segment ends at the last event at or before the next offset's
						// position
						Long boundary = boundaries.ceiling(page.get(start).position());
						int end = start + 1;
						while (end < page.size() && (boundary == null || page.get(end).position() <= boundary)) {
							end++;
						}
						List<PersistedEvent> segment = page.subList(start, end);
						long segmentEnd = segment.get(segment.size() - 1).position();
						Appends appends = append(appenders, byEntity(segment), segmentEnd, highest);
						if (end < page.size()) {
							done.segment(appends, counts, highest);
						}
						else {
							done.page(appends, counts, highest);
						}
						long following = (end < page.size()) ? page.get(end).position() : Long.MAX_VALUE;
						recordBoundaries(boundaries.subSet(segmentEnd, true, following, false));
						start = end;
					}
				}
				after = last;
			}
		}
	}

	/**
	 * Pages (and segments) written: their appends waited for, counted and remembered, and
	 * the checkpoint of each page written saved while the next ones are written.
	 */
	private final class Progress {

		private final ExecutorService savers;

		private final long head;

		private Future<?> checkpointed = CompletableFuture.completedFuture(null);

		Progress(ExecutorService savers, long head) {
			this.savers = savers;
			this.head = head;
		}

		/** Waits for a segment's appends, which do not end a page. */
		void segment(Appends appends, Counts counts, Map<String, Long> highest) {
			appends.await(counts, highest);
		}

		/**
		 * Waits for the appends of a page (or of its last segment), then saves the
		 * checkpoint at its end.
		 */
		void page(Appends appends, Counts counts, Map<String, Long> highest) {
			appends.await(counts, highest);
			await(this.checkpointed);
			Offset reached = new Offset(CHECKPOINT_CONSUMER, CHECKPOINT_PARTITION, appends.end(),
					StoreCopy.this.clock.instant());
			this.checkpointed = this.savers.submit(() -> StoreCopy.this.target.offsets().save(reached));
			StoreCopy.this.progress.progress("events", appends.end(), this.head);
		}

		/** Waits for the last checkpoint. */
		void end() {
			await(this.checkpointed);
		}

	}

	private static Map<String, List<PersistedEvent>> byEntity(List<PersistedEvent> events) {
		Map<String, List<PersistedEvent>> byEntity = new LinkedHashMap<>();
		for (PersistedEvent event : events) {
			byEntity.computeIfAbsent(event.persistenceId(), (id) -> new ArrayList<>()).add(event);
		}
		return byEntity;
	}

	/** Starts reading the source's page of events after a position. */
	private Future<List<PersistedEvent>> read(ExecutorService readers, EventStore from, long after) {
		return readers.submit(() -> from.eventsAfter(after, 0, PersistedEvent.SLICE_COUNT - 1, this.pageSize));
	}

	/** Waits for a task of the copy, throwing what it threw. */
	private static <T> T await(Future<T> task) {
		try {
			return task.get();
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause
					: new StoreException("the copy failed: " + ex.getCause(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreException("the copy was interrupted", ex);
		}
	}

	/**
	 * The source positions of the offsets to translate: a segment of the copy never spans
	 * one, so that its events are all written before the next segment's.
	 */
	private NavigableSet<Long> boundaries() {
		NavigableSet<Long> boundaries = new TreeSet<>();
		if (this.resetOffsets) {
			return boundaries;
		}
		for (String consumer : this.source.offsets().consumers()) {
			if (consumer.equals(CHECKPOINT_CONSUMER) || this.stateFeedConsumers.contains(consumer)) {
				continue;
			}
			for (Offset offset : this.source.offsets().load(consumer)) {
				if (slices(offset.partition()) != null && offset.position() > 0) {
					boundaries.add(offset.position());
				}
			}
		}
		return boundaries;
	}

	/**
	 * Starts writing a segment: each entity's events the target lacks in one append (an
	 * entity whose history the source shortened first has its highest sequence number
	 * raised), the entities split in at most {@link #parallelism(int)} groups written at
	 * once, each group's appends in one {@link EventStore#appendAll} (a JDBC store puts
	 * them in as few transactions as its batch size allows).
	 * @param byEntity the segment's events by entity, none of them being written
	 * @param end the source position of the segment's last event
	 * @param highest the target's highest sequence number of every entity written so far,
	 * completed here for the others
	 * @return the appends under way
	 */
	private Appends append(ExecutorService appenders, Map<String, List<PersistedEvent>> byEntity, long end,
			Map<String, Long> highest) {
		EventStore to = this.target.events();
		// the target's highest sequence numbers of the entities not met before, in one
		// look-up for the segment
		List<String> unknown = new ArrayList<>();
		for (String persistenceId : byEntity.keySet()) {
			if (!highest.containsKey(persistenceId)) {
				unknown.add(persistenceId);
			}
		}
		if (!unknown.isEmpty()) {
			highest.putAll(to.highestSequenceNrs(unknown));
		}
		List<EntityAppend> appends = new ArrayList<>(byEntity.size());
		long events = 0;
		long skipped = 0;
		for (List<PersistedEvent> run : byEntity.values()) {
			String persistenceId = run.get(0).persistenceId();
			long known = highest.getOrDefault(persistenceId, 0L);
			List<PersistedEvent> missing = new ArrayList<>(run.size());
			for (PersistedEvent event : run) {
				if (event.sequenceNr() <= known) {
					skipped++;
				}
				else {
					missing.add(new PersistedEvent(event.persistenceId(), event.entityType(), event.sequenceNr(), 0,
							event.slice(), event.eventType(), event.payload(), event.writeTime(), event.metadata(),
							event.keyId()));
				}
			}
			if (missing.isEmpty()) {
				continue;
			}
			long first = missing.get(0).sequenceNr();
			if (first > known + 1) {
				to.raiseHighestSequenceNr(persistenceId, first - 1);
				known = first - 1;
			}
			appends.add(new EntityAppend(persistenceId, known, missing));
			events += missing.size();
		}
		int groups = Math.min(this.parallelism, appends.size());
		List<Future<?>> writes = new ArrayList<>(groups);
		for (int group = 0; group < groups; group++) {
			List<EntityAppend> part = appends.subList(appends.size() * group / groups,
					appends.size() * (group + 1) / groups);
			writes.add(appenders.submit(() -> to.appendAll(part)));
		}
		return new Appends(byEntity.keySet(), appends, writes, events, skipped, end);
	}

	/**
	 * The appends of a segment under way.
	 *
	 * @param entities the segment's entities
	 * @param appends the appends
	 * @param writes the groups' writes
	 * @param events the events appended
	 * @param skipped the events skipped (already in the target)
	 * @param end the source position of the segment's last event
	 */
	private record Appends(Set<String> entities, List<EntityAppend> appends, List<Future<?>> writes, long events,
			long skipped, long end) {

		/**
		 * Waits until every group's write is done, then counts the events and remembers
		 * each entity's highest sequence number.
		 * @throws RuntimeException the first failure of a group, once every group is done
		 */
		void await(Counts counts, Map<String, Long> highest) {
			RuntimeException failure = null;
			for (Future<?> write : this.writes) {
				try {
					write.get();
				}
				catch (ExecutionException ex) {
					if (failure == null) {
						failure = (ex.getCause() instanceof RuntimeException cause) ? cause
								: new StoreException("the copy of an entity's events failed: " + ex.getCause(), ex);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new StoreException("the copy was interrupted", ex);
				}
			}
			if (failure != null) {
				throw failure;
			}
			counts.events += this.events;
			counts.skipped += this.skipped;
			for (EntityAppend append : this.appends) {
				List<PersistedEvent> written = append.events();
				highest.put(append.persistenceId(), written.get(written.size() - 1).sequenceNr());
			}
		}

	}

	/**
	 * Records, for the offset positions a segment ended at, the target's head once the
	 * segment is written: every event before them is below it, every later one above.
	 */
	private void recordBoundaries(Set<Long> reached) {
		if (reached.isEmpty()) {
			return;
		}
		long targetHead = this.target.events().headPosition();
		for (long position : reached) {
			this.target.offsets()
				.save(new Offset(CHECKPOINT_CONSUMER, BOUNDARY_PREFIX + position, targetHead, this.clock.instant()));
		}
	}

	/**
	 * Entities whose events retention deleted keep their highest sequence number: the
	 * target must continue after it.
	 */
	private void raiseShortenedHistories(Counts counts) {
		String after = "";
		long seen = 0;
		for (;;) {
			List<String> page = this.source.events().persistenceIds(after, this.pageSize);
			if (page.isEmpty()) {
				return;
			}
			Map<String, Long> sourceHighest = this.source.events().highestSequenceNrs(page);
			Map<String, Long> targetHighest = this.target.events().highestSequenceNrs(page);
			for (String persistenceId : page) {
				long highest = sourceHighest.getOrDefault(persistenceId, 0L);
				if (highest > targetHighest.getOrDefault(persistenceId, 0L)) {
					this.target.events().raiseHighestSequenceNr(persistenceId, highest);
					counts.raised++;
				}
			}
			seen += page.size();
			after = page.get(page.size() - 1);
			this.progress.progress("entities", seen, -1);
		}
	}

	private void copySnapshots(Counts counts) {
		String afterId = "";
		long afterSequenceNr = 0;
		for (;;) {
			List<SnapshotRecord> page = this.source.snapshots().snapshotsAfter(afterId, afterSequenceNr, this.pageSize);
			if (page.isEmpty()) {
				return;
			}
			for (SnapshotRecord snapshot : page) {
				SnapshotRecord existing = this.target.snapshots().latest(snapshot.persistenceId());
				if (existing == null || existing.sequenceNr() < snapshot.sequenceNr()) {
					this.target.snapshots().save(snapshot);
					counts.snapshots++;
				}
			}
			SnapshotRecord last = page.get(page.size() - 1);
			afterId = last.persistenceId();
			afterSequenceNr = last.sequenceNr();
			this.progress.progress("snapshots", counts.snapshots, -1);
		}
	}

	private void copyStates(Counts counts) {
		if (!(this.source.durableStates() instanceof DurableStateChanges feed)) {
			throw new IllegalStateException(
					"the source's durable state store (" + this.source.durableStates().getClass().getName()
							+ ") cannot be listed: it is no " + DurableStateChanges.class.getName());
		}
		long after = 0;
		for (;;) {
			List<DurableStateChange> page = feed.changesAfter(after, 0, PersistedEvent.SLICE_COUNT - 1, this.pageSize);
			if (page.isEmpty()) {
				return;
			}
			for (DurableStateChange change : page) {
				DurableStateRecord state = change.state();
				DurableStateRecord existing = this.target.durableStates().get(state.persistenceId());
				// a restore interrupted between its steps leaves revision 1 of the same
				// state: restore again
				if (existing == null || existing.revision() != state.revision()) {
					this.target.durableStates().restore(state);
					counts.states++;
				}
			}
			after = page.get(page.size() - 1).position();
			this.progress.progress("states", counts.states, -1);
		}
	}

	private void copyErasures(Counts counts) {
		ErasureStore from = this.source.erasures();
		ErasureStore to = this.target.erasures();
		if (from == null) {
			return;
		}
		String after = "";
		for (;;) {
			List<ErasureMarker> page = from.markersAfter(after, this.pageSize);
			if (page.isEmpty()) {
				return;
			}
			if (to == null) {
				throw new IllegalStateException("the source holds erasure markers but the target has no erasure store");
			}
			for (ErasureMarker marker : page) {
				if (to.get(marker.persistenceId()) == null) {
					to.save(marker);
					counts.erasures++;
				}
			}
			after = page.get(page.size() - 1).persistenceId();
			this.progress.progress("erasures", counts.erasures, -1);
		}
	}

	private void copyOffsets(Counts counts, List<String> reset) {
		OffsetStore from = this.source.offsets();
		Set<String> done = new HashSet<>();
		for (String consumer : from.consumers()) {
			if (consumer.equals(CHECKPOINT_CONSUMER) || !done.add(consumer)) {
				continue;
			}
			for (Offset offset : from.load(consumer)) {
				Offset translated = translate(offset, reset);
				this.target.offsets().save(translated);
				counts.offsets++;
			}
			if (from.paused(consumer)) {
				this.target.offsets().setPaused(consumer, true, this.clock.instant());
			}
			this.progress.progress("offsets", counts.offsets, -1);
		}
	}

	private Offset translate(Offset offset, List<String> reset) {
		int[] slices = slices(offset.partition());
		if (slices == null) {
			return offset;
		}
		if (this.resetOffsets || this.stateFeedConsumers.contains(offset.consumer())) {
			reset.add(offset.consumer() + "/" + offset.partition());
			return new Offset(offset.consumer(), offset.partition(), 0, offset.updatedAt());
		}
		return new Offset(offset.consumer(), offset.partition(),
				targetPosition(offset.position(), slices[0], slices[1]), offset.updatedAt());
	}

	/**
	 * The target position that leaves the same events of a slice range behind as a source
	 * position does: the target position of the source's event at that position, else one
	 * before the target position of the next one, else the target's head.
	 */
	long targetPosition(long sourcePosition, int minSlice, int maxSlice) {
		if (sourcePosition <= 0) {
			return 0;
		}
		Offset recorded = this.target.offsets().get(CHECKPOINT_CONSUMER, BOUNDARY_PREFIX + sourcePosition);
		if (recorded != null) {
			return recorded.position();
		}
		List<PersistedEvent> at = this.source.events().eventsAfter(sourcePosition - 1, minSlice, maxSlice, 1);
		if (!at.isEmpty() && at.get(0).position() == sourcePosition) {
			return copyOf(at.get(0).persistenceId(), at.get(0).sequenceNr()).position();
		}
		List<PersistedEvent> next = this.source.events().eventsAfter(sourcePosition, minSlice, maxSlice, 1);
		if (next.isEmpty()) {
			return this.target.events().headPosition();
		}
		return copyOf(next.get(0).persistenceId(), next.get(0).sequenceNr()).position() - 1;
	}

	private PersistedEvent copyOf(String persistenceId, long sequenceNr) {
		List<PersistedEvent> copy = this.target.events().replay(persistenceId, sequenceNr, sequenceNr, 1);
		if (copy.isEmpty()) {
			throw new IllegalStateException("event " + persistenceId + "#" + sequenceNr
					+ " is not in the target: the copy of the events did not finish");
		}
		return copy.get(0);
	}

	private void copyDeadLetters(Counts counts) {
		Set<String> known = new HashSet<>();
		long afterKnown = 0;
		for (;;) {
			List<DeadLetter> page = this.target.deadLetters().listAll(afterKnown, this.pageSize);
			if (page.isEmpty()) {
				break;
			}
			page.forEach((letter) -> known.add(key(letter)));
			afterKnown = page.get(page.size() - 1).id();
		}
		long after = 0;
		for (;;) {
			List<DeadLetter> page = this.source.deadLetters().listAll(after, this.pageSize);
			if (page.isEmpty()) {
				return;
			}
			for (DeadLetter letter : page) {
				if (known.contains(key(letter))) {
					continue;
				}
				long position = copyOf(letter.persistenceId(), letter.sequenceNr()).position();
				this.target.deadLetters()
					.add(new DeadLetter(0, letter.consumer(), letter.persistenceId(), letter.sequenceNr(), position,
							letter.eventType(), letter.payload(), letter.writeTime(), letter.metadata(), letter.cause(),
							letter.attempts(), letter.failedAt()));
				counts.deadLetters++;
			}
			after = page.get(page.size() - 1).id();
			this.progress.progress("dead-letters", counts.deadLetters, -1);
		}
	}

	private static String key(DeadLetter letter) {
		return letter.consumer() + '\u0000' + letter.persistenceId() + '\u0000' + letter.sequenceNr();
	}

	private static int @Nullable [] slices(String partition) {
		int dash = partition.indexOf('-');
		if (dash <= 0) {
			return null;
		}
		try {
			return new int[] { Integer.parseInt(partition.substring(0, dash)),
					Integer.parseInt(partition.substring(dash + 1)) };
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static final class Counts {

		long events;

		long skipped;

		long raised;

		long snapshots;

		long states;

		long offsets;

		long deadLetters;

		long dataKeys;

		long erasures;

	}

}
