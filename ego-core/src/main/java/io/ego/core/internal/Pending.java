package io.ego.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import org.jspecify.annotations.Nullable;

/**
 * A queued command and the future of its reply, in one object: it is also the node of the cell's mailbox, so
 * asking allocates nothing else.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class Pending<S extends Message> extends CompletableFuture<CommandReply<S>> {

	final @Nullable Message command;

	volatile @Nullable Pending<S> next;

	@Nullable ScheduledFuture<?> timeout;

	/** The command's observation, when observations are recorded. */
	final io.micrometer.observation.@Nullable Observation observation;

	Pending(@Nullable Message command) {
		this(command, null);
	}

	Pending(@Nullable Message command, io.micrometer.observation.@Nullable Observation observation) {
		this.command = command;
		this.observation = observation;
	}

	Message command() {
		Message command = this.command;
		if (command == null) {
			throw new IllegalStateException("mailbox stub has no command");
		}
		return command;
	}

	void reply(CommandReply<S> reply) {
		if (complete(reply)) {
			ScheduledFuture<?> timeout = this.timeout;
			if (timeout != null) {
				timeout.cancel(false);
			}
			if (this.observation != null) {
				observe(reply);
			}
		}
	}

	private void observe(CommandReply<S> reply) {
		switch (reply) {
			case CommandReply.Accepted<S> accepted -> {
				if (this.observation.getContext() instanceof io.ego.core.observation.CommandContext context) {
					context.setRevision(accepted.revision());
				}
				Telemetry.stop(this.observation, "accepted", null);
			}
			case CommandReply.Rejected<S> rejected -> Telemetry.stop(this.observation, "rejected", null);
			case CommandReply.Failed<S> failed -> Telemetry.stop(this.observation, "failed", failed.error());
		}
	}

	/** Marks that the entity took the command from its mailbox. */
	void dequeued() {
		if (this.observation != null) {
			this.observation.event(Telemetry.DEQUEUED);
		}
	}

}
