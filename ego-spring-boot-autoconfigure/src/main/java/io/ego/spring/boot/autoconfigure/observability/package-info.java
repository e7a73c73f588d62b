/**
 * Auto-configuration of eGo's observability: the engine records its observations on the
 * application's {@code ObservationRegistry} and its meters on the application's
 * {@code MeterRegistry}.
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.observability;

import org.jspecify.annotations.NullMarked;
