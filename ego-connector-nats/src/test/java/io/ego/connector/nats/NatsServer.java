package io.ego.connector.nats;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.ego.connector.support.fixtures.TcpProxy;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * The NATS server (with JetStream) the tests run against: a {@code nats-server} of the
 * test run's own on a free port (storage in a temporary directory) when the binary is on
 * the PATH (or in {@code /usr/sbin}), else the one {@code NATS_URL} names, else
 * {@code nats://127.0.0.1:4222}. A TCP proxy in front of it lets a test make it
 * unreachable.
 */
public final class NatsServer implements AutoCloseable {

	private static final AtomicInteger names = new AtomicInteger();

	private final String host;

	private final int port;

	private final @Nullable Process process;

	private final @Nullable Path storage;

	private final TcpProxy proxy;

	private NatsServer(String host, int port, @Nullable Process process, @Nullable Path storage) {
		this.host = host;
		this.port = port;
		this.process = process;
		this.storage = storage;
		this.proxy = new TcpProxy(() -> new InetSocketAddress(host, port));
	}

	static NatsServer start() {
		Optional<Path> binary = binary();
		if (binary.isPresent()) {
			return startOwn(binary.get());
		}
		String url = System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222");
		String hostPort = url.replaceFirst("^nats://", "");
		int colon = hostPort.lastIndexOf(':');
		String host = hostPort.substring(0, colon);
		int port = Integer.parseInt(hostPort.substring(colon + 1));
		if (!answers(host, port)) {
			throw new IllegalStateException("no nats-server binary on the PATH and no NATS server at " + url
					+ ": install it (apt-get install -y nats-server) or start one with JetStream "
					+ "(nats-server -a 127.0.0.1 -p 4222 -js -sd <dir>)");
		}
		return new NatsServer(host, port, null, null);
	}

	private static NatsServer startOwn(Path binary) {
		try {
			Path storage = Files.createTempDirectory("ego-nats-");
			int port = freePort();
			Process process = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port),
					"-js", "-sd", storage.toString())
				.redirectErrorStream(true)
				.redirectOutput(storage.resolve("nats-server.log").toFile())
				.start();
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> !process.isAlive() || answers("127.0.0.1", port));
			if (!process.isAlive()) {
				throw new IllegalStateException("nats-server exited with " + process.exitValue() + ": "
						+ Files.readString(storage.resolve("nats-server.log")));
			}
			return new NatsServer("127.0.0.1", port, process, storage);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Optional<Path> binary() {
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/local/bin"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, "nats-server"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * @return the server's URL
	 */
	public String url() {
		return "nats://" + this.host + ":" + this.port;
	}

	/**
	 * @return the URL of the proxy in front of the server
	 */
	String proxiedUrl() {
		return "nats://127.0.0.1:" + this.proxy.port();
	}

	TcpProxy proxy() {
		return this.proxy;
	}

	/**
	 * @return a stream name no other test uses
	 */
	public static String uniqueStream(String prefix) {
		return prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() + "_" + names.incrementAndGet();
	}

	/**
	 * @return a connection to the server, reconnecting for ever
	 */
	public Connection connect() throws IOException, InterruptedException {
		return Nats.connect(options(url()).build());
	}

	/**
	 * @return a connection through the proxy, reconnecting quickly for ever
	 */
	Connection connectThroughProxy() throws IOException, InterruptedException {
		return Nats.connect(options(proxiedUrl()).build());
	}

	static Options.Builder options(String url) {
		return Options.builder()
			.server(url)
			.maxReconnects(-1)
			.reconnectWait(Duration.ofMillis(100))
			.connectionTimeout(Duration.ofSeconds(2));
	}

	@Override
	public void close() {
		this.proxy.close();
		if (this.process != null) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.storage != null) {
			try (Stream<Path> files = Files.walk(this.storage)) {
				List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
				for (Path file : all) {
					Files.deleteIfExists(file);
				}
			}
			catch (IOException ex) {
				// a temporary directory
			}
		}
	}

}
