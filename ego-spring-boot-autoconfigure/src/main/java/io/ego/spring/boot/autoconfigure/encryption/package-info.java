/**
 * Auto-configuration of encryption at rest, erasure and schema evolution.
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.encryption;

import org.jspecify.annotations.NullMarked;
