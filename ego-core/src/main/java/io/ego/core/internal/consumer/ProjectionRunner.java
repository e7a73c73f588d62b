package io.ego.core.internal.consumer;

import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.runtime.JournalSignal;
import io.ego.core.internal.telemetry.EngineMetrics;
import io.ego.core.internal.telemetry.Telemetry;

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
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one named projection: its workers (one per slice range), their offsets, and the operations on it (start,
 * stop, pause, resume, rebuild). Operations are rare and serialized by a lock; workers run on virtual threads.
 * <p>
 * Several application instances may run the same projection on one offset store: each worker runs on the instance
 * holding its lease (see {@link LeaseKeeper}), and its offset commits are fenced by that lease. Status and retention
 * bounds are read from the stored offsets, so that they cover every instance's workers.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class ProjectionRunner implements io.ego.core.store.ConsumerProgress {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionRunner.class);

	/** Offset-store consumer holding a projection's persisted control flags. */
	static final String CONTROL_PREFIX = "$control:";

	static final String PAUSED = "paused";

	/** Control partition holding where a projection that starts at the end first started. */
	static final String START = "start";

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

	/** This instance's id: the owner of the leases it holds. */
	final String instanceId;

	private final LeaseKeeper keeper;

	/** Where a worker without any stored offset starts reading. */
	private final long startFromEnd;

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
		this.messageTypes = runtime.messageTypes();
		this.signal = runtime.journalSignal();
		this.clock = runtime.clock();
		this.telemetry = runtime.telemetry();
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
		this.instanceId = runtime.instanceId();
		this.keeper = new LeaseKeeper(this);
		this.startFromEnd = pinStart();
		this.metrics = runtime.telemetry().metrics().projection(this.name, this::status);
	}

	/**
	 * Returns where a worker without any stored offset starts: {@code 0}, or for a projection that starts at the end
	 * the head when it first ran, pinned in a control offset so that restarts and other instances start there too.
	 */
	private long pinStart() {
		if (this.settings.startFrom() != ProjectionSettings.StartFrom.END) {
			return 0;
		}
		Offset pinned = this.offsets.get(CONTROL_PREFIX + this.name, START);
		if (pinned != null) {
			return pinned.position();
		}
		if (!this.offsets.load(this.name).isEmpty()) {
			return 0; // offsets stored before the start was pinned: workers start from those
		}
		long head = this.events.headPosition();
		this.offsets.save(new Offset(CONTROL_PREFIX + this.name, START, head, this.clock.instant()));
		return head;
	}

	/**
	 * Returns where a worker without an offset of its own starts: the lowest stored offset of any range that overlaps
	 * its own (after a change of parallelism), else the projection's start.
	 * @param worker the worker
	 * @param stored the projection's stored offsets
	 * @return the position after which it reads
	 */
	long startPosition(ProjectionWorker worker, List<Offset> stored) {
		long position = -1;
		for (Offset offset : stored) {
			int[] range = parseRange(offset.partition());
			if (range != null && range[0] <= worker.maxSlice && range[1] >= worker.minSlice) {
				position = (position < 0) ? offset.position() : Math.min(position, offset.position());
			}
		}
		return (position >= 0) ? position : this.startFromEnd;
	}

	/** Where a worker's offset stands in the store: its own, else where it would start. */
	private long storedPosition(ProjectionWorker worker, List<Offset> stored) {
		for (Offset offset : stored) {
			if (offset.partition().equals(worker.partition)) {
				return offset.position();
			}
		}
		return startPosition(worker, stored);
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

	/**
	 * Starts the projection on this instance (a persisted pause is honoured): its workers run wherever this
	 * instance holds their leases. A no-op when running. When workers of an earlier run are still busy (a failed
	 * projection whose other workers are finishing their batch), waits for them, with no time limit: two threads
	 * never read the same slices.
	 */
	public void start() {
		this.operations.lock();
		try {
			if (this.state == ProjectionStatus.State.RUNNING || this.state == ProjectionStatus.State.PAUSED) {
				return;
			}
			awaitWorkers();
			this.failure = null;
			boolean paused = isPausePersisted();
			for (ProjectionWorker worker : this.workers) {
				worker.paused = paused;
			}
			this.state = paused ? ProjectionStatus.State.PAUSED : ProjectionStatus.State.RUNNING;
			this.keeper.start();
			tickNow();
		}
		finally {
			this.operations.unlock();
		}
	}

	/**
	 * Stops the workers of this instance after the batch each is handling, waiting for them with no time limit,
	 * and gives their leases back (other instances running the projection take the workers over); a no-op when
	 * stopped.
	 */
	public void stop() {
		this.operations.lock();
		try {
			this.keeper.stop();
			stopWorkers();
			releaseAll();
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
			worker.requestStop(false);
		}
		this.signal.wakeAll();
		awaitWorkers();
	}

	/** Waits, with no time limit, for every worker's run to end. */
	private void awaitWorkers() {
		for (ProjectionWorker worker : this.workers) {
			worker.awaitStopped();
		}
	}

	private void releaseAll() {
		for (ProjectionWorker worker : this.workers) {
			Lease held = worker.take();
			if (held != null) {
				this.keeper.releaseQuietly(held);
			}
		}
		this.keeper.releaseSlot();
	}

	/**
	 * Called by a run that handed its worker back, once it has ended: gives the lease back.
	 * @param worker the worker
	 * @param lease the lease the run held
	 */
	void release(ProjectionWorker worker, Lease lease) {
		worker.drop(lease.token());
		this.keeper.releaseQuietly(lease);
	}

	/**
	 * One tick of the lease keeper: renews, balances and acquires leases, starts the workers this instance holds,
	 * and applies what other instances changed (a pause, a rebuild).
	 * @param current whether the calling keeper is still the current one
	 */
	void tick(java.util.function.BooleanSupplier current) {
		this.operations.lock();
		try {
			if (current.getAsBoolean() && this.state != ProjectionStatus.State.STOPPED) {
				tickNow();
			}
		}
		finally {
			this.operations.unlock();
		}
	}

	private void tickNow() {
		List<ProjectionWorker> held;
		try {
			held = this.keeper.tick(this.workers, isActive());
			applySharedControl();
		}
		catch (RuntimeException ex) {
			logger.warn("Projection '{}' could not renew or acquire its leases (retrying in {}): {}", this.name,
					this.settings.leaseRenewInterval(), ex.getMessage());
			held = new ArrayList<>();
			for (ProjectionWorker worker : this.workers) {
				if (worker.lease() != null) {
					held.add(worker);
				}
			}
		}
		for (ProjectionWorker worker : held) {
			Lease lease = worker.lease();
			if (lease == null || worker.isRunning() || !isActive()) {
				continue;
			}
			worker.start(lease, this.state == ProjectionStatus.State.PAUSED);
			if (!isActive()) {
				worker.requestStop(false); // failed meanwhile: failed() may not have seen this run
			}
		}
	}

	private boolean isActive() {
		return this.state == ProjectionStatus.State.RUNNING || this.state == ProjectionStatus.State.PAUSED;
	}

	/** Applies a pause or resume persisted by another instance, and reloads offsets another instance moved. */
	private void applySharedControl() {
		boolean paused = isPausePersisted();
		if (this.state == ProjectionStatus.State.RUNNING && paused) {
			this.state = ProjectionStatus.State.PAUSED;
			for (ProjectionWorker worker : this.workers) {
				worker.paused = true;
			}
		}
		else if (this.state == ProjectionStatus.State.PAUSED && !paused) {
			this.state = ProjectionStatus.State.RUNNING;
			for (ProjectionWorker worker : this.workers) {
				worker.paused = false;
			}
			this.signal.wakeAll();
		}
		List<Offset> stored = this.offsets.load(this.name);
		for (ProjectionWorker worker : this.workers) {
			if (worker.isRunning() && storedPosition(worker, stored) < worker.committed) {
				worker.reload = true; // moved back under it: a rebuild on another instance
				this.signal.wakeAll();
			}
		}
	}

	/** Pauses the workers (of every instance) and persists the pause, so that it survives restarts. */
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

	/** Resumes paused workers (of every instance) and forgets the persisted pause. */
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
	 * Rebuilds while the application runs: stops this instance's workers (waiting for their batch, with no time
	 * limit), moves every offset back, and starts again (a paused projection stays paused). Workers running on other
	 * instances read their moved offset again within a lease renewal interval.
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
			this.offsets.delete(this.name);
			Instant now = this.clock.instant();
			for (ProjectionWorker worker : this.workers) {
				worker.committed = position;
				this.offsets.save(new Offset(this.name, worker.partition, position, now));
			}
			logger.info("Rebuilding {} '{}' from position {}", kind(), this.name, position);
			this.state = ProjectionStatus.State.STOPPED;
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

	/**
	 * Called by a worker whose policy gave up (or that met an error): the projection stops on this instance, visibly.
	 * Its workers keep their leases, so that the failing slices do not move to another instance; an operator starts
	 * it again (or stops it, which hands the workers over).
	 */
	void failed(ProjectionWorker failedWorker, String reason) {
		this.failure = reason;
		this.state = ProjectionStatus.State.FAILED;
		logger.error("Projection '{}' stopped: {}", this.name, reason);
		for (ProjectionWorker worker : this.workers) {
			if (worker != failedWorker) {
				worker.requestStop(false);
			}
		}
		this.signal.wakeAll();
	}

	/** The most events a worker's lag counts (its slice range's events after its offset); a bigger lag shows this. */
	static final int LAG_COUNT_LIMIT = 100_000;

	/** @return the current status with lag and owner per worker, whichever instance runs it */
	public ProjectionStatus status() {
		long head = this.events.headPosition();
		Instant now = this.clock.instant();
		List<Offset> stored = this.offsets.load(this.name);
		java.util.Map<String, Lease> leases = new java.util.HashMap<>();
		for (Lease lease : this.offsets.leases(this.name)) {
			leases.put(lease.partition(), lease);
		}
		List<ProjectionStatus.Worker> result = new ArrayList<>();
		for (ProjectionWorker worker : this.workers) {
			long committed = worker.isRunning() ? worker.committed : storedPosition(worker, stored);
			Duration lagTime = Duration.ZERO;
			long lagEvents = 0;
			if (committed < head) {
				List<PersistedEvent> next = this.events.eventsAfter(committed, worker.minSlice, worker.maxSlice, 1);
				if (!next.isEmpty()) {
					PersistedEvent oldest = next.get(0);
					lagEvents = this.events.countAfter(committed, worker.minSlice, worker.maxSlice, LAG_COUNT_LIMIT);
					lagTime = Duration.between(oldest.writeTime(), now);
					if (lagTime.isNegative()) {
						lagTime = Duration.ZERO;
					}
				}
			}
			Lease lease = leases.get(worker.partition);
			String owner = (lease != null && !lease.isExpiredAt(now)) ? lease.owner() : null;
			result.add(new ProjectionStatus.Worker(worker.partition, worker.minSlice, worker.maxSlice, committed,
					lagEvents, lagTime, owner));
		}
		return new ProjectionStatus(this.name, this.state, this.settings, List.copyOf(result), this.failure);
	}

	/**
	 * Returns the lowest journal position every worker has handled, on whichever instance it runs (from the stored
	 * offsets); a worker with nothing left to read in its slices counts as having handled everything up to the head.
	 * @return the lowest handled position; {@code Long.MAX_VALUE} for a state publisher, which reads no journal
	 */
	@Override
	public long lowestHandledPosition() {
		if (this.states) {
			return Long.MAX_VALUE;
		}
		long head = this.events.headPosition();
		List<Offset> stored = this.offsets.load(this.name);
		long lowest = Long.MAX_VALUE;
		for (ProjectionWorker worker : this.workers) {
			lowest = Math.min(lowest, handledUpTo(worker, stored, head));
		}
		return lowest;
	}

	/**
	 * Returns the journal position the worker covering a slice has handled, on whichever instance it runs (from the
	 * stored offsets); when it has nothing left to read, the head. Retention of one entity may delete its events up
	 * to it.
	 * @param slice the slice
	 * @return the handled position; {@code Long.MAX_VALUE} for a state publisher, which reads no journal
	 */
	@Override
	public long lowestHandledPosition(int slice) {
		if (this.states) {
			return Long.MAX_VALUE;
		}
		long head = this.events.headPosition();
		List<Offset> stored = this.offsets.load(this.name);
		return handledUpTo(workerOf(slice), stored, head);
	}

	private long handledUpTo(ProjectionWorker worker, List<Offset> stored, long head) {
		long position = storedPosition(worker, stored);
		if (position >= head) {
			return position;
		}
		// the head was read first: a worker with nothing after its offset in its slices has handled all up to it
		return this.events.eventsAfter(position, worker.minSlice, worker.maxSlice, 1).isEmpty() ? head : position;
	}

	private ProjectionWorker workerOf(int slice) {
		for (ProjectionWorker worker : this.workers) {
			if (slice >= worker.minSlice && slice <= worker.maxSlice) {
				return worker;
			}
		}
		throw new IllegalArgumentException("slice must be in [0, " + PersistedEvent.SLICE_COUNT + ") but was " + slice);
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
	 * Hands a dead letter to the handler again (dead-letter retries), serialized with the worker whose slices hold
	 * it (after the batch it is handling) and, for a transactional projection, in one transaction with the deletion
	 * of the letter (a dead-letter store on the same database deletes it in that transaction). It is decrypted and
	 * adapted as the journal's events are; erasures go to {@code onErased}.
	 * @param id the dead letter's id
	 * @param store the dead-letter store
	 * @return whether the handler succeeded (the letter is then deleted); {@code false} keeps the letter
	 * @throws IllegalArgumentException when there is no such dead letter (any more)
	 * @throws IllegalStateException when another instance runs the worker of the letter's slices: retry it there
	 */
	public boolean retry(long id, DeadLetterStore store) {
		io.ego.core.store.DeadLetter letter = requireLetter(id, store);
		ProjectionWorker worker = workerOf(PersistedEvent.sliceOf(letter.persistenceId()));
		if (worker.lease() == null) {
			Instant now = this.clock.instant();
			for (Lease lease : this.offsets.leases(this.name)) {
				if (lease.partition().equals(worker.partition) && !lease.owner().equals(this.instanceId)
						&& !lease.isExpiredAt(now)) {
					throw new IllegalStateException("dead letter " + id + " of " + kind() + " '" + this.name
							+ "' lies in the slices of worker " + worker.partition + ", which runs on instance '"
							+ lease.owner() + "': retry it there (this is instance '" + this.instanceId + "')");
				}
			}
		}
		worker.handling.lock();
		try {
			io.ego.core.store.DeadLetter current = requireLetter(id, store);
			if (this.settings.transactional() && this.transactions != null) {
				try {
					this.transactions.inTransaction(() -> {
						try {
							deliver(current);
						}
						catch (Exception ex) {
							throw new RetryFailed(ex);
						}
						store.delete(id);
						return null;
					});
				}
				catch (RetryFailed ex) {
					throw (Exception) ex.getCause();
				}
			}
			else {
				deliver(current);
				store.delete(id);
			}
			logger.info("Dead letter {} of {} '{}' ({}#{}) handled and deleted", id, kind(), this.name,
					current.persistenceId(), current.sequenceNr());
			return true;
		}
		catch (Exception ex) {
			logger.warn("Retry of dead letter {} of {} '{}' ({}#{}) failed; it stays a dead letter: {}", id, kind(),
					this.name, letter.persistenceId(), letter.sequenceNr(), ProjectionWorker.describe(ex));
			return false;
		}
		finally {
			worker.handling.unlock();
		}
	}

	private static io.ego.core.store.DeadLetter requireLetter(long id, DeadLetterStore store) {
		io.ego.core.store.DeadLetter letter = store.get(id);
		if (letter == null) {
			throw new IllegalArgumentException("no dead letter with id " + id);
		}
		return letter;
	}

	private void deliver(io.ego.core.store.DeadLetter letter) throws Exception {
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

	/** A retried handler failed inside the transaction: rolls it back. */
	private static final class RetryFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		RetryFailed(Exception cause) {
			super(null, cause, false, false);
		}

	}

	/** Stops for engine shutdown: as {@link #stop()}, waiting until the deadline only. */
	public void shutdown() {
		shutdown(System.nanoTime() + Duration.ofSeconds(30).toNanos());
	}

	/**
	 * Stops for engine shutdown: asks the workers to stop, waits for them until a deadline, and gives back the
	 * leases of those that ended. A worker still in its handler at the deadline keeps its lease until it expires, so
	 * that no other instance runs its slices while it may still commit.
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} units
	 */
	public void shutdown(long deadlineNanos) {
		boolean locked;
		try {
			locked = this.operations.tryLock(Math.max(deadlineNanos - System.nanoTime(), 0),
					java.util.concurrent.TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			locked = false;
		}
		try {
			this.keeper.stop();
			for (ProjectionWorker worker : this.workers) {
				worker.requestStop(false);
			}
			this.signal.wakeAll();
			for (ProjectionWorker worker : this.workers) {
				if (worker.awaitStopped(deadlineNanos)) {
					Lease held = worker.take();
					if (held != null) {
						this.keeper.releaseQuietly(held);
					}
				}
				else {
					logger.warn("{} '{}' worker {} is still handling {} at shutdown; its lease is left to expire",
							kind(), this.name, worker.partition, worker.handlingNow());
				}
			}
			if (locked) {
				this.keeper.releaseSlot();
			}
			if (this.state != ProjectionStatus.State.FAILED) {
				this.state = ProjectionStatus.State.STOPPED;
			}
		}
		finally {
			if (locked) {
				this.operations.unlock();
			}
		}
	}

}
