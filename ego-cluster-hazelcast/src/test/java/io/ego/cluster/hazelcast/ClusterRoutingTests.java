package io.ego.cluster.hazelcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.ego.cluster.hazelcast.TestCluster.Node;
import io.ego.core.CommandOptions;
import io.ego.core.CommandReply;
import io.ego.core.EntityRef;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.Account;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three members in one JVM, each with an engine on one PostgreSQL database: commands sent
 * on any member reach the entity's owner and their replies come back; each entity's cell
 * lives on one member; a member killed or leaving under load loses no acknowledged
 * command and applies none twice.
 */
class ClusterRoutingTests {

	private static final int ENTITIES = 1_000;

	private static final int CALLERS = 64;

	@Test
	void commandsOnAnyMemberRunOnTheOwnerAndEachCellLivesOnOneMember() throws Exception {
		try (TestCluster cluster = new TestCluster(3)) {
			open(cluster);
			Load load = new Load(cluster, cluster.nodes);
			load.run(20);
			for (Node node : cluster.nodes) {
				assertThat(node.router.liveElsewhere())
					.as("cells of partitions owned elsewhere on member %d", node.index)
					.isZero();
			}
			assertThat(cluster.nodes.stream().mapToInt(Node::live).sum())
				.as("live cells over all members: each entity on one member")
				.isEqualTo(ENTITIES);
			assertThat(cluster.nodes).allSatisfy((node) -> assertThat(node.live()).isPositive());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(owners(cluster.nodes.get(0)).stream()
					.collect(Collectors.groupingBy((owner) -> owner, Collectors.counting())))
					.as("the ledger's six workers: two per member")
					.containsOnlyKeys(cluster.nodes.stream().map((node) -> node.engine.instanceId()).toList())
					.allSatisfy((owner, count) -> assertThat(count).isEqualTo(2)));
			assertLedgerExact(cluster);
			load.assertJournalExact(cluster.nodes.get(0));
			Node any = cluster.nodes.get(1);
			EntityRef<Account> account = any.engine.entity(AccountBehavior.class, "acc-7");
			assertThat(account.state().state().getBalance()).isEqualTo(100 + load.credited("acc-7"));
			CommandReply<Account> rejected = account.askAndWait(AccountBehavior.debit("acc-7", Long.MAX_VALUE));
			assertThat(rejected).isInstanceOf(CommandReply.Rejected.class);
			assertThat(((CommandReply.Rejected<Account>) rejected).reason()).contains("insufficient funds");
		}
	}

	@Test
	void aMemberKilledUnderLoadLosesNoAcknowledgedCommandAndAppliesNoneTwice() throws Exception {
		try (TestCluster cluster = new TestCluster(3)) {
			open(cluster);
			Node victim = cluster.nodes.get(2);
			List<Node> callers = List.of(cluster.nodes.get(0), cluster.nodes.get(1));
			Load load = new Load(cluster, callers);
			load.runWhile(60, () -> {
				victim.kill();
				cluster.awaitPartitionsOwned(2);
			});
			load.assertJournalExact(callers.get(0));
			load.report("kill");
			assertLedgerExact(cluster);
			assertThat(owners(callers.get(0))).as("the ledger's workers after the kill")
				.containsOnly(callers.get(0).engine.instanceId(), callers.get(1).engine.instanceId());
		}
	}

	@Test
	void aRollingRestartFailsNoCommand() throws Exception {
		try (TestCluster cluster = new TestCluster(3)) {
			open(cluster);
			Load load = new Load(cluster, cluster.nodes);
			load.runWhile(90, () -> {
				for (int i = 0; i < 3; i++) {
					Node leaving = cluster.nodes.get(i);
					leaving.leave();
					cluster.awaitPartitionsOwned(2);
					cluster.start(i);
					cluster.awaitPartitionsOwned(3);
				}
			});
			assertThat(load.failures).as("failed replies during the rolling restart").isEmpty();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(cluster.nodes).allSatisfy((node) -> assertThat(node.router.liveElsewhere())
							.as("cells of moved partitions left on member %d", node.index)
							.isZero()));
			load.assertJournalExact(cluster.nodes.get(0));
			load.report("rolling restart");
			assertLedgerExact(cluster);
		}
	}

	@Test
	void aSplitBrainForksNoHistoryAndConvergesAfterTheMerge() throws Exception {
		try (TestCluster cluster = new TestCluster(2, true)) {
			Node a = cluster.nodes.get(0);
			Node b = cluster.nodes.get(1);
			cluster.awaitPartitionsOwned(a, 1);
			cluster.awaitPartitionsOwned(b, 1);
			assertThat(a.router.isLocal("account|acc-1")).isTrue();
			assertThat(b.router.isLocal("account|acc-1")).as("both halves own the entity").isTrue();
			assertThat(a.engine.<Account, AccountBehavior>entity(AccountBehavior.class, "acc-1")
				.askAndWait(AccountBehavior.open("acc-1", 0))
				.isAccepted()).isTrue();
			int conflicts = 0;
			for (int i = 0; i < 40; i++) {
				Node node = (i % 2 == 0) ? a : b;
				for (int attempt = 0;; attempt++) {
					CommandReply<Account> reply = node.engine
						.<Account, AccountBehavior>entity(AccountBehavior.class, "acc-1")
						.askAndWait(AccountBehavior.credit("acc-1", 1), CommandOptions.id("split-" + i));
					if (reply.isAccepted()) {
						break;
					}
					conflicts++;
					assertThat(attempt).as("attempts of split-%d: %s", i, reply).isLessThan(10);
				}
			}
			List<PersistedEvent> events = a.events.replay("account|acc-1", 1, Long.MAX_VALUE, 1_000);
			assertThat(events).as("one history: the open and 40 credits, each once").hasSize(41);
			for (int n = 0; n < events.size(); n++) {
				assertThat(events.get(n).sequenceNr()).isEqualTo(n + 1);
			}
			System.out.printf("split brain: 40 credits alternating between the halves, %d replies not accepted "
					+ "then sent again%n", conflicts);

			b.leave();
			Node merged = cluster.start(1, cluster.name + "-0", List.of(0, 1)); // joins
																				// the
																				// first
																				// half
			cluster.awaitPartitionsOwned(a, 2);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> merged.router.ownedPartitions() > 0 && a.hazelcast.getPartitionService().isClusterSafe());
			int onA = 0;
			for (int i = 0; i < 20; i++) {
				String id = "acc-" + i;
				boolean local = a.router.isLocal("account|" + id);
				assertThat(merged.router.isLocal("account|" + id)).as("one owner of %s after the merge", id)
					.isEqualTo(!local);
				onA += local ? 1 : 0;
			}
			assertThat(onA).as("the merged cluster spreads the entities").isBetween(1, 19);
			assertThat(merged.engine.<Account, AccountBehavior>entity(AccountBehavior.class, "acc-1")
				.askAndWait(AccountBehavior.credit("acc-1", 1), CommandOptions.id("merged-1"))
				.state()
				.getBalance()).isEqualTo(41);
			assertThat(a.engine.<Account, AccountBehavior>entity(AccountBehavior.class, "acc-1").state())
				.isEqualTo(merged.engine.<Account, AccountBehavior>entity(AccountBehavior.class, "acc-1").state());
			assertThat(a.events.highestSequenceNr("account|acc-1")).isEqualTo(42);
		}
	}

	private static List<@Nullable String> owners(Node node) {
		return node.engine.projections()
			.status(TestCluster.LEDGER)
			.workers()
			.stream()
			.map(ProjectionStatus.Worker::owner)
			.toList();
	}

	/** The transactional read model catches up and then holds each event once. */
	private static void assertLedgerExact(TestCluster cluster) throws Exception {
		long events = cluster.count("SELECT COUNT(*) FROM ego_journal");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(cluster.count("SELECT COUNT(*) FROM ledger")).isGreaterThanOrEqualTo(events));
		assertThat(cluster.count("SELECT COUNT(*) FROM ledger")).as("ledger rows").isEqualTo(events);
		assertThat(cluster.count("SELECT COUNT(*) FROM (SELECT persistence_id, seq_nr FROM ledger "
				+ "GROUP BY persistence_id, seq_nr HAVING COUNT(*) > 1) twice"))
			.as("events handled twice")
			.isZero();
	}

	private static void open(TestCluster cluster) {
		List<Node> nodes = cluster.nodes;
		for (int i = 0; i < ENTITIES; i++) {
			Node node = nodes.get(i % nodes.size());
			CommandReply<Account> reply = node.engine
				.<Account, AccountBehavior>entity(AccountBehavior.class, "acc-" + i)
				.askAndWait(AccountBehavior.open("acc-" + i, 100));
			assertThat(reply.isAccepted()).as("open acc-%d: %s", i, reply).isTrue();
		}
	}

	/**
	 * Callers sending credits with command ids to random entities through the members
	 * given (the same member's list is read again after a restart); a command whose reply
	 * is not accepted is sent again with the same id until it is.
	 */
	private static final class Load {

		private final TestCluster cluster;

		private final List<Integer> entry;

		private final Map<String, List<String>> sent = new ConcurrentHashMap<>();

		private final Map<String, AtomicLong> credits = new ConcurrentHashMap<>();

		final AtomicInteger failedReplies = new AtomicInteger();

		final List<String> failures = new CopyOnWriteArrayList<>();

		private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

		Load(TestCluster cluster, List<Node> through) {
			this.cluster = cluster;
			this.entry = through.stream().map((node) -> node.index).toList();
		}

		void run(int perCaller) throws InterruptedException {
			CountDownLatch done = new CountDownLatch(CALLERS);
			for (int c = 0; c < CALLERS; c++) {
				int caller = c;
				Thread.ofVirtual().start(() -> {
					try {
						for (int i = 0; i < perCaller; i++) {
							send(caller, i);
						}
					}
					finally {
						done.countDown();
					}
				});
			}
			assertThat(done.await(120, TimeUnit.SECONDS)).as("callers done").isTrue();
		}

		void runWhile(int seconds, Runnable fault) throws InterruptedException {
			AtomicBoolean stop = new AtomicBoolean();
			CountDownLatch warm = new CountDownLatch(CALLERS);
			CountDownLatch done = new CountDownLatch(CALLERS);
			for (int c = 0; c < CALLERS; c++) {
				int caller = c;
				Thread.ofVirtual().start(() -> {
					try {
						int i = 0;
						while (!stop.get()) {
							send(caller, i++);
							if (i == 5) {
								warm.countDown();
							}
						}
					}
					finally {
						if (warm.getCount() > 0) {
							warm.countDown();
						}
						done.countDown();
					}
				});
			}
			assertThat(warm.await(seconds, TimeUnit.SECONDS)).isTrue();
			fault.run();
			// commands after the fault, too: every caller gets five more acknowledged
			int afterFault = this.latencies.size() + 5 * CALLERS;
			await().atMost(Duration.ofSeconds(seconds)).until(() -> this.latencies.size() >= afterFault);
			stop.set(true);
			assertThat(done.await(seconds, TimeUnit.SECONDS)).as("callers done").isTrue();
		}

		private void send(int caller, int i) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			String id = "acc-" + random.nextInt(ENTITIES);
			String commandId = "c" + caller + "-" + i;
			long amount = 1 + random.nextInt(10);
			long started = System.nanoTime();
			for (int attempt = 0;; attempt++) {
				Node node = this.cluster.nodes.get(this.entry.get(random.nextInt(this.entry.size())));
				if (!node.enter()) {
					continue; // leaving: the request goes to another member
				}
				CommandReply<Account> reply;
				try {
					reply = node.engine.<Account, AccountBehavior>entity(AccountBehavior.class, id)
						.askAndWait(AccountBehavior.credit(id, amount), CommandOptions.id(commandId));
				}
				finally {
					node.exit();
				}
				if (reply.isAccepted()) {
					break;
				}
				this.failedReplies.incrementAndGet();
				this.failures.add(node.index + ": " + reply);
				assertThat(attempt).as("attempts of %s: last %s", commandId, reply).isLessThan(20);
			}
			this.latencies.add(System.nanoTime() - started);
			this.sent.computeIfAbsent(id, (key) -> Collections.synchronizedList(new ArrayList<>())).add(commandId);
			this.credits.computeIfAbsent(id, (key) -> new AtomicLong()).addAndGet(amount);
		}

		long credited(String id) {
			AtomicLong total = this.credits.get(id);
			return (total != null) ? total.get() : 0;
		}

		/** Every acknowledged command is in the journal once, sequence numbers 1..n. */
		void assertJournalExact(Node reader) {
			for (int i = 0; i < ENTITIES; i++) {
				String id = "acc-" + i;
				List<PersistedEvent> events = reader.events.replay("account|" + id, 1, Long.MAX_VALUE, 100_000);
				List<String> expected = this.sent.getOrDefault(id, List.of());
				Map<String, Integer> seen = new HashMap<>();
				for (int n = 0; n < events.size(); n++) {
					assertThat(events.get(n).sequenceNr()).as("sequence numbers of %s", id).isEqualTo(n + 1);
					String commandId = events.get(n).metadata().get("ego-command-id");
					if (commandId != null) {
						seen.merge(commandId, 1, Integer::sum);
					}
				}
				assertThat(events).as("events of %s", id).hasSize(1 + expected.size());
				for (String commandId : expected) {
					assertThat(seen.get(commandId)).as("events of command %s of %s", commandId, id).isEqualTo(1);
				}
			}
		}

		void report(String what) {
			long[] sorted;
			synchronized (this.latencies) {
				sorted = this.latencies.stream().mapToLong(Long::longValue).toArray();
			}
			Arrays.sort(sorted);
			if (sorted.length == 0) {
				return;
			}
			System.out.printf(
					"%s: %d commands, %d replies not accepted then sent again; latency p50 %.1f ms, "
							+ "p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
					what, sorted.length, this.failedReplies.get(), at(sorted, 0.50), at(sorted, 0.99),
					at(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
		}

		private static double at(long[] sorted, double quantile) {
			return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
		}

	}

}
