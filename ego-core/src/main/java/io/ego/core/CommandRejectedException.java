package io.ego.core;

import java.util.Objects;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a behaviour to reject a command for a domain reason; the caller receives a
 * {@link CommandReply.Rejected} carrying it. Cheap to create: it records no stack trace.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class CommandRejectedException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a rejection.
	 * @param reason the domain's reason, shown to the caller
	 */
	public CommandRejectedException(String reason) {
		super(reason, null, false);
	}

	/**
	 * Creates a rejection caused by an exception the behaviour threw.
	 * @param reason the reason
	 * @param cause the exception
	 */
	public CommandRejectedException(String reason, @Nullable Throwable cause) {
		super(reason, cause, false);
	}

	/**
	 * Rejects a command whose type the behaviour does not handle.
	 * @param command the command
	 * @return the rejection to throw
	 */
	public static UnsupportedCommandException unsupported(Message command) {
		return new UnsupportedCommandException(command.getDescriptorForType().getFullName());
	}

	/**
	 * @return the reason
	 */
	public String reason() {
		return Objects.requireNonNull(getMessage(), "a rejection is created with a reason");
	}

}
