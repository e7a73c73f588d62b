package io.ego.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Runs the benchmarks.
 * <ul>
 * <li>{@code workloads [--runs 3] [--only W1,W2,...] [--jdbc-url URL] [--mariadb-url URL]}:
 * every workload of WORKLOADS.md (and W3-state), each run in a fresh JVM
 * ({@code -Xms4g -Xmx4g -XX:+UseG1GC}); prints each run's {@code RUN} line and one
 * {@code RESULT} line per workload with the medians. W3-state-mariadb is skipped when no
 * MariaDB answers, W3-nats when no NATS server answers
 * ({@link ConnectorBroker#NATS_URL}).</li>
 * <li>{@code run WORKLOAD --jdbc-url URL [--mariadb-url URL] [--latency-breakdown]}: one
 * run of one workload in this JVM.</li>
 * <li>{@code --latency-breakdown} (with {@code workloads} or {@code run}): the journal
 * workloads (meant for W4) also print where one command's time goes
 * ({@link LatencyBreakdown}).</li>
 * <li>{@code jmh [JMH options]}: the JMH hot-path suite.</li>
 * </ul>
 */
public final class Main {

	static final List<String> ALL = List.of("W1", "W2", "W2-observed", "W2-metered", "W2-timer-floor", "W3", "W3-saga",
			"W3-kafka", "W3-nats", "W3-pulsar", "W3-noop", "W4", "W5", "W3-state", "W3-state-mariadb", "W4-mariadb",
			"W4-h2", "W4-floor", "W4-floor-txn", "W3-floor", "W3-floor-txn", "batch100-floor", "W4-floor-mariadb",
			"W4-floor-h2", "copy-h2-postgresql", "copy-postgresql-mariadb", "batch100-floor-postgresql",
			"batch100-floor-mariadb", "backfill-postgresql");

	/** The figures a {@code RESULT} line gives the median of. */
	private static final List<String> METRICS = List.of("ops_per_s", "p50_us", "p99_us", "bytes_per_op", "recovery_ms",
			"published_per_s", "published_total_per_s", "e2e_p50_ms", "e2e_p99_ms", "lag_max", "lag_mid", "lag_last",
			"lag_end", "catch_up_ms", "drain_per_s");

	/** The figures printed without decimals. */
	private static final List<String> COUNTS = List.of("ops_per_s", "bytes_per_op", "published_per_s",
			"published_total_per_s", "lag_max", "lag_mid", "lag_last", "lag_end", "drain_per_s");

	/** The options without a value. */
	private static final List<String> FLAGS = List.of("--latency-breakdown");

	private Main() {
	}

	public static void main(String[] args) throws Exception {
		String command = (args.length > 0) ? args[0] : "workloads";
		Map<String, String> options = options(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
		switch (command) {
			case "workloads" -> workloads(options);
			case "run" -> {
				String workload = args[1];
				System.out.println(new Workloads(options.get("--jdbc-url"),
						options.getOrDefault("--mariadb-url", Database.LOCAL_MARIADB_URL),
						options.containsKey("--latency-breakdown"))
					.run(workload));
			}
			// fully qualified: JMH's Main, not this class
			case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
			default -> throw new IllegalArgumentException("usage: workloads | run WORKLOAD | jmh");
		}
		System.exit(0);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (FLAGS.contains(args[i])) {
				options.put(args[i], "true");
			}
			else if (args[i].startsWith("--") && i + 1 < args.length) {
				options.put(args[i], args[++i]);
			}
		}
		return options;
	}

	private static void workloads(Map<String, String> options) throws Exception {
		int runs = Integer.parseInt(options.getOrDefault("--runs", "3"));
		List<String> workloads = new ArrayList<>(
				options.containsKey("--only") ? List.of(options.get("--only").split(",")) : ALL);
		String mariadbUrl = options.getOrDefault("--mariadb-url", Database.LOCAL_MARIADB_URL);
		if (workloads.stream().anyMatch((w) -> w.endsWith("-mariadb")) && !Database.reachable(mariadbUrl)) {
			System.err
				.println("Skipping the MariaDB workloads: no MariaDB at " + mariadbUrl + " (--mariadb-url picks one)");
			workloads.removeIf((w) -> w.endsWith("-mariadb"));
		}
		if (workloads.contains("W3-nats") && !ConnectorBroker.answers(ConnectorBroker.NATS_URL)) {
			System.err.println("Skipping W3-nats: no NATS server at " + ConnectorBroker.NATS_URL
					+ " (start one with JetStream: nats-server -a 127.0.0.1 -p 4222 -js -sd <dir>; "
					+ "-Dego.bench.nats-url picks another)");
			workloads.remove("W3-nats");
		}
		try (Database database = Database.start(options.get("--jdbc-url"))) {
			Map<String, List<Map<String, String>>> results = new LinkedHashMap<>();
			for (int run = 1; run <= runs; run++) {
				for (String workload : workloads) {
					String line = runInFreshJvm(workload, database.url, mariadbUrl,
							options.containsKey("--latency-breakdown"));
					System.out.println(line + " run=" + run);
					results.computeIfAbsent(workload, (w) -> new ArrayList<>()).add(parse(line));
				}
			}
			Map<String, String> medians = new LinkedHashMap<>();
			for (Map.Entry<String, List<Map<String, String>>> entry : results.entrySet()) {
				String line = median(entry.getKey(), entry.getValue());
				medians.put(entry.getKey(), line);
				System.out.println(line);
			}
			if (medians.containsKey("W3") && medians.containsKey("W3-saga")) {
				System.out.println(compare(parse(medians.get("W3-saga")), parse(medians.get("W3"))));
			}
			for (String connector : List.of("W3-noop", "W3-kafka", "W3-nats", "W3-pulsar")) {
				if (medians.containsKey(connector)) {
					System.out.println(compareConnector(connector, parse(medians.get(connector)),
							medians.containsKey("W3") ? parse(medians.get("W3")) : null,
							(medians.containsKey("W3-kafka") && !connector.equals("W3-kafka"))
									? parse(medians.get("W3-kafka")) : null));
				}
			}
		}
	}

	private static String runInFreshJvm(String workload, String jdbcUrl, String mariadbUrl, boolean breakdown)
			throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xms4g", "-Xmx4g", "-XX:+UseG1GC",
				"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
				Main.class.getName(), "run", workload, "--jdbc-url", jdbcUrl, "--mariadb-url", mariadbUrl));
		if (breakdown) {
			command.add("--latency-breakdown");
		}
		// the -Dego.bench.* settings of the harness reach the run (before the class name)
		int at = command.indexOf(Main.class.getName());
		for (String key : System.getProperties().stringPropertyNames()) {
			if (key.startsWith("ego.bench.")) {
				command.add(at++, "-D" + key + "=" + System.getProperty(key));
			}
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		Process process = builder.start();
		String result = null;
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				if (line.startsWith("RUN ")) {
					result = line;
				}
				else if (!line.isBlank()) {
					System.err.println("  [" + workload + "] " + line);
				}
			}
		}
		int exit = process.waitFor();
		if (result == null || exit != 0) {
			return "RUN workload=" + workload + " valid=false failure=\"exit " + exit + "\"";
		}
		return result;
	}

	/**
	 * W3-saga's goal: a transfer completes at at least 30% of W3's commands per second.
	 */
	private static String compare(Map<String, String> saga, Map<String, String> w3) {
		double transfers = Double.parseDouble(saga.getOrDefault("ops_per_s", "NaN"));
		double commands = Double.parseDouble(w3.getOrDefault("ops_per_s", "NaN"));
		double ratio = transfers / commands;
		return String.format(Locale.ROOT,
				"COMPARE workload=W3-saga transfers_per_s=%.0f w3_commands_per_s=%.0f ratio=%.3f goal=0.30 met=%s",
				transfers, commands, ratio, ratio >= 0.30);
	}

	/**
	 * A connector workload's goals: the publisher keeps up with W3's load (its lag does
	 * not grow) and its end-to-end p99 is at most 1 s; beside W3's commands per second in
	 * the same call and the Kafka publisher's figures, the reference.
	 */
	private static String compareConnector(String workload, Map<String, String> connector,
			@Nullable Map<String, String> w3, @Nullable Map<String, String> kafka) {
		double ops = number(connector, "ops_per_s");
		double published = number(connector, "published_per_s");
		double p99 = number(connector, "e2e_p99_ms");
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
				"COMPARE workload=%s ops_per_s=%.0f published_per_s=%.0f drain_per_s=%.0f e2e_p99_ms=%.1f", workload,
				ops, published, number(connector, "drain_per_s"), p99));
		if (w3 != null) {
			double w3Ops = number(w3, "ops_per_s");
			line.append(String.format(Locale.ROOT, " w3_ops_per_s=%.0f ops_vs_w3=%.3f", w3Ops, ops / w3Ops));
		}
		if (kafka != null) {
			line.append(String.format(Locale.ROOT,
					" kafka_published_per_s=%.0f published_vs_kafka=%.3f drain_vs_kafka=%.3f kafka_e2e_p99_ms=%.1f "
							+ "e2e_p99_vs_kafka=%.2f",
					number(kafka, "published_per_s"), published / number(kafka, "published_per_s"),
					number(connector, "drain_per_s") / number(kafka, "drain_per_s"), number(kafka, "e2e_p99_ms"),
					p99 / number(kafka, "e2e_p99_ms")));
		}
		boolean keepsUp = "true".equals(connector.get("keeps_up"));
		line.append(" keeps_up=")
			.append(keepsUp)
			.append(" e2e_p99_goal_ms=1000 met=")
			.append(keepsUp && p99 <= 1000 && "true".equals(connector.get("valid")));
		return line.toString();
	}

	private static double number(Map<String, String> values, String key) {
		return Double.parseDouble(values.getOrDefault(key, "NaN"));
	}

	private static Map<String, String> parse(String line) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String part : line.substring(line.indexOf(' ') + 1).split(" (?=[a-z0-9_]+=)")) {
			int eq = part.indexOf('=');
			if (eq > 0) {
				values.put(part.substring(0, eq), part.substring(eq + 1));
			}
		}
		return values;
	}

	private static String median(String workload, List<Map<String, String>> runs) {
		Map<String, String> first = runs.get(0);
		StringBuilder line = new StringBuilder(
				"RESULT framework=" + first.getOrDefault("framework", "?") + " workload=" + workload);
		for (String metric : METRICS) {
			if (first.containsKey(metric)) {
				double[] values = runs.stream()
					.mapToDouble((r) -> Double.parseDouble(r.getOrDefault(metric, "NaN")))
					.sorted()
					.toArray();
				double median = values[values.length / 2];
				line.append(' ')
					.append(metric)
					.append('=')
					.append(COUNTS.contains(metric) ? String.format(Locale.ROOT, "%.0f", median)
							: String.format(Locale.ROOT, "%.1f", median));
			}
		}
		if (first.containsKey("keeps_up")) {
			line.append(" keeps_up=").append(runs.stream().allMatch((r) -> "true".equals(r.get("keeps_up"))));
		}
		boolean valid = runs.stream().allMatch((r) -> "true".equals(r.get("valid")));
		line.append(" n=")
			.append(runs.size())
			.append(" valid=")
			.append(valid)
			.append(" jdk=")
			.append(first.getOrDefault("jdk", Runtime.version().toString()));
		return line.toString();
	}

}
