package io.ego.samples.bank;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as a cluster of <b>three separate JVM processes</b> (profiles
 * {@code postgres,cluster}) on a fresh database of the local PostgreSQL: concurrent HTTP
 * callers spread over the three members send credits with idempotency keys, one member is
 * killed ({@code kill -9}) under that load, the callers re-send every command whose reply
 * was not a success, with the same key, to a live member; afterwards every acknowledged
 * credit is in the journal exactly once and the transactional read model
 * ({@code account_balance}) equals the journal. Skipped, saying why, where no PostgreSQL
 * answers on {@code 127.0.0.1:5432} (user {@code postgres}). The latencies around the
 * failover are printed, not asserted. Each member's output is in
 * {@code target/cluster-processes/}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterProcessesTests {

	private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

	/** Hazelcast 5.5's JVM flags on JDK 25 (the module's README). */
	private static final List<String> HAZELCAST_FLAGS = List.of("--add-modules", "java.se", "--add-exports",
			"java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
			"java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
			"--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

	private static final int MEMBERS = 3;

	/**
	 * Accounts credited; few enough credits each that the sample's retention (events
	 * deleted beyond the last 200 once snapshotted) deletes none.
	 */
	private static final int ACCOUNTS = 100;

	private static final long INITIAL = 100;

	private static final int CALLERS = 24;

	/** Attempts of one command (the same idempotency key) before its caller gives up. */
	private static final int ATTEMPTS = 40;

	private static final Duration START = Duration.ofSeconds(150);

	/**
	 * Credits acknowledged before the kill, and again after it, before the load stops.
	 */
	private static final int CREDITS_AROUND_KILL = 200;

	/** How long each of those may take. */
	private static final Duration LOAD_BOUND = Duration.ofSeconds(60);

	private static final Pattern NUMBER = Pattern.compile("\"(balance|revision|members)\"\\s*:\\s*(\\d+)");

	private static final String OPERATOR = "Basic " + Base64.getEncoder()
		.encodeToString((BankApi.OPERATOR + ":" + BankApi.OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(1))
		.build();

	@Test
	void aMemberKilledUnderLoadLosesNoAcknowledgedCreditAndAppliesNoneTwice() throws Exception {
		String database = "bank_cluster_" + UUID.randomUUID().toString().replace("-", "");
		assumeThat(createDatabase(database))
			.as("no PostgreSQL answers on 127.0.0.1:5432 (user postgres): the 3-process cluster test needs one, skipped")
			.isTrue();
		List<Member> members = new ArrayList<>();
		Thread reaper = new Thread(() -> members.forEach(Member::kill));
		Runtime.getRuntime().addShutdownHook(reaper);
		try {
			start(members, database);
			awaitCluster(members);
			open(members);
			Member victim = balanceProjectionOwner(members);
			Load load = new Load(members);
			load.run(() -> {
				System.out.printf("killing member %d (http %d, cluster %d, pid %d) with SIGKILL%n", victim.index,
						victim.httpPort, victim.clusterPort, victim.process.pid());
				victim.kill();
			});
			assertThat(load.gaveUp).as("commands given up after %d attempts", ATTEMPTS).isEmpty();
			load.report(victim);
			Member survivor = members.stream().filter(Member::alive).findFirst().orElseThrow();
			assertJournalExact(database, load, survivor);
			assertReadModelEqualsJournal(database, load);
		}
		finally {
			members.forEach(Member::kill);
			Runtime.getRuntime().removeShutdownHook(reaper);
			dropDatabase(database);
		}
	}

	private void start(List<Member> members, String database) throws IOException {
		int[] httpPorts = freePorts();
		int[] clusterPorts = freePorts();
		String list = Arrays.stream(clusterPorts)
			.mapToObj((port) -> "127.0.0.1:" + port)
			.collect(Collectors.joining(","));
		String name = "bank-test-" + UUID.randomUUID();
		Path logs = Path.of("target", "cluster-processes");
		Files.createDirectories(logs);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = memberClasspath();
		for (int i = 0; i < MEMBERS; i++) {
			List<String> command = new ArrayList<>();
			command.add(java);
			// C1 only and the serial collector: three JVMs starting at once on two cores
			command.addAll(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
			command.addAll(HAZELCAST_FLAGS);
			command.addAll(List.of("-cp", classpath, BankAccountApplication.class.getName(),
					"--spring.profiles.active=postgres,cluster",
					// a short lease, so that the killed member's projection workers are
					// taken over within seconds (20 s by default)
					"--ego.projection-defaults.lease.duration=4s", "--ego.projection-defaults.lease.renew-interval=1s",
					"--spring.main.banner-mode=off"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(logs.resolve(database + "-member-" + i + ".log").toFile());
			Map<String, String> env = builder.environment();
			env.put("BANK_DB_URL", SERVER + database);
			env.put("BANK_DB_USER", "postgres");
			env.put("BANK_HTTP_PORT", String.valueOf(httpPorts[i]));
			env.put("BANK_CLUSTER_PORT", String.valueOf(clusterPorts[i]));
			env.put("BANK_CLUSTER_MEMBERS", list);
			env.put("BANK_CLUSTER_NAME", name);
			env.remove("JAVA_TOOL_OPTIONS");
			members.add(new Member(i, httpPorts[i], clusterPorts[i], builder.start(),
					logs.resolve(database + "-member-" + i + ".log")));
		}
	}

	/**
	 * The application's runtime classpath (its classes and runtime dependencies, listed
	 * by the build in {@code target/member.classpath}), else the tests' own.
	 */
	private static String memberClasspath() throws IOException {
		Path listed = Path.of("target", "member.classpath");
		if (Files.isRegularFile(listed)) {
			return Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
					+ Files.readString(listed).strip();
		}
		return System.getProperty("java.class.path");
	}

	private void awaitCluster(List<Member> members) {
		long started = System.nanoTime();
		try {
			await().atMost(START).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				for (Member member : members) {
					assertThat(member.process.isAlive()).as("member %d is running", member.index).isTrue();
					Reply health = get(member, "/actuator/health");
					assertThat(health.status()).as("member %d up: %s", member.index, health.body()).isEqualTo(200);
					assertThat(number(health.body(), "members"))
						.as("members seen by %d: %s", member.index, health.body())
						.isEqualTo(MEMBERS);
					Reply cluster = get(member, "/actuator/ego/cluster");
					assertThat(cluster.status()).as("member %d cluster: %s", member.index, cluster.body())
						.isEqualTo(200);
				}
			});
		}
		catch (AssertionError ex) {
			members.forEach(Member::printTail);
			throw ex;
		}
		System.out.printf("3 member processes ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
	}

	private void open(List<Member> members) {
		for (int i = 0; i < ACCOUNTS; i++) {
			Member member = members.get(i % members.size());
			String key = "open-" + i;
			Reply reply = post(member, "/accounts", "{\"id\":\"acc-" + i + "\",\"initialBalance\":" + INITIAL + "}",
					key);
			assertThat(reply.status()).as("open acc-%d on member %d: %s", i, member.index, reply.body()).isEqualTo(200);
		}
	}

	/**
	 * The member running the {@code account-balances} worker, so that the kill moves it
	 * too (its lease expires and a survivor takes it over); else the first.
	 */
	private Member balanceProjectionOwner(List<Member> members) {
		for (Member member : members) {
			String body = get(member, "/actuator/ego/cluster").body();
			if (body.contains("\"projection\":\"account-balances\"")) {
				System.out.printf("member %d runs the account-balances worker%n", member.index);
				return member;
			}
		}
		return members.get(0);
	}

	private void assertJournalExact(String database, Load load, Member survivor) throws SQLException {
		Map<String, long[]> journal = new HashMap<>();
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT persistence_id, COUNT(*), MIN(seq_nr), MAX(seq_nr) "
						+ "FROM ego_journal WHERE entity_type = 'account' GROUP BY persistence_id")) {
			while (rows.next()) {
				journal.put(rows.getString(1), new long[] { rows.getLong(2), rows.getLong(3), rows.getLong(4) });
			}
		}
		assertThat(journal).as("accounts in the journal").hasSize(ACCOUNTS);
		for (int i = 0; i < ACCOUNTS; i++) {
			String id = "acc-" + i;
			List<Long> revisions = load.revisions(id);
			long[] events = journal.get("account|" + id);
			assertThat(events).as("journal of %s", id).isNotNull();
			assertThat(events[0]).as("events of %s: 1 open + the acknowledged credits", id)
				.isEqualTo(1 + revisions.size());
			assertThat(events[1]).as("first sequence number of %s", id).isEqualTo(1);
			assertThat(events[2]).as("last sequence number of %s", id).isEqualTo(events[0]);
			// each acknowledged credit answered its own revision: 2..n+1, none twice
			assertThat(revisions).as("revisions acknowledged for %s", id)
				.containsExactlyInAnyOrderElementsOf(
						IntStream.rangeClosed(2, 1 + revisions.size()).mapToObj(Long::valueOf).toList());
			Reply account = get(survivor, "/accounts/" + id);
			assertThat(number(account.body(), "balance")).as("balance of %s", id)
				.isEqualTo(INITIAL + load.credited(id));
			assertThat(number(account.body(), "revision")).as("revision of %s", id).isEqualTo(events[2]);
		}
	}

	private void assertReadModelEqualsJournal(String database, Load load) throws SQLException {
		String behind = "SELECT COUNT(*) FROM (SELECT persistence_id, MAX(seq_nr) AS seq_nr FROM ego_journal "
				+ "WHERE entity_type = 'account' GROUP BY persistence_id) j "
				+ "FULL JOIN account_balance b ON b.account_id = substring(j.persistence_id from 9) "
				+ "WHERE b.account_id IS NULL OR j.persistence_id IS NULL OR b.last_sequence_nr <> j.seq_nr";
		long started = System.nanoTime();
		await().atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(count(database, behind)).as("read model rows behind the journal").isZero());
		System.out.printf("account_balance caught up with the journal %.1f s after the load%n",
				(System.nanoTime() - started) / 1e9);
		Map<String, Long> balances = new HashMap<>();
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT account_id, balance FROM account_balance")) {
			while (rows.next()) {
				balances.put(rows.getString(1), rows.getLong(2));
			}
		}
		assertThat(balances).as("read model rows").hasSize(ACCOUNTS);
		for (int i = 0; i < ACCOUNTS; i++) {
			String id = "acc-" + i;
			assertThat(balances.get(id)).as("read model balance of %s", id).isEqualTo(INITIAL + load.credited(id));
		}
	}

	private static long count(String database, String sql) throws SQLException {
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private Reply get(Member member, String path) {
		return send(member, HttpRequest.newBuilder(member.uri(path)).header("Authorization", OPERATOR).GET());
	}

	private Reply post(Member member, String path, String json, String key) {
		return send(member,
				HttpRequest.newBuilder(member.uri(path))
					.header("Content-Type", "application/json")
					.header("Idempotency-Key", key)
					.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private Reply send(Member member, HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(15)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new Reply(-1, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Reply(-1, ex.toString());
		}
	}

	private static long number(String json, String field) {
		Matcher matcher = NUMBER.matcher(json);
		while (matcher.find()) {
			if (matcher.group(1).equals(field)) {
				return Long.parseLong(matcher.group(2));
			}
		}
		return -1;
	}

	private static int[] freePorts() throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < MEMBERS; i++) {
				ServerSocket socket = new ServerSocket(0);
				socket.setReuseAddress(true);
				sockets.add(socket);
			}
			return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	private static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(SERVER + database + "?connectTimeout=2", "postgres", "");
	}

	private static boolean createDatabase(String database) {
		try (Connection server = connect("postgres"); Statement statement = server.createStatement()) {
			statement.execute("CREATE DATABASE " + database);
			return true;
		}
		catch (SQLException unreachable) {
			return false;
		}
	}

	private static void dropDatabase(String database) throws SQLException {
		try (Connection server = connect("postgres"); Statement statement = server.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
	}

	private record Reply(int status, String body) {
	}

	/** One member: its process and ports. */
	private record Member(int index, int httpPort, int clusterPort, Process process, Path log) {

		URI uri(String path) {
			return URI.create("http://127.0.0.1:" + this.httpPort + path);
		}

		boolean alive() {
			return this.process.isAlive();
		}

		/** SIGKILL on Linux; waits until the process is gone. */
		void kill() {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void printTail() {
			try {
				List<String> lines = Files.readAllLines(this.log);
				System.out.printf("--- member %d (%s), last lines:%n", this.index, this.log);
				lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
			}
			catch (IOException ex) {
				System.out.printf("--- member %d: no log (%s)%n", this.index, ex);
			}
		}

	}

	/**
	 * Callers sending credits, each with its own idempotency key, to random accounts
	 * through random live members; a command whose reply is not a success is sent again
	 * with the same key, to a live member, until it succeeds or {@link #ATTEMPTS} were
	 * made.
	 */
	private final class Load {

		private final List<Member> members;

		private final Map<String, List<Long>> revisions = new ConcurrentHashMap<>();

		private final Map<String, Long> credits = new ConcurrentHashMap<>();

		/** Nanosecond start and latency of each acknowledged command. */
		private final List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());

		final List<String> gaveUp = new CopyOnWriteArrayList<>();

		final AtomicInteger resent = new AtomicInteger();

		final Map<Integer, AtomicInteger> resentByStatus = new ConcurrentHashMap<>();

		private volatile long killedAt;

		Load(List<Member> members) {
			this.members = members;
		}

		void run(Runnable fault) throws InterruptedException {
			AtomicBoolean stop = new AtomicBoolean();
			CountDownLatch done = new CountDownLatch(CALLERS);
			for (int c = 0; c < CALLERS; c++) {
				int caller = c;
				Thread.ofPlatform().name("caller-" + c).daemon().start(() -> {
					try {
						for (int i = 0; !stop.get(); i++) {
							send(caller, i);
						}
					}
					finally {
						done.countDown();
					}
				});
			}
			try {
				await().atMost(LOAD_BOUND).until(() -> this.latencies.size() >= CREDITS_AROUND_KILL);
				this.killedAt = System.nanoTime();
				fault.run();
				int afterKill = this.latencies.size() + CREDITS_AROUND_KILL;
				await().atMost(LOAD_BOUND).until(() -> this.latencies.size() >= afterKill);
			}
			finally {
				stop.set(true);
			}
			assertThat(done.await(ATTEMPTS * 2L, TimeUnit.SECONDS)).as("callers done").isTrue();
		}

		private void send(int caller, int i) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			String id = "acc-" + random.nextInt(ACCOUNTS);
			String key = "credit-" + caller + "-" + i;
			long amount = 1 + random.nextInt(10);
			long started = System.nanoTime();
			Member member = this.members.get((caller + i) % this.members.size());
			for (int attempt = 1;; attempt++) {
				if (!member.alive()) {
					member = live(random);
				}
				Reply reply = post(member, "/accounts/" + id + "/credit", "{\"amount\":" + amount + "}", key);
				if (reply.status() == 200) {
					this.latencies.add(new long[] { started, System.nanoTime() - started });
					this.revisions.computeIfAbsent(id, (k) -> new CopyOnWriteArrayList<>())
						.add(number(reply.body(), "revision"));
					this.credits.merge(id, amount, Long::sum);
					return;
				}
				this.resent.incrementAndGet();
				this.resentByStatus.computeIfAbsent(reply.status(), (k) -> new AtomicInteger()).incrementAndGet();
				if (attempt == ATTEMPTS) {
					this.gaveUp.add(key + " to " + id + ": " + reply);
					return;
				}
				// the same key again, to another live member after a short back-off (a
				// pause
				// between attempts, not a wait for a condition)
				member = live(random);
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private Member live(ThreadLocalRandom random) {
			List<Member> live = this.members.stream().filter(Member::alive).toList();
			return live.get(random.nextInt(live.size()));
		}

		List<Long> revisions(String id) {
			return this.revisions.getOrDefault(id, List.of());
		}

		long credited(String id) {
			return this.credits.getOrDefault(id, 0L);
		}

		void report(Member victim) {
			long[][] all;
			synchronized (this.latencies) {
				all = this.latencies.toArray(new long[0][]);
			}
			long kill = this.killedAt;
			long second = TimeUnit.SECONDS.toNanos(1);
			print("all", all, (start) -> true);
			print("before the kill", all, (start) -> start < kill);
			print("kill -1 s .. +3 s", all, (start) -> start >= kill - second && start < kill + 3 * second);
			print("after +3 s", all, (start) -> start >= kill + 3 * second);
			System.out.printf("member %d killed; %d replies not a success were sent again %s%n", victim.index,
					this.resent.get(), this.resentByStatus);
		}

		private void print(String what, long[][] all, LongPredicate window) {
			long[] sorted = Arrays.stream(all)
				.filter((sample) -> window.test(sample[0]))
				.mapToLong((s) -> s[1])
				.sorted()
				.toArray();
			if (sorted.length == 0) {
				System.out.printf("%s: no command%n", what);
				return;
			}
			System.out.printf(
					"%s: %d credits acknowledged; latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n", what,
					sorted.length, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999),
					sorted[sorted.length - 1] / 1e6);
		}

		private static double at(long[] sorted, double quantile) {
			return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
		}

	}

}
