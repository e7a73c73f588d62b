/**
 * Auto-configuration of encryption at rest ({@code ego.encryption.*}).
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.encryption;

import org.jspecify.annotations.NullMarked;
