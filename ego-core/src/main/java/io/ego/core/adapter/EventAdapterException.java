package io.ego.core.adapter;

import io.ego.core.EgoException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventAdapter} failed or broke its contract (returned {@code null}); the event
 * is not read (recovery fails, projections apply their recovery policy).
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EventAdapterException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what failed, naming the adapter and the event
	 * @param cause the adapter's exception, if any
	 */
	public EventAdapterException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
