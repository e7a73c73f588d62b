package io.ego.test.pulsar;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Pulsar standalone broker (with its bookie, RocksDB metadata store, no
 * functions worker) in its own JVM, started from the Maven Central jars of
 * {@code org.apache.pulsar:pulsar-broker:4.2.4} whose classpath this module's build wrote
 * to {@code broker.classpath}. Ports are free ones on 127.0.0.1, data lives in a
 * temporary directory deleted by {@link #close()}. Producer deduplication is on for every
 * namespace ({@code brokerDeduplicationEnabled=true}).
 * <p>
 * Besides its own address the broker advertises a second listener,
 * {@value #PROXIED_LISTENER}, at the address of a {@link TcpProxy} in this JVM: a client
 * built with that service URL and listener name ({@link #proxiedServiceUrl()}) reaches
 * the broker through the proxy only (lookups included), so a test takes the broker away
 * from it and back with {@link #proxy()}'s {@code down()} and {@code up()} while the
 * broker's own clients and every other client are not affected.
 * <p>
 * Tests normally get one shared broker per test run from {@link PulsarBrokerExtension}.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class PulsarBroker implements AutoCloseable {

	/** The name of the listener advertised at the proxy's address. */
	public static final String PROXIED_LISTENER = "proxied";

	private static final System.Logger logger = System.getLogger(PulsarBroker.class.getName());

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private static final String CLASSPATH_RESOURCE = "broker.classpath";

	private final Process process;

	private final Path directory;

	private final int brokerPort;

	private final int webPort;

	private final TcpProxy proxy;

	private final Duration startTime;

	private final Thread shutdownHook;

	private PulsarBroker(Process process, Path directory, int brokerPort, int webPort, TcpProxy proxy,
			Duration startTime) {
		this.process = process;
		this.directory = directory;
		this.brokerPort = brokerPort;
		this.webPort = webPort;
		this.proxy = proxy;
		this.startTime = startTime;
		this.shutdownHook = new Thread(this::stop, "pulsar-broker-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a broker and waits until it serves the {@code public/default} namespace.
	 * @return the running broker
	 * @throws IllegalStateException if it did not come up within 2 minutes or its JVM
	 * exited (the message ends with the broker's log)
	 */
	public static PulsarBroker start() {
		long started = System.nanoTime();
		Path directory = createDirectory();
		int brokerPort = freePort();
		int webPort = freePort();
		int bookiePort = freePort();
		TcpProxy proxy = new TcpProxy(new InetSocketAddress("127.0.0.1", brokerPort));
		Process process;
		try {
			Path conf = writeConf(directory, brokerPort, webPort, proxy.port());
			Path argFile = directory.resolve("java.args");
			Files.writeString(argFile, "-cp " + String.join(File.pathSeparator, brokerClasspath()) + "\n");
			List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms64m", "-Xmx512m",
					"-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
					"-Djava.net.preferIPv4Stack=true", "--enable-native-access=ALL-UNNAMED",
					"--add-opens=java.base/jdk.internal.platform=ALL-UNNAMED",
					"--add-opens=java.management/sun.management=ALL-UNNAMED", "@" + argFile,
					"org.apache.pulsar.PulsarStandaloneStarter", "-c", conf.toString(), "--wipe-data", "-nfw", "-nss",
					"--bookkeeper-port", Integer.toString(bookiePort), "--bookkeeper-dir",
					directory.resolve("bookkeeper").toString(),
					// must not exist: an existing directory switches the broker to
					// ZooKeeper
					"--zookeeper-dir", directory.resolve("no-zookeeper").toString(), "--metadata-dir",
					directory.resolve("metadata").toString()));
			process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("broker.log").toFile())
				.start();
		}
		catch (IOException ex) {
			proxy.close();
			deleteQuietly(directory);
			throw new UncheckedIOException("could not start the Pulsar broker in " + directory, ex);
		}
		try {
			awaitReady(process, directory, webPort);
		}
		catch (RuntimeException | Error ex) {
			destroy(process);
			proxy.close();
			deleteQuietly(directory);
			throw ex;
		}
		PulsarBroker broker = new PulsarBroker(process, directory, brokerPort, webPort, proxy,
				Duration.ofNanos(System.nanoTime() - started));
		logger.log(Level.INFO, "Pulsar broker pid {0} ready at {1} in {2} ms, resident memory {3} MB", process.pid(),
				broker.serviceUrl(), broker.startTime.toMillis(), broker.residentMemoryBytes() >> 20);
		return broker;
	}

	/**
	 * @return the broker's binary service URL, {@code pulsar://127.0.0.1:<port>}
	 */
	public String serviceUrl() {
		return "pulsar://127.0.0.1:" + this.brokerPort;
	}

	/**
	 * @return the broker's HTTP (admin) URL, {@code http://127.0.0.1:<port>}
	 */
	public String httpUrl() {
		return "http://127.0.0.1:" + this.webPort;
	}

	/**
	 * @return the service URL through the {@link #proxy()}: use it with the listener name
	 * {@value #PROXIED_LISTENER}
	 */
	public String proxiedServiceUrl() {
		return "pulsar://127.0.0.1:" + this.proxy.port();
	}

	/**
	 * @return the proxy of the {@value #PROXIED_LISTENER} listener
	 */
	public TcpProxy proxy() {
		return this.proxy;
	}

	/**
	 * @return how long {@link #start()} took, until the namespace was served
	 */
	public Duration startTime() {
		return this.startTime;
	}

	/**
	 * @return the broker JVM's process id
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * @return the broker JVM's resident memory (Linux {@code VmRSS}), 0 where it cannot
	 * be read
	 */
	public long residentMemoryBytes() {
		try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
			return lines.filter((line) -> line.startsWith("VmRSS:"))
				.map((line) -> line.replaceAll("[^0-9]", ""))
				.mapToLong((kilobytes) -> Long.parseLong(kilobytes) * 1024)
				.findFirst()
				.orElse(0);
		}
		catch (IOException | UncheckedIOException ex) {
			return 0;
		}
	}

	/**
	 * Creates a partitioned topic in {@code public/default} through the admin API.
	 * @param topic the local topic name
	 * @param partitions the number of partitions
	 */
	public void createPartitionedTopic(String topic, int partitions) {
		admin("PUT", "/admin/v2/persistent/public/default/" + topic + "/partitions", Integer.toString(partitions));
	}

	/**
	 * Calls the admin REST API.
	 * @param method the HTTP method
	 * @param path the path, from {@code /admin/v2/...}
	 * @param jsonBody the JSON body, empty for none
	 * @return the response body
	 * @throws IllegalStateException if the broker answered with a status of 300 or more
	 */
	public String admin(String method, String path, String jsonBody) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.method(method,
					jsonBody.isEmpty() ? HttpRequest.BodyPublishers.noBody()
							: HttpRequest.BodyPublishers.ofString(jsonBody))
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(
						method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted: " + method + " " + path, ex);
		}
	}

	/** Stops the broker JVM (its process tree) and deletes its data. */
	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs stop()
		}
		stop();
	}

	private void stop() {
		this.proxy.close();
		destroy(this.process);
		deleteQuietly(this.directory);
	}

	private static void awaitReady(Process process, Path directory, int webPort) {
		URI namespaces = URI.create("http://127.0.0.1:" + webPort + "/admin/v2/namespaces/public");
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
			while (System.nanoTime() < deadline) {
				try {
					HttpResponse<String> response = client.send(
							HttpRequest.newBuilder(namespaces).timeout(Duration.ofSeconds(5)).build(),
							HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() == 200 && response.body().contains("public/default")) {
						return;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				// the pause between two polls, ending early when the broker JVM dies
				if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException("the Pulsar broker exited with " + process.exitValue()
							+ " before serving public/default; its log:\n" + logTail(directory));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the Pulsar broker", ex);
		}
		throw new IllegalStateException("the Pulsar broker did not serve public/default within " + START_TIMEOUT
				+ "; its log:\n" + logTail(directory));
	}

	private static Path writeConf(Path directory, int brokerPort, int webPort, int proxyPort) throws IOException {
		String conf = """
				clusterName=standalone
				bindAddress=127.0.0.1
				advertisedAddress=127.0.0.1
				brokerServicePort=%d
				webServicePort=%d
				advertisedListeners=internal:pulsar://127.0.0.1:%d,%s:pulsar://127.0.0.1:%d
				internalListenerName=internal
				managedLedgerDefaultEnsembleSize=1
				managedLedgerDefaultWriteQuorum=1
				managedLedgerDefaultAckQuorum=1
				dbStorage_writeCacheMaxSizeMb=16
				dbStorage_readAheadCacheMaxSizeMb=16
				journalDirectories=%s
				brokerDeduplicationEnabled=true
				""".formatted(brokerPort, webPort, brokerPort, PROXIED_LISTENER, proxyPort,
				directory.resolve("journal"));
		Path path = directory.resolve("standalone.conf");
		Files.writeString(path, conf);
		return path;
	}

	private static List<String> brokerClasspath() throws IOException {
		try (InputStream in = PulsarBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing next to " + PulsarBroker.class
						+ ": build ego-test-pulsar with Maven (its generate-resources phase writes it)");
			}
			return Stream.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split(File.pathSeparator))
				.map(String::strip)
				.filter((line) -> !line.isEmpty())
				.toList();
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("ego-pulsar-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not create the Pulsar broker's directory", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free port", ex);
		}
	}

	private static void destroy(Process process) {
		List<ProcessHandle> descendants = process.descendants().toList();
		process.destroy();
		descendants.forEach(ProcessHandle::destroy);
		try {
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				descendants.forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	private static String logTail(Path directory) {
		try {
			List<String> lines = Files.readAllLines(directory.resolve("broker.log"), StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			logger.log(Level.WARNING, "could not delete " + directory, ex);
		}
	}

}
