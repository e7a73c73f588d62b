/**
 * In-memory stores honouring the full store contracts, for tests, samples and benchmarks.
 */
@NullMarked
package io.ego.core.store.inmemory;

import org.jspecify.annotations.NullMarked;
