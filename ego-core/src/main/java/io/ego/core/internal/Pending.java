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

	Pending(@Nullable Message command) {
		this.command = command;
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
		}
	}

}
