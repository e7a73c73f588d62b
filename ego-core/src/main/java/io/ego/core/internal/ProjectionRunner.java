package io.ego.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.ego.core.EngineConfigurationException;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one named projection: its workers (one per slice range), their offsets, and the operations on it (start,
 * stop, pause, resume, rebuild). Operations are rare and serialized by a lock; workers run on virtual threads.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class ProjectionRunner {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionRunner.class);

	/** Offset-store consumer holding a projection's persisted control flags. */
	static final String CONTROL_PREFIX = "$control:";

	static final String PAUSED = "paused";

	final String name;

	final Projection handler;

	/** The publisher when this runner drives one, else {@code null}. */
	final io.ego.core.publisher.@Nullable EventPublisher publisher;

	/** Whether this runner reads the durable-state change feed (a state publisher) rather than the journal. */
	final boolean states;

	final ProjectionSettings settings;

	final EventStore events;

	final OffsetStore offsets;

	final @Nullable DeadLetterStore deadLetters;

	final @Nullable ProjectionTransactions transactions;

	final MessageTypes messageTypes;

	final JournalSignal signal;

	final Clock clock;

	final Telemetry telemetry;

	final EngineRuntime runtime;

	private final List<ProjectionWorker> workers = new ArrayList<>();

	/** The projection's meters; set once the workers exist. */
	EngineMetrics.ProjectionMetrics metrics = EngineMetrics.ProjectionMetrics.NOOP;

	private final ReentrantLock operations = new ReentrantLock();

	private volatile ProjectionStatus.State state = ProjectionStatus.State.STOPPED;

	private volatile @Nullable String failure;

	/**
	 * Creates a runner; {@link #start()} starts it.
	 * @param name the projection's name
	 * @param handler the handler
	 * @param settings the settings
	 * @param events the journal
	 * @param offsets where offsets are kept
	 * @param deadLetters where skipped events go (required by the skip policies)
	 * @param transactions how transactional projections run their transactions
	 * @param runtime the engine runtime
	 */
	public ProjectionRunner(String name, Projection handler, ProjectionSettings settings, EventStore events,
			OffsetStore offsets, @Nullable DeadLetterStore deadLetters, @Nullable ProjectionTransactions transactions,
			EngineRuntime runtime) {
		this(name, handler, null, false, settings, events, offsets, deadLetters, transactions, runtime);
	}

	/**
	 * Creates a runner that drives a publisher.
	 * @param name the publisher's name (its offsets' key)
	 * @param publisher the publisher
	 * @param settings the settings
	 * @param events the journal
	 * @param offsets where offsets are kept
	 * @param deadLetters where poison events go
	 * @param runtime the engine runtime
	 */
	public ProjectionRunner(String name, io.ego.core.publisher.EventPublisher publisher, ProjectionSettings settings,
			EventStore events, OffsetStore offsets, @Nullable DeadLetterStore deadLetters, EngineRuntime runtime) {
		this(name, (envelope) -> publisher.publish(List.of(envelope)), publisher, false, settings, events, offsets,
				deadLetters, null, runtime);
		for (com.google.protobuf.Message type : publisher.messageTypes()) {
			this.messageTypes.register(type);
		}
	}

	/**
	 * Creates a runner that drives a state publisher from the durable-state change feed.
	 * @param name the publisher's name (its offsets' key)
	 * @param publisher the publisher
	 * @param settings the settings
	 * @param states the durable-state store, with a change feed
	 * @param offsets where offsets are kept
	 * @param deadLetters where poison states go
	 * @param runtime the engine runtime
	 */
	public ProjectionRunner(String name, io.ego.core.publisher.StatePublisher publisher, ProjectionSettings settings,
			io.ego.core.store.DurableStateStore states, OffsetStore offsets, @Nullable DeadLetterStore deadLetters,
			EngineRuntime runtime) {
		this(name, StateFeed.publisher(publisher), true, settings, new StateFeed(states), offsets, deadLetters,
				runtime);
	}

	private ProjectionRunner(String name, io.ego.core.publisher.EventPublisher publisher, boolean states,
			ProjectionSettings settings, EventStore events, OffsetStore offsets, @Nullable DeadLetterStore deadLetters,
			EngineRuntime runtime) {
		this(name, (envelope) -> publisher.publish(List.of(envelope)), publisher, states, settings, events, offsets,
				deadLetters, null, runtime);
		for (com.google.protobuf.Message type : publisher.messageTypes()) {
			this.messageTypes.register(type);
		}
	}

	private ProjectionRunner(String name, Projection handler, io.ego.core.publisher.@Nullable EventPublisher publisher,
			boolean states, ProjectionSettings settings, EventStore events, OffsetStore offsets,
			@Nullable DeadLetterStore deadLetters, @Nullable ProjectionTransactions transactions, EngineRuntime runtime) {
		this.name = name;
		this.states = states;
		this.handler = handler;
		this.publisher = publisher;
		this.settings = settings;
		this.events = events;
		this.offsets = offsets;
		this.deadLetters = deadLetters;
		this.transactions = transactions;
		this.messageTypes = runtime.messageTypes;
		this.signal = runtime.journalSignal;
		this.clock = runtime.clock;
		this.telemetry = runtime.telemetry;
		this.runtime = runtime;
		boolean skips = settings.recovery() == io.ego.core.projection.RecoveryPolicy.SKIP
				|| settings.recovery() == io.ego.core.projection.RecoveryPolicy.RETRY_AND_SKIP;
		if ((skips || publisher != null) && deadLetters == null) {
			throw new EngineConfigurationException(((publisher != null) ? "publisher '" + name
					+ "' dead-letters poison events" : "projection '" + name + "' skips failed events (recovery "
					+ settings.recovery() + ")") + " but no dead-letter store is configured");
		}
		if (settings.transactional() && transactions == null) {
			throw new EngineConfigurationException("projection '" + name
					+ "' is transactional but no ProjectionTransactions is configured (Spring: a transaction manager)");
		}
		for (com.google.protobuf.Message type : handler.messageTypes()) {
			this.messageTypes.register(type);
		}
		int parallelism = settings.parallelism();
		int slices = PersistedEvent.SLICE_COUNT;
		for (int i = 0; i < parallelism; i++) {
			int min = i * slices / parallelism;
			int max = (i + 1) * slices / parallelism - 1;
			this.workers.add(new ProjectionWorker(this, min, max));
		}
		loadOffsets();
		this.metrics = runtime.telemetry.metrics.projection(this);
	}

	private void loadOffsets() {
		List<Offset> stored = this.offsets.load(this.name);
		if (stored.isEmpty() && this.settings.startFrom() == ProjectionSettings.StartFrom.END) {
			// a new projection that starts at the end: pin that end now, so that restarts do not move it
			long head = this.events.headPosition();
			Instant now = this.clock.instant();
			for (ProjectionWorker worker : this.workers) {
				worker.committed = head;
				this.offsets.save(new Offset(this.name, worker.partition, head, now));
			}
			return;
		}
		for (ProjectionWorker worker : this.workers) {
			long position = -1;
			for (Offset offset : stored) {
				if (offset.partition().equals(worker.partition)) {
					position = offset.position();
					break;
				}
			}
			if (position < 0) {
				// parallelism changed: start at the lowest offset of any stored range that overlaps this one
				for (Offset offset : stored) {
					int[] range = parseRange(offset.partition());
					if (range != null && range[0] <= worker.maxSlice && range[1] >= worker.minSlice) {
						position = (position < 0) ? offset.position() : Math.min(position, offset.position());
					}
				}
			}
			worker.committed = Math.max(position, 0);
		}
	}

	private static int @Nullable [] parseRange(String partition) {
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

	/** @return the projection's name */
	public String name() {
		return this.name;
	}

	/** Starts the workers (a persisted pause is honoured); a no-op when running. */
	public void start() {
		this.operations.lock();
		try {
			if (this.state == ProjectionStatus.State.RUNNING || this.state == ProjectionStatus.State.PAUSED) {
				return;
			}
			this.failure = null;
			boolean paused = isPausePersisted();
			this.state = paused ? ProjectionStatus.State.PAUSED : ProjectionStatus.State.RUNNING;
			for (ProjectionWorker worker : this.workers) {
				worker.start(paused);
			}
		}
		finally {
			this.operations.unlock();
		}
	}

	/** Stops the workers after the event each is handling; a no-op when stopped. */
	public void stop() {
		this.operations.lock();
		try {
			stopWorkers();
			if (this.state != ProjectionStatus.State.FAILED) {
				this.state = ProjectionStatus.State.STOPPED;
			}
		}
		finally {
			this.operations.unlock();
		}
	}

	private void stopWorkers() {
		for (ProjectionWorker worker : this.workers) {
			worker.requestStop();
		}
		this.signal.wakeAll();
		for (ProjectionWorker worker : this.workers) {
			worker.join();
		}
	}

	/** Pauses the workers and persists the pause, so that it survives restarts. */
	public void pause() {
		this.operations.lock();
		try {
			this.offsets.save(new Offset(CONTROL_PREFIX + this.name, PAUSED, 1, this.clock.instant()));
			for (ProjectionWorker worker : this.workers) {
				worker.paused = true;
			}
			if (this.state == ProjectionStatus.State.RUNNING) {
				this.state = ProjectionStatus.State.PAUSED;
			}
		}
		finally {
			this.operations.unlock();
		}
	}

	/** Resumes paused workers and forgets the persisted pause. */
	public void resume() {
		this.operations.lock();
		try {
			this.offsets.save(new Offset(CONTROL_PREFIX + this.name, PAUSED, 0, this.clock.instant()));
			for (ProjectionWorker worker : this.workers) {
				worker.paused = false;
			}
			if (this.state == ProjectionStatus.State.PAUSED) {
				this.state = ProjectionStatus.State.RUNNING;
			}
			this.signal.wakeAll();
		}
		finally {
			this.operations.unlock();
		}
	}

	private boolean isPausePersisted() {
		Offset control = this.offsets.get(CONTROL_PREFIX + this.name, PAUSED);
		return control != null && control.position() == 1;
	}

	/**
	 * Rebuilds while the application runs: stops the workers, moves every offset back, and starts again (a
	 * paused projection stays paused).
	 * @param from where to start reading again
	 * @return the position after which the projection reads again
	 * @throws io.ego.core.projection.InvalidRebuildPositionException when the position is beyond the head of what
	 * the projection reads (events written later below it would never be delivered)
	 */
	public long rebuild(RebuildFrom from) {
		this.operations.lock();
		try {
			long position = switch (from) {
				case RebuildFrom.Position p -> checkedPosition(p.afterPosition());
				case RebuildFrom.Timestamp t -> this.events.positionBefore(t.time());
			};
			stopWorkers();
			this.state = ProjectionStatus.State.STOPPED;
			this.offsets.delete(this.name);
			Instant now = this.clock.instant();
			for (ProjectionWorker worker : this.workers) {
				worker.committed = position;
				this.offsets.save(new Offset(this.name, worker.partition, position, now));
			}
			logger.info("Rebuilding projection '{}' from position {}", this.name, position);
			start();
			return position;
		}
		finally {
			this.operations.unlock();
		}
	}

	private long checkedPosition(long position) {
		long head = this.events.headPosition();
		if (position > head) {
			throw new io.ego.core.projection.InvalidRebuildPositionException("cannot rebuild " + kind() + " '"
					+ this.name + "' from position " + position + ": the " + (this.states ? "durable-state change feed"
							: "journal") + "'s head is " + head + " (rebuild from a position between 0 and " + head + ")",
					position, head);
		}
		return position;
	}

	private String kind() {
		return (this.publisher == null) ? "projection" : "publisher";
	}

	/** Called by a worker whose policy gave up: the whole projection stops, visibly. */
	void failed(ProjectionWorker failedWorker, String reason) {
		this.failure = reason;
		this.state = ProjectionStatus.State.FAILED;
		logger.error("Projection '{}' stopped: {}", this.name, reason);
		for (ProjectionWorker worker : this.workers) {
			if (worker != failedWorker) {
				worker.requestStop();
			}
		}
		this.signal.wakeAll();
	}

	/** @return the current status with lag per worker */
	public ProjectionStatus status() {
		long head = this.events.headPosition();
		Instant now = this.clock.instant();
		List<ProjectionStatus.Worker> result = new ArrayList<>();
		for (ProjectionWorker worker : this.workers) {
			long committed = worker.committed;
			Duration lagTime = Duration.ZERO;
			long lagEvents = 0;
			if (committed < head) {
				List<PersistedEvent> next = this.events.eventsAfter(committed, worker.minSlice, worker.maxSlice, 1);
				if (!next.isEmpty()) {
					PersistedEvent oldest = next.get(0);
					lagEvents = head - oldest.position() + 1;
					lagTime = Duration.between(oldest.writeTime(), now);
					if (lagTime.isNegative()) {
						lagTime = Duration.ZERO;
					}
				}
			}
			result.add(new ProjectionStatus.Worker(worker.partition, worker.minSlice, worker.maxSlice, committed,
					lagEvents, lagTime));
		}
		return new ProjectionStatus(this.name, this.state, this.settings, List.copyOf(result), this.failure);
	}

	/**
	 * Returns the lowest journal position every worker has handled (retention must not delete beyond it).
	 * @return the lowest handled position; {@code Long.MAX_VALUE} for a state publisher, which reads no journal
	 */
	public long lowestHandledPosition() {
		if (this.states) {
			return Long.MAX_VALUE;
		}
		long lowest = Long.MAX_VALUE;
		for (ProjectionWorker worker : this.workers) {
			lowest = Math.min(lowest, worker.committed);
		}
		return lowest;
	}

	/** Metadata key under which a dead letter of an encrypted event keeps the event's data key id. */
	static final String DEAD_LETTER_KEY_ID = "ego.key-id";

	/** The metadata a dead letter keeps: the event's, plus its data key id when it is encrypted. */
	static java.util.Map<String, String> deadLetterMetadata(PersistedEvent event) {
		if (event.keyId() == null) {
			return event.metadata();
		}
		java.util.Map<String, String> metadata = new java.util.HashMap<>(event.metadata());
		metadata.put(DEAD_LETTER_KEY_ID, event.keyId());
		return java.util.Map.copyOf(metadata);
	}

	/**
	 * Hands a dead letter to the handler again (dead-letter retries): it is decrypted and adapted as the journal's
	 * events are, erasures go to {@code onErased}.
	 * @param letter the dead letter
	 * @throws Exception when it cannot be read or the handler fails
	 */
	public void retry(io.ego.core.store.DeadLetter letter) throws Exception {
		java.util.Map<String, String> metadata = letter.metadata();
		String keyId = metadata.get(DEAD_LETTER_KEY_ID);
		if (keyId != null) {
			metadata = new java.util.HashMap<>(metadata);
			metadata.remove(DEAD_LETTER_KEY_ID);
			metadata = java.util.Map.copyOf(metadata);
		}
		String persistenceId = letter.persistenceId();
		String entityType = persistenceId.substring(0, Math.max(0, persistenceId.indexOf('|')));
		PersistedEvent event = new PersistedEvent(persistenceId, entityType, letter.sequenceNr(), letter.position(),
				PersistedEvent.sliceOf(persistenceId), letter.eventType(), letter.payload(), letter.writeTime(), metadata,
				keyId);
		for (io.ego.core.projection.EventEnvelope envelope : new EventReader(this.runtime, this.states).envelopes(event)) {
			if (EventReader.isErasure(envelope)) {
				this.handler.onErased(envelope);
			}
			else {
				this.handler.handle(envelope);
			}
		}
	}

	/** Stops for engine shutdown. */
	public void shutdown() {
		stop();
	}

}
