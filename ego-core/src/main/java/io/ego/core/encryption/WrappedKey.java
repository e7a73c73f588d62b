package io.ego.core.encryption;

import java.util.Objects;

/**
 * A data key wrapped (encrypted) by a master key.
 *
 * @param masterKeyId the id of the master key that wrapped it
 * @param wrappedKey the wrapped key, in the provider's format
 * @author eGo team
 * @since 0.1.0
 */
public record WrappedKey(String masterKeyId, byte[] wrappedKey) {

	public WrappedKey {
		Objects.requireNonNull(masterKeyId, "masterKeyId");
		Objects.requireNonNull(wrappedKey, "wrappedKey");
	}

}
