package io.ego.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import io.ego.core.publisher.EventPublisher;

/**
 * The broker of one connector workload (W3-kafka, W3-nats, W3-pulsar), started or found
 * once per JVM, and a fresh topic or stream with its connector's event publisher per
 * round.
 */
interface ConnectorBroker extends AutoCloseable {

	/** The local NATS server of W3-nats; {@code -Dego.bench.nats-url} picks another. */
	String NATS_URL = System.getProperty("ego.bench.nats-url", "nats://127.0.0.1:4222");

	/**
	 * Starts the broker of a connector.
	 * @param connector {@code kafka}, {@code nats}, {@code pulsar}, or {@code noop} for a
	 * publisher that returns at once (no broker)
	 * @return the broker
	 */
	static ConnectorBroker start(String connector) throws Exception {
		return switch (connector) {
			case "kafka" -> KafkaBenchBroker.start();
			case "nats" -> NatsBenchBroker.connect(NATS_URL);
			case "pulsar" -> PulsarBenchBroker.start();
			// W3-noop: the engine's side of publishing alone (journal reads, offsets)
			case "noop" -> (name) -> new Publisher((events) -> {
			}, () -> {
			});
			default -> throw new IllegalArgumentException("unknown connector " + connector);
		};
	}

	/**
	 * Tells whether something listens at a {@code nats://host:port} URL.
	 * @param url the server
	 * @return whether a TCP connection could be made within 1 s
	 */
	static boolean answers(String url) {
		URI uri = URI.create(url);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
			return true;
		}
		catch (IOException | IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Creates a fresh topic or stream and a publisher to it.
	 * @param name a name no earlier round used (letters, digits and dashes)
	 * @return the publisher, with what to close after the round
	 */
	Publisher publisher(String name) throws Exception;

	@Override
	default void close() throws Exception {
	}

	/**
	 * A connector's publisher for one round.
	 *
	 * @param publisher the connector's event publisher
	 * @param resources what to close once the engine is closed (the publisher, its
	 * stream)
	 */
	record Publisher(EventPublisher publisher, AutoCloseable resources) {
	}

}
