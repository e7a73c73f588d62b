package io.ego.test.pulsar;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker of the run is up, serves the default namespace and the admin API, and its
 * proxy goes down and up on one port.
 */
@ExtendWith(PulsarBrokerExtension.class)
class PulsarBrokerTests {

	@Test
	void servesTheDefaultNamespace(PulsarBroker broker) {
		assertTrue(broker.admin("GET", "/admin/v2/namespaces/public", "").contains("public/default"));
		assertTrue(broker.residentMemoryBytes() > 0, "the broker JVM's resident memory is readable");
		System.out.printf("Pulsar broker started in %d ms, resident memory %d MB%n", broker.startTime().toMillis(),
				broker.residentMemoryBytes() >> 20);
	}

	@Test
	void createsPartitionedTopics(PulsarBroker broker) {
		broker.createPartitionedTopic("broker-tests-partitioned", 3);
		assertTrue(broker.admin("GET", "/admin/v2/persistent/public/default/broker-tests-partitioned/partitions", "")
			.contains("\"partitions\":3"));
		IllegalStateException twice = assertThrows(IllegalStateException.class,
				() -> broker.createPartitionedTopic("broker-tests-partitioned", 3));
		assertTrue(twice.getMessage().contains("409"), twice.getMessage());
	}

	@Test
	void oneBrokerPerRun(PulsarBroker broker, PulsarBroker again) {
		assertEquals(broker.pid(), again.pid());
	}

	@Test
	void theProxyGoesDownAndUpOnItsPort(PulsarBroker broker) throws IOException {
		TcpProxy proxy = broker.proxy();
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", proxy.port());
		// each round once failed about one time in four: down() returned while the
		// accepting thread still held the listening socket open
		for (int round = 0; round < 50; round++) {
			connect(address);
			try {
				proxy.down();
				assertThrows(ConnectException.class, () -> connect(address), "round " + round);
			}
			finally {
				proxy.up();
			}
		}
		assertDoesNotThrow(() -> connect(address));
	}

	private static void connect(InetSocketAddress address) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(address, 2000);
		}
	}

}
