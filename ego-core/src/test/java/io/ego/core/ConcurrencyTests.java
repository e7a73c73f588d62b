package io.ego.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.InstrumentedEventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.GetAccount;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many callers, many entities, with and without injected write failures: replies are
 * correlated to their commands, accepted events are durable, histories stay linear.
 */
class ConcurrencyTests {

	private static final int CALLERS = 64;

	private static final int ENTITIES = 1_000;

	@Test
	void concurrentCallersGetTheirOwnRepliesAndBalancesAddUp() throws Exception {
		InMemoryEventStore journal = new InMemoryEventStore();
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(journal)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			openAll(engine);
			Map<String, LongAdder> credited = new ConcurrentHashMap<>();
			List<String> errors = runCallers(engine, 300, credited, null);
			assertThat(errors).isEmpty();
			for (int e = 0; e < ENTITIES; e++) {
				String id = id(e);
				long expected = 1000 + credited.getOrDefault(id, new LongAdder()).sum();
				assertThat(engine.entity(AccountBehavior.class, id)
					.askAndWait(GetAccount.getDefaultInstance())
					.state()
					.getBalance()).as(id).isEqualTo(expected);
				assertLinearHistory(journal, id);
			}
		}
	}

	@Test
	void injectedWriteFailuresFailExactlyTheirCommands() throws Exception {
		InMemoryEventStore journal = new InMemoryEventStore();
		InstrumentedEventStore flaky = new InstrumentedEventStore(journal);
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(flaky)
			.eventSourced("account", new AccountBehavior(),
					EntitySettings.defaults().withBatching(8, Duration.ofMillis(1)))
			.build()) {
			openAll(engine);
			flaky.failing(0.05, 0.0);
			Map<String, LongAdder> credited = new ConcurrentHashMap<>();
			// "id#revision" -> amount
			Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
			List<String> errors = runCallers(engine, 100, credited, acceptedAt);
			assertThat(errors).isEmpty();
			assertThat(flaky.failuresBeforeWrite.get()).isPositive();
			for (int e = 0; e < ENTITIES; e++) {
				String id = id(e);
				List<PersistedEvent> history = assertLinearHistory(journal, id);
				long sum = 1000;
				for (PersistedEvent event : history.subList(1, history.size())) {
					sum += AccountCredited.parseFrom(event.payload()).getAmount();
				}
				// failures before the write leave nothing behind: the journal holds
				// exactly the accepted commands
				assertThat(sum).as(id).isEqualTo(1000 + credited.getOrDefault(id, new LongAdder()).sum());
				assertThat(engine.entity(AccountBehavior.class, id)
					.askAndWait(GetAccount.getDefaultInstance())
					.state()
					.getBalance()).as(id).isEqualTo(sum);
			}
			// every accepted reply names the revision at which the journal holds that
			// caller's own event
			acceptedAt.forEach((key, amount) -> {
				String id = key.substring(0, key.indexOf('#'));
				long revision = Long.parseLong(key.substring(key.indexOf('#') + 1));
				PersistedEvent event = journal.replay("account|" + id, revision, revision, 1).get(0);
				try {
					assertThat(AccountCredited.parseFrom(event.payload()).getAmount()).as(key).isEqualTo(amount);
				}
				catch (InvalidProtocolBufferException ex) {
					throw new AssertionError(ex);
				}
			});
		}
	}

	@Test
	void failuresAfterTheWriteNeverCorruptTheHistory() throws Exception {
		InMemoryEventStore journal = new InMemoryEventStore();
		InstrumentedEventStore flaky = new InstrumentedEventStore(journal);
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(flaky)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			openAll(engine);
			flaky.failing(0.02, 0.03);
			Map<String, LongAdder> credited = new ConcurrentHashMap<>();
			Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
			assertThat(runCallers(engine, 100, credited, acceptedAt)).isEmpty();
			assertThat(flaky.failuresAfterWrite.get()).isPositive();
			assertThat(this.unknown).isNotEmpty();
			flaky.failing(0, 0);
			for (int e = 0; e < ENTITIES; e++) {
				String id = id(e);
				List<PersistedEvent> history = assertLinearHistory(journal, id);
				long sum = 1000;
				for (PersistedEvent event : history.subList(1, history.size())) {
					sum += AccountCredited.parseFrom(event.payload()).getAmount();
				}
				// a failure reported after the write is an unknown outcome: the journal
				// may hold more than was accepted, but never more than accepted +
				// unknown, and never a command answered "not written"
				long accepted = credited.getOrDefault(id, new LongAdder()).sum();
				assertThat(sum).as(id)
					.isBetween(1000 + accepted, 1000 + accepted + this.unknown.getOrDefault(id, new LongAdder()).sum());
				for (PersistedEvent event : history.subList(1, history.size())) {
					assertThat(this.notWritten.getOrDefault(id, Set.of()))
						.doesNotContain(AccountCredited.parseFrom(event.payload()).getAmount());
				}
				assertThat(engine.entity(AccountBehavior.class, id)
					.askAndWait(GetAccount.getDefaultInstance())
					.state()
					.getBalance()).as(id).isEqualTo(sum);
			}
		}
	}

	@Test
	void twoEnginesOnOneJournalRetryConflictsAndKeepEveryHistoryLinear() throws Exception {
		InMemoryEventStore journal = new InMemoryEventStore();
		try (EgoEngine first = EgoEngine.builder()
			.eventStore(journal)
			.eventSourced("account", new AccountBehavior())
			.build();
				EgoEngine second = EgoEngine.builder()
					.eventStore(journal)
					.eventSourced("account", new AccountBehavior())
					.build()) {
			int entities = 8;
			for (int e = 0; e < entities; e++) {
				assertThat(first.entity(AccountBehavior.class, id(e)).askAndWait(open(id(e), 1000)).isAccepted())
					.isTrue();
			}
			Map<String, LongAdder> credited = new ConcurrentHashMap<>();
			List<String> errors = Collections.synchronizedList(new ArrayList<>());
			LongAdder failures = new LongAdder();
			AtomicLong unique = new AtomicLong();
			CountDownLatch start = new CountDownLatch(1);
			List<Thread> callers = new ArrayList<>();
			for (int c = 0; c < 16; c++) {
				EgoEngine engine = (c % 2 == 0) ? first : second;
				int caller = c;
				callers.add(Thread.ofPlatform().start(() -> {
					SplittableRandom random = new SplittableRandom(7 + caller);
					try {
						start.await();
						for (int i = 0; i < 300; i++) {
							String id = id(random.nextInt(entities));
							long amount = 1 + unique.incrementAndGet();
							CommandReply<Account> reply = engine.entity(AccountBehavior.class, id)
								.askAndWait(credit(id, amount));
							if (reply.isAccepted()) {
								credited.computeIfAbsent(id, (k) -> new LongAdder()).add(amount);
							}
							else {
								failures.increment();
								if (reply instanceof CommandReply.Failed<Account> failed && failed.outcomeUnknown()) {
									errors.add("a conflict is never an unknown outcome: " + failed.error());
								}
							}
						}
					}
					catch (Throwable ex) {
						errors.add(ex.toString());
					}
				}));
			}
			start.countDown();
			for (Thread thread : callers) {
				thread.join();
			}
			assertThat(errors).isEmpty();
			// 4,800 commands on 8 entities from two writers: conflicts are retried
			// against the other writer's events
			assertThat(failures.sum()).as("commands failed").isLessThanOrEqualTo(4_800 / 100);
			for (int e = 0; e < entities; e++) {
				String id = id(e);
				List<PersistedEvent> history = assertLinearHistory(journal, id);
				long sum = 1000;
				for (PersistedEvent event : history.subList(1, history.size())) {
					sum += AccountCredited.parseFrom(event.payload()).getAmount();
				}
				assertThat(sum).as(id).isEqualTo(1000 + credited.getOrDefault(id, new LongAdder()).sum());
			}
		}
	}

	private static void openAll(EgoEngine engine) {
		for (int e = 0; e < ENTITIES; e++) {
			assertThat(engine.entity(AccountBehavior.class, id(e)).askAndWait(open(id(e), 1000)).state().getBalance())
				.isEqualTo(1000);
		}
	}

	private final Map<String, LongAdder> unknown = new ConcurrentHashMap<>();

	private final Map<String, Set<Long>> notWritten = new ConcurrentHashMap<>();

	private List<String> runCallers(EgoEngine engine, int commandsPerCaller, Map<String, LongAdder> credited,
			Map<String, Long> acceptedAt) throws InterruptedException {
		List<String> errors = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch start = new CountDownLatch(1);
		AtomicLong unique = new AtomicLong();
		List<Thread> callers = new ArrayList<>();
		for (int c = 0; c < CALLERS; c++) {
			int caller = c;
			callers.add(Thread.ofPlatform().start(() -> {
				SplittableRandom random = new SplittableRandom(42 + caller);
				try {
					start.await();
					for (int i = 0; i < commandsPerCaller; i++) {
						String id = id(random.nextInt(ENTITIES));
						// unique amounts let us tell whose event is where
						long amount = 1 + unique.incrementAndGet();
						CommandReply<Account> reply = engine.entity(AccountBehavior.class, id)
							.askAndWait(credit(id, amount));
						switch (reply) {
							case CommandReply.Accepted<Account> accepted -> {
								credited.computeIfAbsent(id, (k) -> new LongAdder()).add(amount);
								if (acceptedAt != null
										&& acceptedAt.putIfAbsent(id + "#" + accepted.revision(), amount) != null) {
									errors.add("two accepted replies for " + id + "#" + accepted.revision());
								}
							}
							case CommandReply.Failed<Account> failed -> {
								if (failed.outcomeUnknown()) {
									unknown.computeIfAbsent(id, (k) -> new LongAdder()).add(amount);
								}
								else if (failed.error() instanceof PersistenceFailureException) {
									notWritten.computeIfAbsent(id, (k) -> ConcurrentHashMap.newKeySet()).add(amount);
								}
								else {
									errors.add("unexpected failure " + failed.error());
								}
							}
							case CommandReply.Rejected<Account> rejected ->
								errors.add("unexpected rejection " + rejected.reason());
						}
					}
				}
				catch (Throwable ex) {
					errors.add(ex.toString());
				}
			}));
		}
		start.countDown();
		for (Thread thread : callers) {
			thread.join();
		}
		return errors;
	}

	private static List<PersistedEvent> assertLinearHistory(InMemoryEventStore journal, String id) {
		List<PersistedEvent> history = journal.replay("account|" + id, 1, Long.MAX_VALUE, Integer.MAX_VALUE);
		for (int i = 0; i < history.size(); i++) {
			assertThat(history.get(i).sequenceNr()).as(id).isEqualTo(i + 1);
		}
		assertThat(journal.highestSequenceNr("account|" + id)).isEqualTo(history.size());
		return history;
	}

	private static String id(int e) {
		return String.format("acc-%05d", e);
	}

}
