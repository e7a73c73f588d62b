package io.ego.cluster.hazelcast.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

/**
 * Unique cluster names and free ports for the members the tests start on 127.0.0.1.
 */
final class Members {

	private Members() {
	}

	static String uniqueName() {
		return "ego-boot-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the properties of a one-member cluster on 127.0.0.1 with a unique name and
	 * a free port, enabled
	 */
	static String[] oneMember() {
		int port = freePort();
		return new String[] { "ego.cluster.enabled=true", "ego.cluster.name=" + uniqueName(),
				"ego.cluster.port=" + port, "ego.cluster.members=127.0.0.1:" + port };
	}

}
