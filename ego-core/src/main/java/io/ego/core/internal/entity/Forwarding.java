package io.ego.core.internal.entity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.ego.core.CommandOutcomeUnknownException;
import io.ego.core.CommandReply;
import io.ego.core.CommandTimeoutException;
import io.ego.core.EgoException;
import io.ego.core.EngineStoppedException;
import io.ego.core.EntityState;
import io.ego.core.cluster.CommandNotForwardedException;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.cluster.ForwardedCommand;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.cluster.ForwardedReply.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * The ask path of the entities of one type that another member owns: sends each command
 * (or read) through the {@link CommandRouter} to the owner and answers it within the ask
 * timeout. A command always travels with an id (one is made for a command without), so
 * that sending it again is safe when the entity type deduplicates: it is sent again when
 * the member it reached did not own the entity (a partition moving), when that member's
 * engine stopped, and when the router failed to deliver it. Its reply says "outcome
 * unknown" only when it may have reached an owner and no answer came.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.3.0
 */
final class Forwarding<S extends Message> {

	/** How long to wait before sending again to a partition that is moving. */
	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final EntityType<S> type;

	private final CommandRouter router;

	private final Parser<S> states;

	/** The ids made for commands sent without one: unique per engine instance. */
	private final String idPrefix;

	private final AtomicLong generated = new AtomicLong();

	Forwarding(EntityType<S> type, CommandRouter router) {
		this.type = type;
		this.router = router;
		@SuppressWarnings("unchecked")
		Parser<S> parser = (Parser<S>) type.behavior.initialState().getParserForType();
		this.states = parser;
		this.idPrefix = "ego-forwarded-" + type.engine.instanceId() + "-";
	}

	CompletableFuture<CommandReply<S>> ask(String entityId, Message command, @Nullable String commandId) {
		return send(entityId, command, commandId).result;
	}

	private Send<CommandReply<S>> send(String entityId, Message command, @Nullable String commandId) {
		ForwardedCommand forwarded = command(entityId, command, commandId);
		String what = "'" + this.type.persistenceId(entityId) + "' to " + forwarded.commandType();
		Send<CommandReply<S>> send = new Send<>(forwarded, what, this.type.settings.dedupe().isEnabled(),
				(reply, label) -> ForwardedReplies.toReply(reply, this.states, label),
				(error) -> new CommandReply.Failed<>(error));
		send.start();
		return send;
	}

	/**
	 * Sends a command and waits for its reply, on the calling thread: each attempt waits
	 * for the router's answer directly ({@link CommandRouter#forwardAndWait}), no timer
	 * and no future of the engine's in between. The same rules as {@link #ask}.
	 */
	CommandReply<S> askAndWait(String entityId, Message command, @Nullable String commandId) {
		if (!this.type.engine.isRunning()) {
			return new CommandReply.Failed<>(new EngineStoppedException(
					"engine stopped: command for '" + this.type.persistenceId(entityId) + "' not accepted"));
		}
		ForwardedCommand template = command(entityId, command, commandId);
		boolean resendable = this.type.settings.dedupe().isEnabled();
		long deadline = System.nanoTime() + this.type.settings.askTimeout().toNanos();
		boolean mayHaveRun = false;
		try {
			for (;;) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return new CommandReply.Failed<>(expired(what(template), mayHaveRun));
				}
				ForwardedReply reply;
				try {
					reply = this.router.forwardAndWait(withTimeout(template, left));
				}
				catch (TimeoutException ex) {
					return new CommandReply.Failed<>(expired(what(template), true));
				}
				catch (CommandNotForwardedException ex) {
					pause(deadline);
					continue;
				}
				catch (ExecutionException | RuntimeException ex) {
					// a failure after the router may have sent the command (its own
					// runtime exceptions too) is no reply: the command may have run
					Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
					if (!(cause instanceof CommandNotForwardedException)) {
						mayHaveRun = true;
						if (!resendable) {
							return new CommandReply.Failed<>(
									new CommandOutcomeUnknownException(
											"forwarding " + what(template)
													+ " to its owner failed: it may or may not have been written",
											cause));
						}
					}
					pause(deadline);
					continue;
				}
				if (reply.outcome() == Outcome.NOT_OWNER || reply.outcome() == Outcome.ENGINE_STOPPED) {
					pause(deadline); // it did not run there: the partition is moving, or
										// its member leaving
					continue;
				}
				if (reply.outcome() == Outcome.ACCEPTED) {
					try {
						return new CommandReply.Accepted<>(this.states.parseFrom(reply.state()), reply.revision());
					}
					catch (InvalidProtocolBufferException ex) {
						// answered below, with the message that names the entity
					}
				}
				return ForwardedReplies.toReply(reply, this.states, what(template));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new CommandReply.Failed<>(new CommandOutcomeUnknownException(
					"interrupted while waiting for the reply of " + what(template)
							+ ": the command was forwarded to its owner and may or may not have been " + "written",
					ex));
		}
	}

	/** What a reply's or an error's message names: built only when one needs it. */
	private static String what(ForwardedCommand command) {
		return "'" + command.persistenceId() + "' to " + command.commandType();
	}

	private ForwardedCommand command(String entityId, Message command, @Nullable String commandId) {
		String id = (commandId != null) ? commandId
				: this.idPrefix + Long.toUnsignedString(this.generated.incrementAndGet(), 36);
		return new ForwardedCommand(ForwardedCommand.Kind.COMMAND, this.type.name, entityId,
				command.getDescriptorForType().getFullName(), command.getClass().getName(), command.toByteArray(), id,
				0);
	}

	private static ForwardedCommand withTimeout(ForwardedCommand command, long timeoutNanos) {
		return new ForwardedCommand(command.kind(), command.entityType(), command.entityId(), command.commandType(),
				command.commandClass(), command.command(), command.commandId(), timeoutNanos);
	}

	/** Waits before sending again, never past the deadline. */
	private static void pause(long deadline) throws InterruptedException {
		long wait = Math.min(RETRY_NANOS, deadline - System.nanoTime());
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	private EgoException expired(String what, boolean mayHaveRun) {
		String within = " within " + this.type.settings.askTimeout();
		return mayHaveRun
				? new CommandOutcomeUnknownException("no reply from the owner of " + what + within
						+ "; the command was forwarded: it may or may not have been written")
				: new CommandTimeoutException(
						"no member owning " + what + " took it" + within + "; it was never executed");
	}

	CompletableFuture<EntityState<S>> stateAsync(String entityId) {
		ForwardedCommand forwarded = new ForwardedCommand(ForwardedCommand.Kind.STATE, this.type.name, entityId, "", "",
				new byte[0], null, 0);
		String what = "'" + this.type.persistenceId(entityId) + "'";
		Send<ReadOutcome<S>> send = new Send<>(forwarded, what, true, (reply, label) -> {
			try {
				return new ReadOutcome<>(ForwardedReplies.toState(reply, this.states, label), null);
			}
			catch (EgoException ex) {
				return new ReadOutcome<>(null, ex);
			}
		}, (error) -> new ReadOutcome<>(null,
				(error instanceof CommandOutcomeUnknownException)
						? new CommandTimeoutException(error.getMessage() + "; a read writes nothing: retrying is safe")
						: error));
		send.start();
		return send.result.thenCompose((outcome) -> (outcome.error != null)
				? CompletableFuture.failedFuture(outcome.error) : CompletableFuture.completedFuture(outcome.state));
	}

	EntityState<S> state(String entityId) {
		try {
			return stateAsync(entityId).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandTimeoutException("interrupted while reading '" + this.type.persistenceId(entityId)
					+ "' from its owner; a read writes nothing: retrying is safe", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof EgoException error) {
				throw error;
			}
			throw new EgoException("reading '" + this.type.persistenceId(entityId) + "' from its owner failed",
					ex.getCause());
		}
	}

	/** A read's state or error. */
	private record ReadOutcome<S extends Message>(@Nullable EntityState<S> state, @Nullable EgoException error) {
	}

	/**
	 * One command or read on its way: sent, sent again while that is safe, and answered
	 * once, by the owner's reply or by its deadline.
	 */
	private final class Send<T> {

		final CompletableFuture<T> result = new CompletableFuture<>();

		private final ForwardedCommand command;

		private final String what;

		/** Whether sending again after a possible delivery is safe (deduplicated). */
		private final boolean resendable;

		private final BiFunction<ForwardedReply, String, T> decode;

		private final Function<EgoException, T> failed;

		final long deadline;

		/**
		 * Whether an owner may have run it: an attempt answered neither way, or failing.
		 */
		private volatile boolean mayHaveRun;

		/** Whether the latest attempt is on its way, unanswered. */
		private volatile boolean unanswered;

		private volatile @Nullable ScheduledFuture<?> timeout;

		Send(ForwardedCommand command, String what, boolean resendable, BiFunction<ForwardedReply, String, T> decode,
				Function<EgoException, T> failed) {
			this.command = command;
			this.what = what;
			this.resendable = resendable;
			this.decode = decode;
			this.failed = failed;
			this.deadline = System.nanoTime() + Forwarding.this.type.settings.askTimeout().toNanos();
		}

		void start() {
			if (!Forwarding.this.type.engine.isRunning()) {
				this.result.complete(this.failed
					.apply(new EngineStoppedException("engine stopped: command for " + this.what + " not accepted")));
				return;
			}
			try {
				this.timeout = Forwarding.this.type.engine.timer()
					.schedule(this::expire, this.deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				this.result.complete(this.failed
					.apply(new EngineStoppedException("engine stopped: command for " + this.what + " not accepted")));
				return;
			}
			attempt();
		}

		private void attempt() {
			long left = this.deadline - System.nanoTime();
			if (this.result.isDone() || left <= 0) {
				expire();
				return;
			}
			ForwardedCommand now = new ForwardedCommand(this.command.kind(), this.command.entityType(),
					this.command.entityId(), this.command.commandType(), this.command.commandClass(),
					this.command.command(), this.command.commandId(), left);
			CompletableFuture<ForwardedReply> sent;
			this.unanswered = true;
			try {
				sent = Forwarding.this.router.forward(now);
			}
			catch (Throwable ex) {
				sent = CompletableFuture.failedFuture(ex);
			}
			sent.whenComplete(this::answered);
		}

		private void answered(@Nullable ForwardedReply reply, @Nullable Throwable error) {
			if (this.result.isDone()) {
				return;
			}
			this.unanswered = false;
			if (reply == null) {
				Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause()
						: error;
				if (!(cause instanceof CommandNotForwardedException)) {
					this.mayHaveRun = true;
					if (!this.resendable) {
						complete(this.failed.apply(new CommandOutcomeUnknownException(
								"forwarding " + this.what + " to its owner failed: it may or may not have been written",
								cause)));
						return;
					}
				}
				later();
				return;
			}
			if (reply.outcome() == Outcome.NOT_OWNER || reply.outcome() == Outcome.ENGINE_STOPPED) {
				later(); // it did not run there: the partition is moving, or its member
							// leaving
				return;
			}
			complete(this.decode.apply(reply, this.what));
		}

		private void later() {
			if (this.deadline - System.nanoTime() <= RETRY_NANOS) {
				expire();
				return;
			}
			try {
				Forwarding.this.type.engine.timer().schedule(this::attempt, RETRY_NANOS, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				expire();
			}
		}

		void expire() {
			if (this.result.isDone()) {
				return;
			}
			String within = " within " + Forwarding.this.type.settings.askTimeout();
			complete(this.failed.apply((this.mayHaveRun || this.unanswered)
					? new CommandOutcomeUnknownException("no reply from the owner of " + this.what + within
							+ "; the command was forwarded: it may or may not have been written")
					: new CommandTimeoutException(
							"no member owning " + this.what + " took it" + within + "; it was never executed")));
		}

		private void complete(T value) {
			ScheduledFuture<?> scheduled = this.timeout;
			if (this.result.complete(value) && scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
