package io.ego.core.internal.consumer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named consumer with its versions: the active {@link ConsumerRunner} and, during a
 * blue/green rebuild of a projection, the shadow runner of the next version, which
 * replays beside it under its own consumer name (its own offsets, leases and dead
 * letters) until it has caught up with the journal.
 * <p>
 * The versions are three control offsets of {@code "$control:" + name}: {@value #ACTIVE}
 * (the version that serves, 1 when absent), {@value #SHADOW} (the version being rebuilt
 * while it is above the active one) and {@value #RETIRED} (the highest version whose data
 * was dropped). The switch is one write, of the active version: whatever crashes around
 * it, exactly one version is active, a shadow resumes where it stood, and a retirement
 * left undone is done again. Every instance applies a switch or a rebuild made elsewhere
 * at its next lease renewal; a version is retired (offsets deleted, the handler's
 * {@link Projection#onVersionRetired} called) once no instance holds a live lease on it
 * any more.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class VersionedConsumer {

	private static final Logger logger = LoggerFactory.getLogger(VersionedConsumer.class);

	/** Control partition of the active version. */
	static final String ACTIVE = "version.active";

	/** Control partition of the version a blue/green rebuild builds. */
	static final String SHADOW = "version.shadow";

	/** Control partition of the highest retired version. */
	static final String RETIRED = "version.retired";

	private static final String VERSION_SEPARATOR = "@v";

	private final String name;

	private final OffsetStore offsets;

	private final @Nullable DeadLetterStore deadLetters;

	private final Clock clock;

	/** The projection's handler; {@code null} for a publisher (no versions). */
	private final @Nullable Projection handler;

	private final @Nullable ProjectionTransactions transactions;

	private final @Nullable IntFunction<ConsumerRunner> factory;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile ConsumerRunner active;

	private volatile @Nullable ConsumerRunner shadow;

	/**
	 * Creates a projection's versions from the stored control offsets (the active
	 * version, and a shadow being rebuilt); starts nothing.
	 */
	VersionedConsumer(String name, OffsetStore offsets, @Nullable DeadLetterStore deadLetters, Clock clock,
			Projection handler, @Nullable ProjectionTransactions transactions, IntFunction<ConsumerRunner> factory) {
		this.name = name;
		this.offsets = offsets;
		this.deadLetters = deadLetters;
		this.clock = clock;
		this.handler = handler;
		this.transactions = transactions;
		this.factory = factory;
		int activeVersion = read(ACTIVE, 1);
		this.active = runner(activeVersion);
		int shadowVersion = read(SHADOW, 0);
		if (shadowVersion > activeVersion) {
			this.shadow = runner(shadowVersion);
			logger.info("Projection '{}': resuming the blue/green rebuild of version {} (version {} serves)", name,
					shadowVersion, activeVersion);
		}
	}

	private VersionedConsumer(ConsumerRunner publisher) {
		this.name = publisher.name;
		this.offsets = publisher.offsets;
		this.deadLetters = publisher.deadLetters;
		this.clock = publisher.clock;
		this.handler = null;
		this.transactions = null;
		this.factory = null;
		this.active = publisher;
	}

	/**
	 * @return a publisher, which has one version
	 */
	static VersionedConsumer publisher(ConsumerRunner runner) {
		return new VersionedConsumer(runner);
	}

	/**
	 * Names a version's consumer: the projection's name for version 1 (so that offsets
	 * stored before versions existed are version 1's), {@code name@v<version>} after.
	 * @param name the projection's name
	 * @param version the version
	 * @return the consumer name of its offsets, leases and dead letters
	 */
	static String consumerName(String name, int version) {
		return (version == 1) ? name : name + VERSION_SEPARATOR + version;
	}

	private ConsumerRunner runner(int version) {
		IntFunction<ConsumerRunner> create = this.factory;
		if (create == null) {
			throw new IllegalStateException("'" + this.name + "' is a publisher: it has one version");
		}
		ConsumerRunner runner = create.apply(version);
		runner.afterTick(this::check);
		return runner;
	}

	private int read(String partition, int absent) {
		Offset stored = this.offsets.get(OffsetStore.CONTROL_PREFIX + this.name, partition);
		return (stored != null) ? (int) stored.position() : absent;
	}

	private void write(String partition, int version) {
		this.offsets.save(new Offset(OffsetStore.CONTROL_PREFIX + this.name, partition, version, this.clock.instant()));
	}

	String name() {
		return this.name;
	}

	ProjectionSettings settings() {
		return this.active.settings;
	}

	ConsumerRunner active() {
		return this.active;
	}

	@Nullable ConsumerRunner shadow() {
		return this.shadow;
	}

	/**
	 * @return the runner of a consumer name (a version's), or {@code null}
	 */
	@Nullable ConsumerRunner byConsumerName(String consumer) {
		ConsumerRunner current = this.active;
		if (current.name.equals(consumer)) {
			return current;
		}
		ConsumerRunner building = this.shadow;
		return (building != null && building.name.equals(consumer)) ? building : null;
	}

	/**
	 * @return the active version's status, with the shadow's while one is rebuilt
	 */
	ProjectionStatus status() {
		ConsumerRunner current = this.active;
		ConsumerRunner building = this.shadow;
		ProjectionStatus status = current.status();
		ProjectionStatus.Shadow shadowStatus = null;
		if (building != null) {
			shadowStatus = new ProjectionStatus.Shadow(building.version, building.state(), building.status().workers());
		}
		return new ProjectionStatus(this.name, status.state(), status.settings(), status.workers(), status.failure(),
				current.version, shadowStatus);
	}

	/**
	 * @return the version that serves
	 */
	int activeVersion() {
		return this.active.version;
	}

	void start() {
		this.active.start();
		ConsumerRunner building = this.shadow;
		if (building != null) {
			building.start();
		}
	}

	void stop() {
		this.active.stop();
		ConsumerRunner building = this.shadow;
		if (building != null) {
			building.stop();
		}
	}

	void pause() {
		this.active.pause();
		ConsumerRunner building = this.shadow;
		if (building != null) {
			building.pause();
		}
	}

	void resume() {
		this.active.resume();
		ConsumerRunner building = this.shadow;
		if (building != null) {
			building.resume();
		}
	}

	void shutdown(long deadlineNanos) {
		this.active.shutdown(deadlineNanos);
		ConsumerRunner building = this.shadow;
		if (building != null) {
			building.shutdown(deadlineNanos);
		}
	}

	/**
	 * Retention honours the shadow too: it reads the journal again.
	 */
	long lowestHandledPosition() {
		ConsumerRunner building = this.shadow;
		long lowest = this.active.lowestHandledPosition();
		return (building != null) ? Math.min(lowest, building.lowestHandledPosition()) : lowest;
	}

	long lowestHandledPosition(int slice) {
		ConsumerRunner building = this.shadow;
		long lowest = this.active.lowestHandledPosition(slice);
		return (building != null) ? Math.min(lowest, building.lowestHandledPosition(slice)) : lowest;
	}

	/**
	 * @return the consumer names whose dead letters belong to this consumer
	 */
	List<String> consumerNames() {
		ConsumerRunner building = this.shadow;
		return (building != null) ? List.of(this.active.name, building.name) : List.of(this.active.name);
	}

	/**
	 * Starts a blue/green rebuild: a shadow runner of the next version replays from a
	 * position beside the active one (or, while one is rebuilt already, it reads again
	 * from there). Its offsets are written before the shadow version is recorded, so that
	 * a crash in between leaves no shadow.
	 * @param from where the shadow reads from
	 * @return the position after which it reads
	 * @throws UnsupportedOperationException for a publisher
	 */
	long rebuildBlueGreen(RebuildFrom from) {
		if (this.factory == null) {
			throw new UnsupportedOperationException("'" + this.name
					+ "' is a publisher: only projections are rebuilt blue/green (a publisher has no read model)");
		}
		this.lock.lock();
		try {
			ConsumerRunner building = this.shadow;
			if (building != null) {
				logger.info("Projection '{}': the blue/green rebuild of version {} starts again", this.name,
						building.version);
				return building.rebuild(from);
			}
			int version = this.active.version + 1;
			ConsumerRunner next = runner(version);
			try {
				long position = next.rebuild(from, () -> write(SHADOW, version));
				this.shadow = next;
				logger.info("Projection '{}': blue/green rebuild of version {} from position {} (version {} serves)",
						this.name, version, position, this.active.version);
				return position;
			}
			catch (RuntimeException ex) {
				next.stop();
				next.closeMetrics();
				throw ex;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Applies the versions: adopts a switch or a shadow recorded by another instance,
	 * switches over once the shadow has caught up (lag 0 on every worker, this instance
	 * running it), and retires old versions no instance runs any more. Runs after every
	 * lease renewal of either runner; failures are left to the next one.
	 */
	void check() {
		if (this.factory == null) {
			return;
		}
		this.lock.lock();
		try {
			int storedActive = read(ACTIVE, 1);
			ConsumerRunner current = this.active;
			ConsumerRunner building = this.shadow;
			if (storedActive > current.version) {
				// switched (by another instance, or before a failure of ours)
				promote((building != null && building.version == storedActive) ? building
						: startedLike(current, runner(storedActive)));
			}
			else if (building != null && caughtUp(building)) {
				write(ACTIVE, building.version);
				logger.info("Projection '{}': version {} caught up; it serves from now on (version {} retires)",
						this.name, building.version, current.version);
				promote(building);
			}
			else if (building == null) {
				int storedShadow = read(SHADOW, 0);
				if (storedShadow > current.version) {
					// rebuilt by another instance: run its workers here too
					this.shadow = startedLike(current, runner(storedShadow));
				}
			}
			retire();
		}
		finally {
			this.lock.unlock();
		}
	}

	private static ConsumerRunner startedLike(ConsumerRunner model, ConsumerRunner runner) {
		ProjectionStatus.State state = model.state();
		if (state == ProjectionStatus.State.RUNNING || state == ProjectionStatus.State.PAUSED) {
			runner.start();
		}
		return runner;
	}

	private boolean caughtUp(ConsumerRunner building) {
		if (building.state() != ProjectionStatus.State.RUNNING) {
			return false;
		}
		long head = building.query.headPosition();
		return building.lowestHandledPosition() >= head;
	}

	/** Makes a runner the active one and stops the former, here. */
	private void promote(ConsumerRunner next) {
		ConsumerRunner former = this.active;
		this.active = next;
		if (this.shadow == next) {
			this.shadow = null;
		}
		former.stop();
		former.closeMetrics();
	}

	/**
	 * Retires the versions below the active one not retired yet, once no instance holds a
	 * live lease on them: deletes their offsets and dead letters, then tells the handler.
	 */
	private void retire() {
		Projection projection = this.handler;
		int current = this.active.version;
		if (projection == null || current <= 1) {
			return;
		}
		int retired = read(RETIRED, 0);
		Instant now = this.clock.instant();
		for (int version = retired + 1; version < current; version++) {
			String consumer = consumerName(this.name, version);
			for (Lease lease : this.offsets.leases(consumer)) {
				if (!lease.isExpiredAt(now)) {
					logger.debug("Projection '{}' version {} still runs on instance '{}'; retired later", this.name,
							version, lease.owner());
					return;
				}
			}
			this.offsets.delete(consumer);
			if (version > 1) {
				this.offsets.delete(OffsetStore.CONTROL_PREFIX + consumer);
			}
			deleteDeadLetters(consumer);
			int dropped = version;
			try {
				ProjectionTransactions own = this.transactions;
				if (own != null && this.active.settings.transactional()) {
					own.inTransaction(() -> {
						retired(projection, dropped);
						return null;
					});
				}
				else {
					retired(projection, dropped);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Projection '{}': the handler could not retire version {} (retrying at the next lease "
						+ "renewal): {}", this.name, dropped, ConsumerWorker.describe(ex));
				return;
			}
			write(RETIRED, version);
			logger.info("Projection '{}': version {} retired", this.name, version);
		}
	}

	private static void retired(Projection projection, int version) {
		try {
			projection.onVersionRetired(version);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new RetireFailed(ex);
		}
	}

	private void deleteDeadLetters(String consumer) {
		DeadLetterStore store = this.deadLetters;
		if (store == null) {
			return;
		}
		List<DeadLetter> letters = new ArrayList<>(store.list(consumer, Integer.MAX_VALUE));
		for (DeadLetter letter : letters) {
			store.delete(letter.id());
		}
	}

	/** The handler's retirement failed with a checked exception. */
	private static final class RetireFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		RetireFailed(Exception cause) {
			super(cause.getMessage(), cause);
		}

	}

}
