package io.ego.core.internal.entity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.internal.runtime.Backoff;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.observation.CommandContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * A queued command and the future of its reply, in one object: it is also the node of the
 * cell's mailbox, so asking allocates nothing else.
 * <p>
 * A command is <em>queued</em> until its cell {@linkplain #start() starts} it, or until
 * its deadline {@linkplain #withdraw() withdraws} it; exactly one of the two wins. A
 * withdrawn command is never executed, so its timeout reply truthfully says "not
 * written"; a started command whose deadline passes is answered "outcome unknown".
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class Pending<S extends Message> extends CompletableFuture<CommandReply<S>> {

	/**
	 * The pause before a command whose write conflicted is decided again, so that the
	 * other writer finishes its batch first: 0.5-1 ms after the first conflict, doubling
	 * per conflict up to 32-64 ms.
	 */
	static final Backoff CONFLICT_BACKOFF = new Backoff(Duration.ofMillis(1), Duration.ofMillis(64), 2, 0.5);

	private static final int QUEUED = 0;

	private static final int STARTED = 1;

	private static final int WITHDRAWN = 2;

	private static final VarHandle PHASE;

	static {
		try {
			PHASE = MethodHandles.lookup().findVarHandle(Pending.class, "phase", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final @Nullable Message command;

	volatile @Nullable Pending<S> next;

	@Nullable ScheduledFuture<?> timeout;

	/** The command's observation, when observations are recorded. */
	final @Nullable Observation observation;

	@SuppressWarnings("unused") // accessed through PHASE
	private volatile int phase;

	/**
	 * How often the command's write conflicted with another writer; the cell's owner
	 * only.
	 */
	int conflicts;

	/**
	 * The command's id when the caller gave one (re-sending it is then deduplicated),
	 * else {@code null}.
	 */
	final @Nullable String commandId;

	/**
	 * Whether this is a read of the state ({@link #read()}): it has no command and never
	 * writes.
	 */
	final boolean read;

	/**
	 * Whether this read also asks the entity to snapshot its state ({@link #snapshot()}).
	 */
	final boolean snapshot;

	/**
	 * For a {@link #snapshot()} read: completed once the snapshot it asked for (or a
	 * later one of the entity) is written, exceptionally when it was not; {@code null}
	 * for every other pending.
	 */
	final @Nullable CompletableFuture<Void> snapshotWritten;

	/**
	 * When it was created ({@link System#nanoTime()}): a state the cell verified against
	 * the store after this instant is fresh enough to answer it from memory.
	 */
	final long createdNanos = System.nanoTime();

	Pending(@Nullable Message command) {
		this(command, null, null);
	}

	Pending(@Nullable Message command, @Nullable Observation observation, @Nullable String commandId) {
		this(command, observation, commandId, false, false);
	}

	private Pending(@Nullable Message command, @Nullable Observation observation, @Nullable String commandId,
			boolean read, boolean snapshot) {
		this.command = command;
		this.observation = observation;
		this.commandId = commandId;
		this.read = read;
		this.snapshot = snapshot;
		this.snapshotWritten = snapshot ? new CompletableFuture<>() : null;
	}

	/**
	 * Creates a read of the state: queued like a command (so it is ordered with the
	 * commands to the entity), answered {@link CommandReply.Accepted} with the state and
	 * revision, never written.
	 * @param <S> the state type
	 * @return the read
	 */
	static <S extends Message> Pending<S> read() {
		return new Pending<>(null, null, null, true, false);
	}

	/**
	 * Creates a read that also asks the entity to snapshot its state: answered like
	 * {@link #read()}, once the entity has no write pending, with the state and revision
	 * it snapshots (the snapshot is written in the background, like the periodic ones,
	 * and {@link #snapshotWritten} tells when it is).
	 * @param <S> the state type
	 * @return the read
	 */
	static <S extends Message> Pending<S> snapshot() {
		return new Pending<>(null, null, null, true, true);
	}

	Message command() {
		Message command = this.command;
		if (command == null) {
			throw new IllegalStateException("mailbox stub has no command");
		}
		return command;
	}

	/**
	 * Takes the command out of the queue for execution; the owner of the cell calls it
	 * before handling the command.
	 * @return {@code false} when the command was withdrawn or answered meanwhile: it must
	 * not be executed
	 */
	boolean start() {
		if (!PHASE.compareAndSet(this, QUEUED, STARTED) || isDone()) {
			return false;
		}
		Telemetry.event(this.observation, Telemetry.DEQUEUED);
		return true;
	}

	/**
	 * Puts a started command back in the queue (to be decided again); its deadline may
	 * withdraw it again.
	 */
	void requeue() {
		PHASE.setVolatile(this, QUEUED);
	}

	/**
	 * Withdraws the command if it was not started yet.
	 * @return whether it was withdrawn: it is never executed
	 */
	boolean withdraw() {
		return PHASE.compareAndSet(this, QUEUED, WITHDRAWN);
	}

	/**
	 * @return whether the cell started executing the command
	 */
	boolean started() {
		return (int) PHASE.getVolatile(this) == STARTED;
	}

	/**
	 * Answers the command unless it was answered before; never throws.
	 * @param reply the reply
	 */
	void reply(CommandReply<S> reply) {
		if (complete(reply)) {
			ScheduledFuture<?> timeout = this.timeout;
			if (timeout != null) {
				timeout.cancel(false);
			}
			if (this.observation != null) {
				observe(this.observation, reply);
			}
		}
	}

	private void observe(Observation observation, CommandReply<S> reply) {
		switch (reply) {
			case CommandReply.Accepted<S> accepted -> {
				if (observation.getContext() instanceof CommandContext context) {
					context.setRevision(accepted.revision());
				}
				Telemetry.stop(observation, "accepted", null);
			}
			case CommandReply.Rejected<S> rejected -> Telemetry.stop(observation, "rejected", null);
			case CommandReply.Failed<S> failed ->
				Telemetry.stop(observation, failed.outcomeUnknown() ? "unknown" : "failed", failed.error());
		}
	}

}
