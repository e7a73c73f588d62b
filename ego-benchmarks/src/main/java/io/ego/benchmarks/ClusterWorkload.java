package io.ego.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.partition.Partition;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.OpenAccount;
import io.ego.cluster.hazelcast.ClusterDefaults;
import io.ego.cluster.hazelcast.ClusterSettings;
import io.ego.cluster.hazelcast.HazelcastCommandRouter;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EntityRef;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.cluster.ForwardedCommand;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.cluster.LocalCommands;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;

/**
 * The cluster workloads (issue 17): W2's shape (in-memory stores, 1,000 entities) on a
 * cluster of three Hazelcast members in this JVM on 127.0.0.1, with every command
 * entering on its entity's owner ({@code -local}) or on another member
 * ({@code -forwarded}), and Hazelcast's own keyed call ({@code submitToKeyOwner} of a
 * task that does nothing) from a non-owner as the floor of the hop. Every round starts
 * fresh engines on fresh stores, as W2 does. {@code W2-*} have 64 callers
 * ({@code W2-member-local}: a cluster of one member); {@code hop-*} one caller, so that
 * their p50 is the cost of one command without queueing.
 *
 * @author eGo team
 * @since 0.3.0
 */
final class ClusterWorkload {

	private static final int ENTITIES = 1_000;

	/** The Hazelcast executor of the floor's keyed calls. */
	private static final String FLOOR_EXECUTOR = "ego-bench-floor";

	private ClusterWorkload() {
	}

	/**
	 * @param workload {@code W2-cluster-local}, {@code W2-cluster-forwarded},
	 * {@code W2-cluster-floor}, {@code hop-local}, {@code hop-forwarded} or
	 * {@code hop-floor}
	 * @return the result line
	 */
	static String run(String workload) throws Exception {
		if (workload.equals("W2-router-local")) {
			return routerLocal();
		}
		int size = workload.equals("W2-member-local") ? 1 : 3;
		boolean sequential = workload.startsWith("hop-");
		int callers = sequential ? 1 : 64;
		int n = sequential ? 20_000 : 200_000;
		try (Cluster cluster = new Cluster(size)) {
			ClosedLoop.Outcome outcome = null;
			for (int round = 0; round < 3; round++) {
				cluster.open("r" + round + "-");
				outcome = ClosedLoop.run(target(cluster, workload), ENTITIES, callers, n);
			}
			return String.format(Locale.ROOT,
					"RUN framework=ego workload=%s ops_per_s=%.0f p50_us=%.1f p99_us=%.1f bytes_per_op=%d ops=%d "
							+ "valid=%s members=%d jdk=%s",
					workload, outcome.opsPerSecond(), outcome.p50Micros(), outcome.p99Micros(), outcome.bytesPerOp(), n,
					outcome.valid(), size, Runtime.version());
		}
	}

	/**
	 * W2 on one engine whose router owns every entity, without Hazelcast: what the
	 * cluster SPI itself costs on the local path (the router check, the persistence id,
	 * the ownership test).
	 */
	private static String routerLocal() throws Exception {
		ClosedLoop.Outcome outcome = null;
		int n = 200_000;
		for (int round = 0; round < 4; round++) {
			try (EgoEngine engine = EgoEngine.builder()
				.inMemoryStores()
				.eventSourced("account", new BenchAccountBehavior())
				.commandRouter(new AllLocal())
				.build()) {
				List<EntityRef<Account>> refs = new ArrayList<>();
				String[] ids = new String[ENTITIES];
				for (int e = 0; e < ENTITIES; e++) {
					ids[e] = String.format("acc-%05d", e);
					refs.add(engine.entity("account", ids[e]));
					refs.get(e)
						.askAndWait(OpenAccount.newBuilder().setAccountId(ids[e]).setInitialBalance(1000).build());
				}
				outcome = ClosedLoop.run((entity, amount) -> refs.get(entity)
					.askAndWait(CreditAccount.newBuilder().setAccountId(ids[entity]).setAmount(amount).build())
					.state()
					.getBalance(), ENTITIES, 64, n);
			}
		}
		return String.format(Locale.ROOT,
				"RUN framework=ego workload=W2-router-local ops_per_s=%.0f p50_us=%.1f p99_us=%.1f bytes_per_op=%d "
						+ "ops=%d valid=%s jdk=%s",
				outcome.opsPerSecond(), outcome.p50Micros(), outcome.p99Micros(), outcome.bytesPerOp(), n,
				outcome.valid(), Runtime.version());
	}

	/** A router owning every entity. */
	private static final class AllLocal implements CommandRouter {

		@Override
		public void start(LocalCommands local) {
		}

		@Override
		public boolean isLocal(String persistenceId) {
			return true;
		}

		@Override
		public boolean isLocal(String entityType, String entityId) {
			return true;
		}

		@Override
		public CompletableFuture<ForwardedReply> forward(ForwardedCommand command) {
			return CompletableFuture.failedFuture(new IllegalStateException("every entity is local"));
		}

	}

	private static ClosedLoop.Target target(Cluster cluster, String workload) {
		if (workload.endsWith("-floor")) {
			return (entity, amount) -> cluster.nonOwner(entity).hazelcast.getExecutorService(FLOOR_EXECUTOR)
				.submitToKeyOwner(new Echo(amount), cluster.persistenceIds[entity])
				.get();
		}
		boolean forwarded = workload.endsWith("-forwarded");
		List<List<EntityRef<Account>>> refs = new ArrayList<>();
		for (Member member : cluster.members) {
			List<EntityRef<Account>> mine = new ArrayList<>();
			for (int e = 0; e < ENTITIES; e++) {
				mine.add(member.engine.entity("account", cluster.ids[e]));
			}
			refs.add(mine);
		}
		return (entity, amount) -> {
			Member member = forwarded ? cluster.nonOwner(entity) : cluster.owner(entity);
			CommandReply<Account> reply = refs.get(member.index)
				.get(entity)
				.askAndWait(CreditAccount.newBuilder().setAccountId(cluster.ids[entity]).setAmount(amount).build());
			return reply.state().getBalance();
		};
	}

	/**
	 * Hazelcast members, each with an engine on one set of in-memory stores per round.
	 */
	private static final class Cluster implements AutoCloseable {

		/** The members' engines of the current round. */
		final List<Member> members = new ArrayList<>();

		/** The Hazelcast members, started once for every round. */
		private final List<HazelcastInstance> instances = new ArrayList<>();

		final String[] ids = new String[ENTITIES];

		final String[] persistenceIds = new String[ENTITIES];

		/** The owner of each entity, by member index, read once the cluster stands. */
		private final int[] owners = new int[ENTITIES];

		private final int size;

		Cluster(int size) throws Exception {
			this.size = size;
			String name = "ego-bench-" + UUID.randomUUID().toString().substring(0, 8);
			List<String> addresses = new ArrayList<>();
			List<Integer> ports = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				int port = freePort();
				ports.add(port);
				addresses.add("127.0.0.1:" + port);
			}
			for (int i = 0; i < size; i++) {
				Config config = new ClusterSettings(name, ClusterSettings.Discovery.STATIC, addresses, "127.0.0.1",
						ports.get(i), 271, 1)
					.toConfig();
				// the floor's executor: as many threads as callers
				config.getExecutorConfig(FLOOR_EXECUTOR).setPoolSize(64);
				this.instances.add(Hazelcast.newHazelcastInstance(config));
			}
			awaitOwners();
		}

		/**
		 * Starts fresh engines (one per member, on one new set of in-memory stores, as W2
		 * starts a fresh engine every round) and opens a fresh set of entities, their ids
		 * starting with the prefix.
		 */
		void open(String prefix) {
			closeEngines();
			InMemoryEventStore events = new InMemoryEventStore();
			InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
			for (int i = 0; i < this.size; i++) {
				HazelcastInstance hazelcast = this.instances.get(i);
				HazelcastCommandRouter router = new HazelcastCommandRouter(hazelcast, ClusterDefaults.EXECUTOR,
						ClusterDefaults.SWEEP_INTERVAL);
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.snapshotStore(snapshots)
					.eventSourced("account", new BenchAccountBehavior())
					.commandRouter(router)
					.build();
				this.members.add(new Member(i, hazelcast, router, engine));
			}
			for (int e = 0; e < ENTITIES; e++) {
				this.ids[e] = String.format("%sacc-%05d", prefix, e);
				this.persistenceIds[e] = "account|" + this.ids[e];
				for (Member member : this.members) {
					if (member.router.isLocal(this.persistenceIds[e])) {
						this.owners[e] = member.index;
					}
				}
				long balance = owner(e).engine.<Account>entity("account", this.ids[e])
					.askAndWait(OpenAccount.newBuilder().setAccountId(this.ids[e]).setInitialBalance(1000).build())
					.state()
					.getBalance();
				if (balance != 1000) {
					throw new IllegalStateException("open " + this.ids[e] + " replied " + balance);
				}
			}
		}

		Member owner(int entity) {
			return this.members.get(this.owners[entity]);
		}

		Member nonOwner(int entity) {
			return this.members.get((this.owners[entity] + 1) % this.size);
		}

		private void awaitOwners() throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			HazelcastInstance first = this.instances.get(0);
			while (System.nanoTime() < deadline) {
				boolean all = first.getCluster().getMembers().size() == this.size;
				for (Partition partition : first.getPartitionService().getPartitions()) {
					all &= partition.getOwner() != null;
				}
				if (all) {
					return;
				}
				Thread.sleep(20);
			}
			throw new IllegalStateException("the cluster did not form within 60 s");
		}

		@Override
		public void close() {
			closeEngines();
			for (HazelcastInstance hazelcast : this.instances) {
				hazelcast.shutdown();
			}
		}

		private void closeEngines() {
			for (Member member : this.members) {
				member.engine.close();
			}
			this.members.clear();
		}

		private static int freePort() {
			try (ServerSocket socket = new ServerSocket(0)) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private record Member(int index, HazelcastInstance hazelcast, HazelcastCommandRouter router, EgoEngine engine) {
	}

	/** The floor's task: returns its argument. */
	static final class Echo implements Callable<Long>, DataSerializable {

		private long value;

		/** For Hazelcast's deserialization. */
		Echo() {
		}

		Echo(long value) {
			this.value = value;
		}

		@Override
		public Long call() {
			return this.value;
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeLong(this.value);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			this.value = in.readLong();
		}

	}

}
