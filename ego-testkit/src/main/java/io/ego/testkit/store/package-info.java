/**
 * The store TCK: abstract JUnit contract tests that every store implementation extends by supplying a factory
 * for an empty store, e.g. {@code class MyEventStoreTests extends EventStoreTestSuite}.
 */
@NullMarked
package io.ego.testkit.store;

import org.jspecify.annotations.NullMarked;
