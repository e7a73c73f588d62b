package io.ego.core.internal.consumer;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.runtime.JournalSignal;
import io.ego.core.internal.telemetry.EngineMetrics;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.JournalQuery;
import io.ego.core.store.Lease;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one named consumer, whatever its kind: its {@link Workers workers} (one per slice
 * range), and the operations on it (start, stop, pause, resume, rebuild, dead-letter
 * retries). Operations are rare and serialized by a lock; workers run on virtual threads.
 * <p>
 * Several application instances may run the same consumer on one offset store: each
 * worker runs on the instance holding its lease (see {@link LeaseKeeper}), and its offset
 * commits are fenced by that lease. Status and retention bounds are read from the stored
 * offsets, so that they cover every instance's workers.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class ConsumerRunner {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerRunner.class);

	/** The consumer's name: the key of its offsets, leases and dead letters. */
	final String name;

	/**
	 * The version it runs (1 for publishers; a projection's blue/green rebuild runs the
	 * next one beside it under its own name, see {@link VersionedConsumer}).
	 */
	final int version;

	final ProjectionSettings settings;

	/** What the workers read: the journal, or the durable-state change feed. */
	final JournalQuery query;

	/**
	 * Whether the rows are durable states (a state publisher) rather than journal events.
	 */
	final boolean readsStates;

	final OffsetStore offsets;

	final @Nullable DeadLetterStore deadLetters;

	final @Nullable ProjectionTransactions transactions;

	final JournalSignal signal;

	final Clock clock;

	final Telemetry telemetry;

	final EngineRuntime runtime;

	/** This instance's id: the owner of the leases it holds. */
	final String instanceId;

	final Delivery delivery;

	final DeadLettering deadLettering;

	final Positions positions;

	/** The consumer's meters. */
	final EngineMetrics.ProjectionMetrics metrics;

	private final Workers workers;

	private final ReentrantLock operations = new ReentrantLock();

	final LeaseKeeper keeper;

	private volatile ProjectionStatus.State state = ProjectionStatus.State.STOPPED;

	private volatile @Nullable String failure;

	/**
	 * Run after every tick of the lease keeper, outside the operations lock: the
	 * blue/green checks of the {@link VersionedConsumer} owning the runner.
	 */
	private volatile Runnable afterTick = () -> {
	};

	/**
	 * Creates a runner; {@link #start()} starts it. Reads (and for a consumer starting at
	 * the end, pins) where its workers start; starts no thread.
	 */
	ConsumerRunner(String name, int version, ProjectionSettings settings, JournalQuery query, boolean readsStates,
			OffsetStore offsets, @Nullable DeadLetterStore deadLetters, @Nullable ProjectionTransactions transactions,
			EngineRuntime runtime, Function<ConsumerRunner, Delivery> delivery) {
		this.name = name;
		this.version = version;
		this.settings = settings;
		this.query = query;
		this.readsStates = readsStates;
		this.offsets = offsets;
		this.deadLetters = deadLetters;
		this.transactions = transactions;
		this.signal = runtime.journalSignal();
		this.clock = runtime.clock();
		this.telemetry = runtime.telemetry();
		this.runtime = runtime;
		this.instanceId = runtime.instanceId();
		this.delivery = delivery.apply(this);
		this.deadLettering = new DeadLettering(this);
		this.workers = new Workers(this, SliceRange.split(settings.parallelism()));
		this.keeper = new LeaseKeeper(this);
		this.positions = new Positions(name, settings, query, offsets, this.clock.instant());
		this.metrics = runtime.telemetry()
			.metrics()
			.projection((version == 1) ? name : name.substring(0, name.lastIndexOf('@')), version, this::status);
	}

	/**
	 * Starts the consumer on this instance (a persisted pause is honoured): its workers
	 * run wherever this instance holds their leases. A no-op when running. When workers
	 * of an earlier run are still busy (a failed consumer whose other workers are
	 * finishing their batch), waits for them, with no time limit: two threads never read
	 * the same slices.
	 */
	void start() {
		this.operations.lock();
		try {
			if (isActive()) {
				return;
			}
			this.workers.await();
			this.failure = null;
			boolean paused = this.offsets.paused(this.name);
			this.workers.setPaused(paused);
			this.state = paused ? ProjectionStatus.State.PAUSED : ProjectionStatus.State.RUNNING;
			this.keeper.start();
			tickNow();
		}
		finally {
			this.operations.unlock();
		}
	}

	/**
	 * Stops the workers of this instance after the batch each is handling, waiting for
	 * them with no time limit, and gives their leases back (other instances running the
	 * consumer take the workers over); a no-op when stopped.
	 */
	void stop() {
		this.operations.lock();
		try {
			this.keeper.stop();
			this.workers.stop();
			this.keeper.releaseAll(this.workers.all());
			if (this.state != ProjectionStatus.State.FAILED) {
				this.state = ProjectionStatus.State.STOPPED;
			}
		}
		finally {
			this.operations.unlock();
		}
	}

	/**
	 * One tick of the lease keeper: renews, balances and acquires leases, starts the
	 * workers this instance holds, and applies what other instances changed (a pause, a
	 * rebuild).
	 * @param current whether the calling keeper is still the current one
	 */
	void tick(BooleanSupplier current) {
		boolean ticked = false;
		this.operations.lock();
		try {
			if (current.getAsBoolean() && this.state != ProjectionStatus.State.STOPPED) {
				tickNow();
				ticked = true;
			}
		}
		finally {
			this.operations.unlock();
		}
		if (ticked) {
			this.afterTick.run();
		}
	}

	/** Sets what runs after every tick, outside the operations lock. */
	void afterTick(Runnable action) {
		this.afterTick = action;
	}

	private void tickNow() {
		List<ConsumerWorker> held;
		try {
			held = this.keeper.tick(this.workers.all(), isActive());
			applySharedControl();
		}
		catch (RuntimeException ex) {
			logger.warn("Projection '{}' could not renew or acquire its leases (retrying in {}): {}", this.name,
					this.settings.leaseRenewInterval(), ex.getMessage());
			held = this.workers.holdingLeases();
		}
		for (ConsumerWorker worker : held) {
			Lease lease = worker.lease.get();
			if (lease == null || worker.isRunning() || !isActive()) {
				continue;
			}
			worker.start(lease, this.state == ProjectionStatus.State.PAUSED);
			if (!isActive()) {
				// failed meanwhile: failed() may not have seen this run
				worker.requestStop(false);
			}
		}
	}

	private boolean isActive() {
		return this.state == ProjectionStatus.State.RUNNING || this.state == ProjectionStatus.State.PAUSED;
	}

	/**
	 * Applies a pause or resume persisted by another instance, and reloads offsets
	 * another instance moved.
	 */
	private void applySharedControl() {
		boolean paused = this.offsets.paused(this.name);
		if (this.state == ProjectionStatus.State.RUNNING && paused) {
			this.state = ProjectionStatus.State.PAUSED;
			this.workers.setPaused(true);
		}
		else if (this.state == ProjectionStatus.State.PAUSED && !paused) {
			this.state = ProjectionStatus.State.RUNNING;
			this.workers.setPaused(false);
			this.signal.wakeAll();
		}
		this.workers.reloadMovedBack(this.positions, this.offsets.load(this.name));
	}

	/**
	 * Pauses the workers (of every instance) and persists the pause, so that it survives
	 * restarts.
	 */
	void pause() {
		control(true);
	}

	/** Resumes paused workers (of every instance) and forgets the persisted pause. */
	void resume() {
		control(false);
	}

	private void control(boolean paused) {
		this.operations.lock();
		try {
			this.offsets.setPaused(this.name, paused, this.clock.instant());
			this.workers.setPaused(paused);
			if (paused && this.state == ProjectionStatus.State.RUNNING) {
				this.state = ProjectionStatus.State.PAUSED;
			}
			else if (!paused && this.state == ProjectionStatus.State.PAUSED) {
				this.state = ProjectionStatus.State.RUNNING;
			}
			if (!paused) {
				this.signal.wakeAll();
			}
		}
		finally {
			this.operations.unlock();
		}
	}

	/**
	 * Rebuilds while the application runs: stops this instance's workers (waiting for
	 * their batch, with no time limit), moves every offset back, and starts again (a
	 * paused consumer stays paused). Workers running on other instances read their moved
	 * offset again within a lease renewal interval.
	 * @param from where to start reading again
	 * @return the position after which the consumer reads again
	 * @throws io.ego.core.projection.InvalidRebuildPositionException when the position is
	 * beyond the head
	 */
	long rebuild(RebuildFrom from) {
		return rebuild(from, () -> {
		});
	}

	/**
	 * Rebuilds as {@link #rebuild(RebuildFrom)} does, running an action once the offsets
	 * moved and before the workers start again.
	 * @param from where to start reading again
	 * @param beforeStart the action
	 * @return the position after which the consumer reads again
	 */
	long rebuild(RebuildFrom from, Runnable beforeStart) {
		this.operations.lock();
		try {
			long position = Rebuild.position(this, from);
			this.workers.stop();
			Rebuild.moveOffsets(this, this.workers.all(), position);
			beforeStart.run();
			logger.info("Rebuilding {} '{}' from position {}", this.delivery.kind(), this.name, position);
			this.state = ProjectionStatus.State.STOPPED;
			start();
			return position;
		}
		finally {
			this.operations.unlock();
		}
	}

	/**
	 * @return what the consumer is doing on this instance
	 */
	ProjectionStatus.State state() {
		return this.state;
	}

	/** Removes the consumer's meters (a retired version). */
	void closeMetrics() {
		this.metrics.close();
	}

	/**
	 * Called by a worker whose policy gave up (or that met an error): the consumer stops
	 * on this instance, visibly. Its workers keep their leases, so that the failing
	 * slices do not move to another instance; an operator starts it again (or stops it,
	 * which hands the workers over).
	 */
	void failed(ConsumerWorker failedWorker, String reason) {
		this.failure = reason;
		this.state = ProjectionStatus.State.FAILED;
		logger.error("Projection '{}' stopped: {}", this.name, reason);
		this.workers.requestStop(failedWorker);
	}

	/**
	 * @return the current status with lag and owner per worker, whichever instance runs
	 * it
	 */
	ProjectionStatus status() {
		return new ProjectionStatus(this.name, this.state, this.settings,
				this.positions.workers(this.workers.all(), this.clock), this.failure);
	}

	/**
	 * Returns the lowest journal position every worker has handled, on whichever instance
	 * it runs.
	 * @return the lowest handled position; {@code Long.MAX_VALUE} for a state publisher,
	 * which reads no journal
	 */
	long lowestHandledPosition() {
		return this.readsStates ? Long.MAX_VALUE : this.positions.lowestHandled(this.workers.all());
	}

	/**
	 * Returns the journal position the worker covering a slice has handled, on whichever
	 * instance it runs; when it has nothing left to read, the head. Retention of one
	 * entity may delete its events up to it.
	 * @param slice the slice
	 * @return the handled position; {@code Long.MAX_VALUE} for a state publisher, which
	 * reads no journal
	 */
	long lowestHandledPosition(int slice) {
		return this.readsStates ? Long.MAX_VALUE : this.positions.lowestHandled(List.of(workerOf(slice)));
	}

	/**
	 * @return the worker whose range holds a slice
	 */
	ConsumerWorker workerOf(int slice) {
		return this.workers.of(slice);
	}

	/**
	 * Stops for engine shutdown: asks the workers to stop, waits for them until a
	 * deadline, and gives back the leases of those that ended. A worker still in its
	 * handler at the deadline keeps its lease until it expires, so that no other instance
	 * runs its slices while it may still commit.
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} units
	 */
	void shutdown(long deadlineNanos) {
		boolean locked;
		try {
			locked = this.operations.tryLock(Math.max(deadlineNanos - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			locked = false;
		}
		try {
			this.keeper.stop();
			this.workers.requestStop(null);
			this.workers.awaitShutdown(deadlineNanos);
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
