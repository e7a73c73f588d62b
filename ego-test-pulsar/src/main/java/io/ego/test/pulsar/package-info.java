/**
 * Test support: a real Apache Pulsar standalone broker in its own JVM
 * ({@link io.ego.test.pulsar.PulsarBroker}), shared by every test of a run through
 * {@link io.ego.test.pulsar.PulsarBrokerExtension}, and a
 * {@link io.ego.test.pulsar.TcpProxy} that makes it unreachable and reachable again.
 */
@NullMarked
package io.ego.test.pulsar;

import org.jspecify.annotations.NullMarked;
