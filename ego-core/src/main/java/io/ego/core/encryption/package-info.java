/**
 * Encryption at rest: AES-256-GCM of event payloads, snapshot states and (optionally)
 * durable states with one data key per entity, data keys wrapped by a master key
 * ({@link io.ego.core.encryption.MasterKeyProvider}), and crypto-shredding on erasure.
 * Configure it with {@link io.ego.core.encryption.EncryptionSettings} on the engine
 * builder.
 */
@NullMarked
package io.ego.core.encryption;

import org.jspecify.annotations.NullMarked;
