package io.ego.core.projection;

import io.ego.core.EgoException;

/**
 * A projection cannot be rebuilt from a position: it is negative, or beyond the head of
 * what the projection reads (the journal, or the durable-state change feed of a state
 * publisher), so that the events written later below it would never be delivered.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class InvalidRebuildPositionException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * The value of {@link #headPosition()} when the head was not read (a negative
	 * position).
	 */
	public static final long UNKNOWN_HEAD = -1;

	private final long position;

	private final long headPosition;

	/**
	 * Creates an exception.
	 * @param message what was asked, naming the projection, the position and the head
	 * @param position the position asked for
	 * @param headPosition the head when the rebuild was asked, or {@link #UNKNOWN_HEAD}
	 */
	public InvalidRebuildPositionException(String message, long position, long headPosition) {
		super(message);
		this.position = position;
		this.headPosition = headPosition;
	}

	/**
	 * @return the position asked for
	 */
	public long position() {
		return this.position;
	}

	/**
	 * @return the head of what the projection reads when the rebuild was asked, or
	 * {@link #UNKNOWN_HEAD}
	 */
	public long headPosition() {
		return this.headPosition;
	}

}
