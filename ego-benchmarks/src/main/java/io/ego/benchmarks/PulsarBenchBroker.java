package io.ego.benchmarks;

import io.ego.connector.pulsar.PulsarEventPublisher;
import io.ego.test.pulsar.PulsarBroker;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/**
 * W3-pulsar's broker: a Pulsar standalone broker in its own JVM, started by
 * {@code ego-test-pulsar}'s {@link PulsarBroker} (deduplication on), as the Pulsar
 * connector's tests run it. Each round publishes to a topic of its own (non-partitioned,
 * created by the broker on the first send) with producers named after it.
 */
final class PulsarBenchBroker implements ConnectorBroker {

	private final PulsarBroker broker;

	private final PulsarClient client;

	private PulsarBenchBroker(PulsarBroker broker, PulsarClient client) {
		this.broker = broker;
		this.client = client;
	}

	static PulsarBenchBroker start() throws PulsarClientException {
		PulsarBroker broker = PulsarBroker.start();
		try {
			return new PulsarBenchBroker(broker, PulsarClient.builder().serviceUrl(broker.serviceUrl()).build());
		}
		catch (PulsarClientException | RuntimeException ex) {
			broker.close();
			throw ex;
		}
	}

	@Override
	public Publisher publisher(String name) {
		PulsarEventPublisher publisher = PulsarEventPublisher.builder(this.client)
			.topic("persistent://public/default/" + name)
			.producerName(name)
			.build();
		return new Publisher(publisher, publisher);
	}

	@Override
	public void close() throws PulsarClientException {
		try {
			this.client.close();
		}
		finally {
			this.broker.close();
		}
	}

}
