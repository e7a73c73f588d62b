package io.ego.benchmarks;

import java.time.Duration;

import io.ego.connector.nats.NatsEventPublisher;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * W3-nats's server: a running {@code nats-server} with JetStream
 * ({@code nats://127.0.0.1:4222}, or {@code -Dego.bench.nats-url}). Each round publishes
 * to a stream of its own (the connector's defaults: file storage, one replica, a
 * duplicate window of 2 minutes), deleted after the round.
 */
final class NatsBenchBroker implements ConnectorBroker {

	private final Connection connection;

	private NatsBenchBroker(Connection connection) {
		this.connection = connection;
	}

	static NatsBenchBroker connect(String url) throws Exception {
		if (!ConnectorBroker.answers(url)) {
			throw new IllegalStateException("no NATS server at " + url
					+ ": start one with JetStream (nats-server -a 127.0.0.1 -p 4222 -js -sd <dir>) "
					+ "or pick one with -Dego.bench.nats-url");
		}
		return new NatsBenchBroker(Nats.connect(Options.builder()
			.server(url)
			.maxReconnects(-1)
			.reconnectWait(Duration.ofMillis(100))
			.connectionTimeout(Duration.ofSeconds(2))
			.build()));
	}

	@Override
	public Publisher publisher(String name) throws Exception {
		String stream = ("BENCH_" + name + "_" + ProcessHandle.current().pid()).replace('-', '_').toUpperCase();
		NatsEventPublisher publisher = NatsEventPublisher.builder(this.connection)
			.stream(stream)
			.subject("bench." + stream + ".{entityType}")
			.build();
		publisher.prepareStream();
		return new Publisher(publisher, () -> {
			publisher.close();
			try {
				this.connection.jetStreamManagement().deleteStream(stream);
			}
			catch (JetStreamApiException gone) {
				// already deleted
			}
		});
	}

	@Override
	public void close() throws InterruptedException {
		this.connection.close();
	}

}
