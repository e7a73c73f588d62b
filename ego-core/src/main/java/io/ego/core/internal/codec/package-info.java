/**
 * The protobuf message types an engine knows and the framing of stored payloads
 * (revision, encryption). Depends on nothing else internal. Internal: not an API, types
 * here may change in any release.
 */
@NullMarked
package io.ego.core.internal.codec;

import org.jspecify.annotations.NullMarked;
