/**
 * The store TCK: abstract JUnit contract tests that every store implementation extends by
 * supplying a factory for an empty store, e.g.
 * {@code class MyEventStoreTests extends EventStoreTestSuite}.
 * <p>
 * Every suite checks that the store compares identifiers exactly: an identifier that is
 * not well-formed UTF-16 (an unpaired surrogate, which databases store as a replacement
 * character) is rejected with an {@link java.lang.IllegalArgumentException} by every
 * operation that writes or looks up by it.
 */
@NullMarked
package io.ego.testkit.store;

import org.jspecify.annotations.NullMarked;
