package io.ego.core;

/**
 * An operation that needs an entity's history found none: the entity was never written
 * (nor erased). Thrown by {@link EgoEngine#eraseEntity(String, String)}, so that erasing
 * a mistyped id does not block that id for good.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EntityNotFoundException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what was looked for, naming the entity
	 */
	public EntityNotFoundException(String message) {
		super(message);
	}

}
