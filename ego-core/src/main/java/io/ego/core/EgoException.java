package io.ego.core;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the engine's errors. Each subclass has one meaning; what a caller should
 * do follows from it:
 * <table>
 * <caption>The engine's errors</caption>
 * <tr>
 * <th>exception</th>
 * <th>means</th>
 * </tr>
 * <tr>
 * <td>{@link CommandRejectedException} ({@link UnsupportedCommandException},
 * {@link EntityErasedException})</td>
 * <td>the behaviour refused the command; nothing was written</td>
 * </tr>
 * <tr>
 * <td>{@link CommandTimeoutException}</td>
 * <td>the command was withdrawn while queued: never handled, not written</td>
 * </tr>
 * <tr>
 * <td>{@link CommandOutcomeUnknownException}</td>
 * <td>the store may or may not have written the command's events: read before
 * retrying</td>
 * </tr>
 * <tr>
 * <td>{@link PersistenceFailureException}</td>
 * <td>the write failed and nothing was written: safe to retry</td>
 * </tr>
 * <tr>
 * <td>{@link RecoveryFailedException}</td>
 * <td>the entity's state could not be rebuilt from the store; the command was not
 * handled</td>
 * </tr>
 * <tr>
 * <td>{@link BehaviorContractException}</td>
 * <td>the behaviour broke its contract (null or wrong-typed state or event, an
 * {@link Error}); nothing of the command was written</td>
 * </tr>
 * <tr>
 * <td>{@link EngineStoppedException}</td>
 * <td>the engine is closed (or closing); the command was not handled</td>
 * </tr>
 * <tr>
 * <td>{@link EngineConfigurationException}</td>
 * <td>the configuration is wrong; the message names the setting</td>
 * </tr>
 * <tr>
 * <td>{@link UnknownEntityTypeException}, {@link InvalidEntityIdException},
 * {@link EntityNotFoundException}, {@link UnknownMessageTypeException},
 * {@link io.ego.core.projection.UnknownProjectionException},
 * {@link io.ego.core.projection.InvalidRebuildPositionException}</td>
 * <td>a caller named something that does not exist or is not valid; nothing happened</td>
 * </tr>
 * <tr>
 * <td>{@link io.ego.core.encryption.EncryptionException}</td>
 * <td>a payload could not be encrypted or decrypted (a missing or wrong key)</td>
 * </tr>
 * <tr>
 * <td>{@link io.ego.core.adapter.EventAdapterException}</td>
 * <td>a schema adapter failed on a stored message</td>
 * </tr>
 * </table>
 * Stores report their failures with {@link io.ego.core.store.StoreException} (SPI), which
 * the engine turns into the replies above.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EgoException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong, naming the entity, property or bean concerned
	 */
	public EgoException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong, naming the entity, property or bean concerned
	 * @param cause the underlying failure, if any
	 */
	public EgoException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	EgoException(String message, @Nullable Throwable cause, boolean stackTrace) {
		super(message, cause, false, stackTrace);
	}

}
