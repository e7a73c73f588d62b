package io.ego.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import io.ego.core.store.EventStore;
import org.jspecify.annotations.Nullable;

/**
 * W4's {@code --latency-breakdown}: where the time of one sequential command goes. The
 * benchmark wraps the engine's {@link EventStore} and the pool's {@link DataSource} in
 * timing proxies (the engine and the stores are unchanged: the probes exist only in this
 * benchmark), and records, per command, the spans between the caller's call, the store's
 * append, every JDBC call (getting the connection, each statement, commit, auto-commit
 * switches, closing) and the reply. {@link #report()} prints the median and mean of every
 * stage over the measured round:
 * <ul>
 * <li>{@code cell}: the caller's call until the store's {@code append} (mailbox, handler,
 * encoding);</li>
 * <li>{@code handoff}: {@code append} until the first JDBC call, on the thread that makes
 * it (the queue and the wake-up of the journal writer thread, when there is one);</li>
 * <li>one stage per JDBC call kind ({@code getConnection}, {@code SELECT ...},
 * {@code WITH ...}, {@code commit}, {@code setAutoCommit}, {@code close}), and
 * {@code jdbc-gaps}, the time between them (the store's own Java work);</li>
 * <li>{@code wakeup}: the last JDBC call until {@code append} returns on the caller
 * (answering the caller's future and its wake-up);</li>
 * <li>{@code reply}: {@code append}'s return until the caller has its reply (state
 * update, reply, hand-back).</li>
 * </ul>
 * Only meant for sequential workloads: it keeps one command's spans at a time.
 */
final class LatencyBreakdown {

	private static final Set<String> TIMED_CONNECTION_CALLS = Set.of("commit", "rollback", "setAutoCommit", "close",
			"setTransactionIsolation");

	private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
			"executeLargeUpdate");

	private final Object lock = new Object();

	/** The spans of the current command: label, start, end, thread. */
	private final List<Span> spans = new ArrayList<>();

	private final Map<String, List<Long>> stages = new LinkedHashMap<>();

	private final Map<String, Integer> threads = new LinkedHashMap<>();

	private volatile boolean recording;

	private long commandStart;

	private int commands;

	private record Span(String label, long start, long end, String thread) {
	}

	/** Starts recording (the measured round); spans of earlier rounds are dropped. */
	void start() {
		synchronized (this.lock) {
			this.stages.clear();
			this.threads.clear();
			this.commands = 0;
			this.recording = true;
		}
	}

	/** Marks the caller's call. */
	void commandStarted() {
		if (this.recording) {
			synchronized (this.lock) {
				this.spans.clear();
				this.commandStart = System.nanoTime();
			}
		}
	}

	/** Marks the reply and folds the command's spans into the stages. */
	void commandEnded() {
		if (!this.recording) {
			return;
		}
		long end = System.nanoTime();
		synchronized (this.lock) {
			Span append = null;
			List<Span> jdbc = new ArrayList<>();
			for (Span span : this.spans) {
				if (span.label.equals("append")) {
					append = span;
				}
				else {
					jdbc.add(span);
				}
			}
			this.commands++;
			if (append == null) {
				add("no-append", end - this.commandStart);
				return;
			}
			add("cell", append.start - this.commandStart);
			jdbc.sort((a, b) -> Long.compare(a.start, b.start));
			long cursor = append.start;
			boolean first = true;
			long gaps = 0;
			for (Span span : jdbc) {
				if (span.start < append.start || span.end > append.end) {
					add("outside-append " + span.label, span.end - span.start);
					continue;
				}
				if (first) {
					add("handoff", span.start - cursor);
					this.threads.merge(span.thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
					first = false;
				}
				else {
					gaps += Math.max(0, span.start - cursor);
				}
				add(span.label, span.end - span.start);
				cursor = span.end;
			}
			if (!first) {
				add("jdbc-gaps", gaps);
			}
			add("wakeup", append.end - cursor);
			add("reply", end - append.end);
			add("total", end - this.commandStart);
		}
	}

	private void add(String stage, long nanos) {
		this.stages.computeIfAbsent(stage, (s) -> new ArrayList<>()).add(nanos);
	}

	private void record(String label, long start) {
		long end = System.nanoTime();
		if (this.recording) {
			synchronized (this.lock) {
				this.spans.add(new Span(label, start, end, Thread.currentThread().getName()));
			}
		}
	}

	/**
	 * Prints one {@code BREAKDOWN} line per stage: median and mean in microseconds, and
	 * how many times it occurred per command.
	 * @return the lines
	 */
	String report() {
		synchronized (this.lock) {
			StringBuilder out = new StringBuilder();
			for (Map.Entry<String, List<Long>> stage : this.stages.entrySet()) {
				long[] values = stage.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
				double mean = stage.getValue().stream().mapToLong(Long::longValue).average().orElse(0);
				out.append(
						String.format(Locale.ROOT, "BREAKDOWN stage=\"%s\" p50_us=%.1f mean_us=%.1f per_command=%.2f%n",
								stage.getKey(), ClosedLoop.nearestRank(values, 0.5) / 1e3, mean / 1e3,
								(double) values.length / Math.max(1, this.commands)));
			}
			out.append("BREAKDOWN commands=")
				.append(this.commands)
				.append(" jdbc_thread=")
				.append(this.threads)
				.append(System.lineSeparator());
			return out.toString();
		}
	}

	/**
	 * Wraps an event store: its {@code append} is timed.
	 * @param store the store
	 * @return the timed store
	 */
	EventStore wrap(EventStore store) {
		return proxy(EventStore.class, store, (method) -> method.getName().equals("append") ? "append" : null);
	}

	/**
	 * Wraps a data source: getting a connection and the calls on it are timed.
	 * @param dataSource the pool
	 * @return the timed data source
	 */
	DataSource wrap(DataSource dataSource) {
		return (DataSource) Proxy.newProxyInstance(LatencyBreakdown.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					if (!method.getName().equals("getConnection")) {
						return invoke(method, dataSource, args);
					}
					long start = System.nanoTime();
					Connection connection = (Connection) Objects.requireNonNull(invoke(method, dataSource, args));
					record("getConnection", start);
					return connection(connection);
				});
	}

	private Connection connection(Connection connection) {
		return (Connection) Proxy.newProxyInstance(LatencyBreakdown.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					String name = method.getName();
					if (name.equals("prepareStatement") && args != null && args[0] instanceof String sql) {
						return statement(PreparedStatement.class,
								Objects.requireNonNull(invoke(method, connection, args)), label(sql));
					}
					if (name.equals("createStatement")) {
						return statement(Statement.class, Objects.requireNonNull(invoke(method, connection, args)),
								null);
					}
					if (!TIMED_CONNECTION_CALLS.contains(name)) {
						return invoke(method, connection, args);
					}
					long start = System.nanoTime();
					try {
						return invoke(method, connection, args);
					}
					finally {
						record(name.equals("setAutoCommit") ? "setAutoCommit(" + args[0] + ")" : name, start);
					}
				});
	}

	private Object statement(Class<? extends Statement> type, Object statement, @Nullable String label) {
		return Proxy.newProxyInstance(LatencyBreakdown.class.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> {
					if (!EXECUTES.contains(method.getName())) {
						return invoke(method, statement, args);
					}
					long start = System.nanoTime();
					try {
						return invoke(method, statement, args);
					}
					finally {
						record((label != null) ? label
								: (args != null && args[0] instanceof String sql) ? label(sql) : method.getName(),
								start);
					}
				});
	}

	/** The first words of a statement, enough to tell it: {@code SELECT i.id, ...}. */
	private static String label(String sql) {
		String flat = sql.replaceAll("\\s+", " ").trim();
		return "sql " + ((flat.length() > 60) ? flat.substring(0, 60) + "..." : flat);
	}

	private <T> T proxy(Class<T> type, T target, Function<Method, @Nullable String> timed) {
		InvocationHandler handler = (proxy, method, args) -> {
			String label = timed.apply(method);
			if (label == null) {
				return invoke(method, target, args);
			}
			long start = System.nanoTime();
			try {
				return invoke(method, target, args);
			}
			finally {
				record(label, start);
			}
		};
		return type
			.cast(Proxy.newProxyInstance(LatencyBreakdown.class.getClassLoader(), new Class<?>[] { type }, handler));
	}

	private static @Nullable Object invoke(Method method, Object target, @Nullable Object @Nullable [] args)
			throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
