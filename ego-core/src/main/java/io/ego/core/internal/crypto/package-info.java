/**
 * Data keys (per-entity, wrapped by the master keys) and the AES-256-GCM payload cipher.
 * Depends on nothing else internal. Internal: not an API, types here may change in any
 * release.
 */
@NullMarked
package io.ego.core.internal.crypto;

import org.jspecify.annotations.NullMarked;
