package io.ego.testkit.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.ego.core.store.TimerClaim;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.TimerStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract every {@link TimerStore} must honour, as JUnit tests: scheduling and
 * replacing (a new version, the claim cleared), cancelling, reading, claiming due timers
 * (only due ones, earliest first, up to a limit, each to one claimant until its claim
 * expires), completing (only the claimed version), counting overdue timers, identifier
 * checks, and claims under contention. Extend it and return an empty store from
 * {@link #createStore()}, which runs before each test; override
 * {@link #concurrentStores(int)} to have the contention tests claim through several store
 * instances (e.g. each on its own connection pool). Times are whole milliseconds, the
 * precision a store must keep; names are lower-case ASCII so that every collation orders
 * them alike.
 *
 * @author eGo team
 * @since 0.2.0
 */
public abstract class TimerStoreTestSuite {

	/** The time the tests run at. */
	protected static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final Duration CLAIM = Duration.ofSeconds(10);

	private @Nullable TimerStore store;

	/**
	 * Creates the suite; the store is created before each test by {@link #createStore()}.
	 */
	protected TimerStoreTestSuite() {
	}

	/**
	 * Creates the store under test; called before each test.
	 * @return an empty store
	 */
	protected abstract TimerStore createStore();

	/**
	 * Returns store instances that share the timers of {@link #store()}, one per
	 * concurrent claimant of the contention tests: by default the store itself for each;
	 * a store backed by a database returns instances of its own (separate connections),
	 * as several application instances would be.
	 * @param count how many
	 * @return the stores, {@code count} of them
	 */
	protected List<TimerStore> concurrentStores(int count) {
		return Collections.nCopies(count, store());
	}

	@BeforeEach
	final void createEmptyTimerStore() {
		this.store = Objects.requireNonNull(createStore(), "createStore() returned null");
	}

	/**
	 * Returns the store of the running test.
	 * @return the store
	 */
	protected final TimerStore store() {
		return Objects.requireNonNull(this.store, "the store is created before each test");
	}

	@Test
	protected void nothingIsScheduledForAnUnknownOwner() {
		assertThat(store().get("saga-a", "unknown", "timeout")).isNull();
		assertThat(store().list("saga-a", "unknown")).isEmpty();
		assertThat(store().cancel("saga-a", "unknown", "timeout")).isFalse();
		assertThat(store().cancelAll("saga-a", "unknown")).isZero();
		assertThat(store().countDue("saga-a", T0.plusSeconds(3600))).isZero();
		assertThat(store().claimDue(T0.plusSeconds(3600), 10, "node-1", CLAIM)).isEmpty();
	}

	@Test
	protected void aScheduledTimerIsStoredWithAPositiveVersionAndItsPayload() {
		byte[] payload = { 0, 1, -1, 127, -128, 42 };
		TimerRecord stored = store().schedule(timer("saga-a", "t-1", "timeout", T0.plusMillis(1500), payload));

		assertThat(stored.version()).isPositive();
		assertThat(stored)
			.isEqualTo(timer("saga-a", "t-1", "timeout", T0.plusMillis(1500), payload).withVersion(stored.version()));
		assertThat(store().get("saga-a", "t-1", "timeout")).isEqualTo(stored);
		assertThat(store().get("saga-a", "t-1", "other")).isNull();
		assertThat(store().get("saga-a", "t-2", "timeout")).isNull();
		assertThat(store().get("saga-b", "t-1", "timeout")).isNull();
		assertThat(store().list("saga-a", "t-1")).containsExactly(stored);
	}

	@Test
	protected void aTimerKeepsAnEmptyPayloadAndDistantDueTimes() {
		TimerRecord early = store()
			.schedule(timer("saga-a", "t-1", "a", Instant.parse("1970-01-01T00:00:00.001Z"), new byte[0]));
		TimerRecord late = store()
			.schedule(timer("saga-a", "t-1", "b", Instant.parse("2999-12-31T23:59:59.999Z"), new byte[0]));

		assertThat(store().get("saga-a", "t-1", "a")).isEqualTo(early);
		assertThat(store().get("saga-a", "t-1", "b")).isEqualTo(late);
		assertThat(present(store().get("saga-a", "t-1", "a"), "the early timer").payload()).isEmpty();
	}

	@Test
	protected void versionsGrowWithEverySchedule() {
		TimerRecord a = store().schedule(timer("saga-a", "t-1", "a", T0));
		TimerRecord b = store().schedule(timer("saga-b", "t-9", "a", T0));
		TimerRecord a2 = store().schedule(timer("saga-a", "t-1", "a", T0));

		assertThat(b.version()).isGreaterThan(a.version());
		assertThat(a2.version()).isGreaterThan(b.version());
	}

	@Test
	protected void schedulingAgainReplacesTheTimerWithANewVersion() {
		TimerRecord first = store().schedule(timer("saga-a", "t-1", "timeout", T0, bytes("first")));

		TimerRecord second = store().schedule(timer("saga-a", "t-1", "timeout", T0.plusSeconds(30), bytes("second")));

		assertThat(second.version()).isGreaterThan(first.version());
		assertThat(store().get("saga-a", "t-1", "timeout")).isEqualTo(second);
		assertThat(store().list("saga-a", "t-1")).containsExactly(second);
		assertThat(store().claimDue(T0, 10, "node-1", CLAIM)).as("no longer due at the first due time").isEmpty();
		assertThat(store().claimDue(T0.plusSeconds(30), 10, "node-1", CLAIM)).extracting(TimerClaim::timer)
			.containsExactly(second);
	}

	@Test
	protected void reschedulingAClaimedTimerClearsTheClaimAndItsCompletion() {
		store().schedule(timer("saga-a", "t-1", "timeout", T0));
		TimerClaim claim = single(store().claimDue(T0, 10, "node-1", CLAIM));

		TimerRecord again = store().schedule(timer("saga-a", "t-1", "timeout", T0, bytes("again")));

		TimerClaim reclaimed = single(store().claimDue(T0, 10, "node-2", CLAIM));
		assertThat(reclaimed.timer()).as("claimable at once, its claim cleared").isEqualTo(again);
		assertThat(store().complete(claim)).as("the completion of the replaced version").isFalse();
		assertThat(store().get("saga-a", "t-1", "timeout")).isEqualTo(again);
		assertThat(store().complete(reclaimed)).isTrue();
		assertThat(store().get("saga-a", "t-1", "timeout")).isNull();
	}

	@Test
	protected void cancelDeletesATimerClaimedOrNot() {
		store().schedule(timer("saga-a", "t-1", "a", T0));
		store().schedule(timer("saga-a", "t-1", "b", T0.minusSeconds(1)));
		TimerRecord other = store().schedule(timer("saga-a", "t-1", "c", T0.plusSeconds(1)));
		TimerClaim claimOfB = single(store().claimDue(T0.minusSeconds(1), 10, "node-1", CLAIM));

		assertThat(store().cancel("saga-a", "t-1", "a")).isTrue();
		assertThat(store().cancel("saga-a", "t-1", "b")).as("claimed").isTrue();

		assertThat(store().cancel("saga-a", "t-1", "a")).as("again").isFalse();
		assertThat(store().get("saga-a", "t-1", "a")).isNull();
		assertThat(store().get("saga-a", "t-1", "b")).isNull();
		assertThat(store().complete(claimOfB)).as("the completion of a cancelled timer").isFalse();
		assertThat(store().list("saga-a", "t-1")).containsExactly(other);
		assertThat(store().claimDue(T0.plus(CLAIM).plus(CLAIM), 10, "node-2", CLAIM)).extracting(TimerClaim::timer)
			.containsExactly(other);
	}

	@Test
	protected void cancelAllDeletesTheTimersOfOneOwnerOnly() {
		store().schedule(timer("saga-a", "t-1", "a", T0));
		store().schedule(timer("saga-a", "t-1", "b", T0.minusSeconds(5)));
		store().schedule(timer("saga-a", "t-1", "c", T0.plusSeconds(5)));
		TimerRecord sameGroup = store().schedule(timer("saga-a", "t-2", "a", T0));
		TimerRecord sameKey = store().schedule(timer("saga-b", "t-1", "a", T0));
		store().claimDue(T0.minusSeconds(5), 10, "node-1", CLAIM);

		assertThat(store().cancelAll("saga-a", "t-1")).isEqualTo(3);

		assertThat(store().list("saga-a", "t-1")).isEmpty();
		assertThat(store().list("saga-a", "t-2")).containsExactly(sameGroup);
		assertThat(store().list("saga-b", "t-1")).containsExactly(sameKey);
		assertThat(store().cancelAll("saga-a", "t-1")).isZero();
	}

	@Test
	protected void scheduleAllSchedulesAndReplacesLikeScheduleWithHigherVersions() {
		TimerRecord before = store().schedule(timer("saga-a", "t-1", "watch", T0));
		store().claimDue(T0, 10, "node-1", CLAIM);

		store().scheduleAll(List.of(timer("saga-a", "t-2", "watch", T0.plusSeconds(2)),
				timer("saga-a", "t-1", "watch", T0.plusSeconds(1), bytes("again")),
				timer("saga-b", "t-1", "retry", T0.plusSeconds(3))));

		TimerRecord replaced = Objects.requireNonNull(store().get("saga-a", "t-1", "watch"));
		assertThat(replaced.dueAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(replaced.payload()).isEqualTo(bytes("again"));
		assertThat(replaced.version()).isGreaterThan(before.version());
		assertThat(store().get("saga-a", "t-2", "watch")).isNotNull();
		assertThat(store().get("saga-b", "t-1", "retry")).isNotNull();
		assertThat(store().claimDue(T0.plusSeconds(3), 10, "node-2", CLAIM)).extracting((claim) -> claim.timer().key())
			.as("the replacement cleared the claim")
			.containsExactly("t-1", "t-2", "t-1");
		store().scheduleAll(List.of());
	}

	@Test
	protected void cancelAllOfSeveralOwnersDeletesTheirTimersOnly() {
		store().schedule(timer("saga-a", "t-1", "a", T0));
		store().schedule(timer("saga-a", "t-1", "b", T0));
		store().schedule(timer("saga-a", "t-2", "a", T0));
		TimerRecord kept = store().schedule(timer("saga-a", "t-3", "a", T0));
		TimerRecord otherGroup = store().schedule(timer("saga-b", "t-1", "a", T0));

		assertThat(store().cancelAll("saga-a", List.of("t-1", "t-2", "t-9"))).isEqualTo(3);

		assertThat(store().list("saga-a", "t-1")).isEmpty();
		assertThat(store().list("saga-a", "t-2")).isEmpty();
		assertThat(store().list("saga-a", "t-3")).containsExactly(kept);
		assertThat(store().list("saga-b", "t-1")).containsExactly(otherGroup);
		assertThat(store().cancelAll("saga-a", List.of())).isZero();
	}

	@Test
	protected void listReturnsTheOwnersTimersByDueTimeThenName() {
		TimerRecord c = store().schedule(timer("saga-a", "t-1", "c", T0.plusSeconds(1)));
		TimerRecord b = store().schedule(timer("saga-a", "t-1", "b", T0.plusSeconds(2)));
		TimerRecord a = store().schedule(timer("saga-a", "t-1", "a", T0.plusSeconds(2)));
		TimerRecord d = store().schedule(timer("saga-a", "t-1", "d", T0.minusSeconds(1)));
		store().schedule(timer("saga-a", "t-2", "a", T0));
		store().schedule(timer("saga-b", "t-1", "a", T0));

		assertThat(store().list("saga-a", "t-1")).containsExactly(d, c, a, b);
	}

	@Test
	protected void claimDueClaimsOnlyDueTimersEarliestFirstUpToTheLimit() {
		TimerRecord third = store().schedule(timer("saga-b", "t-3", "timeout", T0));
		TimerRecord first = store().schedule(timer("saga-a", "t-1", "timeout", T0.minusSeconds(2)));
		TimerRecord notDue = store().schedule(timer("saga-a", "t-4", "timeout", T0.plusMillis(1)));
		TimerRecord second = store().schedule(timer("saga-a", "t-2", "retry", T0.minusSeconds(1)));

		List<TimerClaim> claims = store().claimDue(T0, 2, "node-1", CLAIM);

		assertThat(claims).extracting(TimerClaim::timer).containsExactly(first, second);
		assertThat(claims).allSatisfy((claim) -> {
			assertThat(claim.claimant()).isEqualTo("node-1");
			assertThat(claim.claimedUntil()).isEqualTo(T0.plus(CLAIM));
		});
		assertThat(store().claimDue(T0, 10, "node-2", CLAIM)).as("due at now exactly")
			.containsExactly(new TimerClaim(third, "node-2", T0.plus(CLAIM)));
		assertThat(store().claimDue(T0, 10, "node-3", CLAIM)).isEmpty();
		assertThat(store().get("saga-a", "t-4", "timeout")).as("claiming leaves a timer as it is").isEqualTo(notDue);
		assertThat(store().list("saga-a", "t-1")).containsExactly(first);
	}

	@Test
	protected void timersDueAtOneTimeAreClaimedByName() {
		TimerRecord b = store().schedule(timer("saga-a", "t-1", "b", T0));
		TimerRecord c = store().schedule(timer("saga-a", "t-2", "c", T0));
		TimerRecord a = store().schedule(timer("saga-a", "t-3", "a", T0));

		assertThat(store().claimDue(T0, 2, "node-1", CLAIM)).extracting(TimerClaim::timer).containsExactly(a, b);
		assertThat(store().claimDue(T0, 2, "node-1", CLAIM)).extracting(TimerClaim::timer).containsExactly(c);
	}

	@Test
	protected void aClaimedTimerIsSkippedUntilItsClaimExpiresThenClaimedAgain() {
		TimerRecord timer = store().schedule(timer("saga-a", "t-1", "timeout", T0));
		TimerClaim claim = single(store().claimDue(T0, 10, "node-1", CLAIM));

		assertThat(store().claimDue(T0.plus(CLAIM).minusMillis(1), 10, "node-2", CLAIM)).isEmpty();
		assertThat(store().claimDue(T0.plus(CLAIM).minusMillis(1), 10, "node-1", CLAIM))
			.as("not even by its own claimant")
			.isEmpty();
		assertThat(store().get("saga-a", "t-1", "timeout")).as("a claim is no new version").isEqualTo(timer);

		Instant expired = T0.plus(CLAIM);
		TimerClaim again = single(store().claimDue(expired, 10, "node-2", CLAIM));

		assertThat(again).isEqualTo(new TimerClaim(timer, "node-2", expired.plus(CLAIM)));
		assertThat(store().claimDue(expired, 10, "node-1", CLAIM)).isEmpty();
		assertThat(store().complete(again)).isTrue();
		assertThat(store().complete(claim)).as("completed already").isFalse();
	}

	@Test
	protected void completeDeletesOnlyTheClaimedVersion() {
		store().schedule(timer("saga-a", "t-1", "a", T0));
		store().schedule(timer("saga-a", "t-1", "b", T0));
		TimerRecord other = store().schedule(timer("saga-a", "t-1", "c", T0.plusSeconds(60)));
		List<TimerClaim> claims = store().claimDue(T0, 10, "node-1", CLAIM);
		assertThat(claims).hasSize(2);

		assertThat(store().complete(claims.get(0))).isTrue();
		assertThat(store().complete(claims.get(0))).as("again").isFalse();

		assertThat(store().get("saga-a", "t-1", "a")).isNull();
		assertThat(store().list("saga-a", "t-1")).extracting(TimerRecord::name).containsExactly("b", "c");
		assertThat(store().complete(claims.get(1))).isTrue();
		assertThat(store().list("saga-a", "t-1")).containsExactly(other);
		TimerClaim forged = new TimerClaim(other.withVersion(other.version() + 1000), "node-1", T0.plus(CLAIM));
		assertThat(store().complete(forged)).isFalse();
		assertThat(store().list("saga-a", "t-1")).containsExactly(other);
	}

	@Test
	protected void countDueCountsTheGroupsTimersDueBeforeATimeClaimedOrNot() {
		store().schedule(timer("saga-a", "t-1", "a", T0.minusSeconds(10)));
		store().schedule(timer("saga-a", "t-2", "a", T0.minusSeconds(5)));
		store().schedule(timer("saga-a", "t-3", "a", T0));
		store().schedule(timer("saga-a", "t-4", "a", T0.plusSeconds(5)));
		store().schedule(timer("saga-b", "t-1", "a", T0.minusSeconds(10)));
		store().claimDue(T0.minusSeconds(10), 1, "node-1", CLAIM);

		assertThat(store().countDue("saga-a", T0)).as("strictly before").isEqualTo(2);
		assertThat(store().countDue("saga-a", T0.plusMillis(1))).isEqualTo(3);
		assertThat(store().countDue("saga-a", T0.minusSeconds(10))).isZero();
		assertThat(store().countDue("saga-b", T0)).isEqualTo(1);
		assertThat(store().countDue("saga-c", T0)).isZero();
	}

	@Test
	protected void claimDueRejectsANonPositiveLimitOrClaimDuration() {
		store().schedule(timer("saga-a", "t-1", "a", T0));

		assertThatIllegalArgumentException().isThrownBy(() -> store().claimDue(T0, 0, "node-1", CLAIM))
			.withMessageContaining("0");
		assertThatIllegalArgumentException().isThrownBy(() -> store().claimDue(T0, 10, "node-1", Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store().claimDue(T0, 10, "node-1", Duration.ofSeconds(-1)));
		assertThat(single(store().claimDue(T0, 10, "node-1", CLAIM)).timer().name()).as("nothing was claimed")
			.isEqualTo("a");
	}

	@Test
	protected void scheduleRejectsAnIllFormedGroupKeyOrNameAndWritesNothing() {
		for (String illFormed : IllFormedIds.of("saga-")) {
			IllFormedIds.assertRejected("schedule of a timer of a group", illFormed,
					() -> store().schedule(timer(illFormed, "t-1", "a", T0)));
		}
		for (String illFormed : IllFormedIds.of("t-")) {
			IllFormedIds.assertRejected("schedule of a timer of a key", illFormed,
					() -> store().schedule(timer("saga-a", illFormed, "a", T0)));
		}
		for (String illFormed : IllFormedIds.of("n-")) {
			IllFormedIds.assertRejected("schedule of a timer named", illFormed,
					() -> store().schedule(timer("saga-a", "t-1", illFormed, T0)));
		}
		assertThat(store().list(IllFormedIds.collidingWithTheFirst("saga-"), "t-1")).isEmpty();
		assertThat(store().list("saga-a", IllFormedIds.collidingWithTheFirst("t-"))).isEmpty();
		assertThat(store().list("saga-a", "t-1")).isEmpty();
		assertThat(store().claimDue(T0, 100, "node-1", CLAIM)).isEmpty();
	}

	@Test
	protected void readsCancelsAndClaimsRejectAnIllFormedIdentifierInsteadOfMatchingAnotherOne() {
		String group = IllFormedIds.collidingWithTheFirst("saga-");
		String key = IllFormedIds.collidingWithTheFirst("t-");
		String name = IllFormedIds.collidingWithTheFirst("n-");
		TimerRecord byGroup = store().schedule(timer(group, "t-1", "a", T0.plusSeconds(60)));
		TimerRecord byKey = store().schedule(timer("saga-a", key, "a", T0.plusSeconds(60)));
		TimerRecord byName = store().schedule(timer("saga-a", "t-1", name, T0.plusSeconds(60)));
		for (String illFormed : IllFormedIds.of("saga-")) {
			IllFormedIds.assertRejected("get of a timer of a group", illFormed,
					() -> store().get(illFormed, "t-1", "a"));
			IllFormedIds.assertRejected("list of a group", illFormed, () -> store().list(illFormed, "t-1"));
			IllFormedIds.assertRejected("cancel of a timer of a group", illFormed,
					() -> store().cancel(illFormed, "t-1", "a"));
			IllFormedIds.assertRejected("cancelAll of a group", illFormed, () -> store().cancelAll(illFormed, "t-1"));
			IllFormedIds.assertRejected("countDue of a group", illFormed,
					() -> store().countDue(illFormed, T0.plusSeconds(3600)));
		}
		for (String illFormed : IllFormedIds.of("t-")) {
			IllFormedIds.assertRejected("get of a timer of a key", illFormed,
					() -> store().get("saga-a", illFormed, "a"));
			IllFormedIds.assertRejected("list of a key", illFormed, () -> store().list("saga-a", illFormed));
			IllFormedIds.assertRejected("cancel of a timer of a key", illFormed,
					() -> store().cancel("saga-a", illFormed, "a"));
			IllFormedIds.assertRejected("cancelAll of a key", illFormed, () -> store().cancelAll("saga-a", illFormed));
		}
		for (String illFormed : IllFormedIds.of("n-")) {
			IllFormedIds.assertRejected("get of a timer named", illFormed,
					() -> store().get("saga-a", "t-1", illFormed));
			IllFormedIds.assertRejected("cancel of a timer named", illFormed,
					() -> store().cancel("saga-a", "t-1", illFormed));
		}
		for (String illFormed : IllFormedIds.of("node-")) {
			IllFormedIds.assertRejected("claimDue by a claimant", illFormed,
					() -> store().claimDue(T0.plusSeconds(60), 10, illFormed, CLAIM));
		}
		assertThat(store().list(group, "t-1")).containsExactly(byGroup);
		assertThat(store().list("saga-a", key)).containsExactly(byKey);
		assertThat(store().list("saga-a", "t-1")).containsExactly(byName);
		assertThat(store().claimDue(T0.plusSeconds(60), 10, "node-1", CLAIM)).as("nothing was claimed").hasSize(3);
	}

	@Test
	protected void concurrentClaimantsNeverShareATimerWhileItsClaimLasts() {
		int claimants = 8;
		int timers = 60;
		Set<TimerRecord> scheduled = new HashSet<>();
		for (int i = 0; i < timers; i++) {
			scheduled.add(store().schedule(timer("saga-a", "t-" + i, "timeout", T0.minusMillis(i % 7))));
		}
		List<TimerStore> stores = concurrentStores(claimants);
		try (ConcurrentRunner runner = new ConcurrentRunner(claimants, Duration.ofSeconds(60))) {
			for (Instant now : List.of(T0, T0.plus(CLAIM))) {
				// each round releases every claimant at once (a latch); a claimant that
				// finds nothing free (the rest locked or claimed by others) returns
				// empty, and the rounds go on until every claimant found nothing
				List<TimerClaim> claims = new ArrayList<>();
				for (int round = 0; round < timers; round++) {
					List<List<TimerClaim>> outcomes = runner
						.runAll((i) -> () -> stores.get(i).claimDue(now, 3, "node-" + i, CLAIM));
					outcomes.forEach(claims::addAll);
					if (outcomes.stream().allMatch(List::isEmpty)) {
						break;
					}
				}
				assertThat(claims).as("the claims at %s", now)
					.extracting(TimerClaim::timer)
					.doesNotHaveDuplicates()
					.containsExactlyInAnyOrderElementsOf(scheduled);
				assertThat(claims).allSatisfy((claim) -> assertThat(claim.claimedUntil()).isEqualTo(now.plus(CLAIM)));
			}
		}
	}

	@Test
	protected void concurrentSchedulesGetDistinctVersionsAndTheLastReplacementWins() {
		int threads = 8;
		List<TimerStore> stores = concurrentStores(threads);
		try (ConcurrentRunner runner = new ConcurrentRunner(threads, Duration.ofSeconds(60))) {
			List<List<TimerRecord>> outcomes = runner.runAll((i) -> () -> {
				List<TimerRecord> stored = new ArrayList<>();
				for (int n = 0; n < 10; n++) {
					stored.add(stores.get(i).schedule(timer("saga-a", "t-" + i, "n" + n, T0)));
					stored.add(stores.get(i).schedule(timer("saga-a", "shared", "timeout", T0, bytes("by " + i))));
				}
				return stored;
			});
			List<Long> versions = outcomes.stream().flatMap(List::stream).map(TimerRecord::version).toList();
			assertThat(versions).hasSize(threads * 20).doesNotHaveDuplicates();
			long highestShared = outcomes.stream()
				.flatMap(List::stream)
				.filter((timer) -> timer.key().equals("shared"))
				.mapToLong(TimerRecord::version)
				.max()
				.orElseThrow();
			assertThat(present(store().get("saga-a", "shared", "timeout"), "the shared timer").version())
				.as("the stored replacement is the one with the highest version")
				.isEqualTo(highestShared);
			for (int i = 0; i < threads; i++) {
				assertThat(store().list("saga-a", "t-" + i)).hasSize(10);
			}
		}
	}

	/**
	 * Creates a timer to schedule, with a payload naming it.
	 * @param group the owner's kind
	 * @param key the owner instance
	 * @param name the timer's name
	 * @param dueAt when it is due
	 * @return the timer, version 0
	 */
	protected static TimerRecord timer(String group, String key, String name, Instant dueAt) {
		return timer(group, key, name, dueAt, bytes(name));
	}

	private static TimerRecord timer(String group, String key, String name, Instant dueAt, byte[] payload) {
		return TimerRecord.of(group, key, name, dueAt, payload);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static TimerClaim single(List<TimerClaim> claims) {
		assertThat(claims).as("the claims").hasSize(1);
		return claims.get(0);
	}

	private static <T> T present(@Nullable T value, String description) {
		assertThat(value).as(description).isNotNull();
		return value;
	}

}
