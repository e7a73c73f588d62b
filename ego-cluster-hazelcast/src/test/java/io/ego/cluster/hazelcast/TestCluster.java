package io.ego.cluster.hazelcast;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import com.zaxxer.hikari.HikariDataSource;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcOffsetStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.awaitility.Awaitility.await;

/**
 * Members of one Hazelcast cluster in this JVM on 127.0.0.1 (a unique cluster name and
 * free ports), each with an eGo engine on one fresh PostgreSQL database (the local
 * server).
 */
final class TestCluster implements AutoCloseable {

	private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

	/** The transactional read model: a row per event it handled. */
	static final String LEDGER = "ledger";

	/** Six workers, so that each of three members runs two. */
	private static final ProjectionSettings LEDGER_SETTINGS = ProjectionSettings.defaults()
		.withParallelism(6)
		.withTransactional(true)
		.withPullInterval(Duration.ofMillis(20))
		.withLease(Duration.ofSeconds(5), Duration.ofMillis(100));

	final String name = "ego-test-" + UUID.randomUUID().toString().substring(0, 8);

	private final String database = "ego_cl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final List<Integer> ports = new ArrayList<>();

	final List<Node> nodes = new ArrayList<>();

	TestCluster(int size) throws Exception {
		this(size, false);
	}

	/**
	 * @param size the number of members
	 * @param split whether each member is a cluster of its own (a split brain: they do
	 * not see each other)
	 */
	TestCluster(int size, boolean split) throws Exception {
		execute(POSTGRES + "postgres", "CREATE DATABASE " + this.database);
		execute(POSTGRES + this.database, "CREATE TABLE ledger (persistence_id VARCHAR(255) NOT NULL, "
				+ "seq_nr BIGINT NOT NULL, instance VARCHAR(64) NOT NULL)");
		for (int i = 0; i < size; i++) {
			this.ports.add(freePort());
		}
		for (int i = 0; i < size; i++) {
			this.nodes.add(split ? start(i, this.name + "-" + i, List.of(i)) : start(i));
		}
		if (!split) {
			awaitPartitionsOwned(size);
		}
	}

	/**
	 * Starts (or restarts) member {@code index}: its Hazelcast member, then its engine.
	 */
	Node start(int index) {
		List<Integer> all = new ArrayList<>();
		for (int i = 0; i < this.ports.size(); i++) {
			all.add(i);
		}
		return start(index, this.name, all);
	}

	/**
	 * Starts (or restarts) member {@code index} in a cluster of that name, which finds
	 * the members listed.
	 */
	Node start(int index, String clusterName, List<Integer> memberIndexes) {
		List<String> members = memberIndexes.stream().map((i) -> "127.0.0.1:" + this.ports.get(i)).toList();
		ClusterSettings settings = new ClusterSettings(clusterName, ClusterSettings.Discovery.STATIC, members,
				"127.0.0.1", this.ports.get(index), 271, 1);
		HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(settings.toConfig());
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(POSTGRES + this.database);
		pool.setUsername("postgres");
		pool.setMaximumPoolSize(8);
		JdbcStoreOptions options = JdbcStoreOptions.defaults()
			.withInitializeSchema(JdbcStoreOptions.InitializeSchema.ALWAYS);
		JdbcEventStore events = new JdbcEventStore(pool, options);
		HazelcastCommandRouter router = new HazelcastCommandRouter(hazelcast, ClusterDefaults.EXECUTOR,
				Duration.ofMillis(50));
		JdbcTemplate jdbc = new JdbcTemplate(pool);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
		String instance = "member-" + index + "-" + UUID.randomUUID().toString().substring(0, 4);
		EgoEngine engine = EgoEngine.builder()
			.instanceId(instance)
			.eventStore(events)
			.offsetStore(new JdbcOffsetStore(pool, options))
			.eventSourced("account", new AccountBehavior())
			.projectionTransactions(new ProjectionTransactions() {
				@Override
				public <T> T inTransaction(Supplier<T> work) {
					return transactions.execute((status) -> work.get());
				}
			})
			.projection(LEDGER,
					(envelope) -> jdbc.update("INSERT INTO ledger (persistence_id, seq_nr, instance) VALUES (?, ?, ?)",
							envelope.persistenceId(), envelope.sequenceNr(), instance),
					LEDGER_SETTINGS)
			.commandRouter(router)
			.build();
		Node node = new Node(index, hazelcast, router, engine, events, pool);
		if (index < this.nodes.size()) {
			this.nodes.set(index, node);
		}
		return node;
	}

	/** Waits until every partition has an owner among {@code members} running members. */
	void awaitPartitionsOwned(int members) {
		awaitPartitionsOwned(running().get(0), members);
	}

	/**
	 * Waits until the cluster of one node has that many members and owns every partition.
	 */
	void awaitPartitionsOwned(Node node, int members) {
		HazelcastInstance any = node.hazelcast;
		// safe: no migration still running, so the owners stay where they are
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.alias("the partitions of " + this.name + " owned by " + members + " members, no migration running")
			.until(() -> any.getCluster().getMembers().size() == members && allOwned(any)
					&& any.getPartitionService().isClusterSafe());
	}

	private static boolean allOwned(HazelcastInstance hazelcast) {
		for (Partition partition : hazelcast.getPartitionService().getPartitions()) {
			Member owner = partition.getOwner();
			if (owner == null) {
				return false;
			}
		}
		return true;
	}

	/**
	 * @param sql a query of one number
	 * @return its answer
	 */
	long count(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(POSTGRES + this.database, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	List<Node> running() {
		return this.nodes.stream().filter(Node::running).toList();
	}

	@Override
	public void close() throws Exception {
		for (Node node : this.nodes) {
			node.stop();
		}
		execute(POSTGRES + "postgres", "DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void execute(String url, String sql) throws SQLException {
		try (Connection server = DriverManager.getConnection(url, "postgres", "");
				Statement statement = server.createStatement()) {
			statement.execute(sql);
		}
	}

	/** One member: its Hazelcast member, router and engine. */
	static final class Node {

		final int index;

		final HazelcastInstance hazelcast;

		final HazelcastCommandRouter router;

		final EgoEngine engine;

		final JdbcEventStore events;

		private final HikariDataSource pool;

		private volatile boolean stopped;

		/**
		 * Requests taken in through this member and not answered yet, as a web server
		 * counts them for its graceful shutdown.
		 */
		private final AtomicInteger entered = new AtomicInteger();

		Node(int index, HazelcastInstance hazelcast, HazelcastCommandRouter router, EgoEngine engine,
				JdbcEventStore events, HikariDataSource pool) {
			this.index = index;
			this.hazelcast = hazelcast;
			this.router = router;
			this.engine = engine;
			this.events = events;
			this.pool = pool;
		}

		boolean running() {
			return !this.stopped;
		}

		/**
		 * Takes a request in through this member, unless it is leaving (as a web server
		 * does once its graceful shutdown began); {@link #exit()} when it is answered.
		 * @return whether the request was taken in
		 */
		boolean enter() {
			this.entered.incrementAndGet();
			if (this.stopped) {
				this.entered.decrementAndGet();
				return false;
			}
			return true;
		}

		void exit() {
			this.entered.decrementAndGet();
		}

		int live() {
			return this.router.liveEntities().values().stream().mapToInt(Integer::intValue).sum();
		}

		/**
		 * Kills the member as a crash would: its Hazelcast member vanishes without
		 * handing anything over; its engine then stops (the workers' leases are given
		 * back).
		 */
		void kill() {
			this.stopped = true;
			this.hazelcast.getLifecycleService().terminate();
			this.engine.close();
		}

		/**
		 * Leaves gracefully, in the order of a Spring Boot application's graceful
		 * shutdown: the member takes no more requests in and answers those it took (the
		 * web server), then the engine stops, then the member hands its partitions over.
		 * Commands forwarded to it by other members meanwhile are answered and sent again
		 * to the new owners.
		 */
		void leave() {
			this.stopped = true;
			await().atMost(Duration.ofSeconds(30)).until(() -> this.entered.get() == 0);
			this.engine.close();
			this.hazelcast.shutdown();
			closeStores();
		}

		void stop() {
			if (!this.stopped) {
				leave();
				return;
			}
			this.engine.close();
			if (this.hazelcast.getLifecycleService().isRunning()) {
				this.hazelcast.shutdown();
			}
			closeStores();
		}

		private void closeStores() {
			if (this.pool.isClosed()) {
				return;
			}
			this.events.close();
			this.pool.close();
		}

		@Nullable Member member() {
			return this.hazelcast.getLifecycleService().isRunning() ? this.hazelcast.getCluster().getLocalMember()
					: null;
		}

	}

}
