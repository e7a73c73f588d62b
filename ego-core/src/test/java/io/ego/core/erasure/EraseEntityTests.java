package io.ego.core.erasure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EngineStoppedException;
import io.ego.core.EntityErasedException;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntitySettings;
import io.ego.core.ErasureMode;
import io.ego.core.UnknownEntityTypeException;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.core.v1.EntityErased;
import io.ego.core.v1.ErasedEvent;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * GDPR erasure: crypto-shredding, deleted snapshots and states, rejected or fresh later
 * commands, projections and publishers that get erasure markers and never halt or see
 * plaintext, erasure without encryption.
 */
class EraseEntityTests {

	static final String MASTER_KEY = LocalMasterKeyProvider.generateKey();

	static final ProjectionSettings FAST = ProjectionSettings.defaults().withPullInterval(Duration.ofMillis(20));

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final InMemoryDurableStateStore states = new InMemoryDurableStateStore();

	private final InMemoryDataKeyStore keys = new InMemoryDataKeyStore();

	private final InMemoryErasureStore erasures = new InMemoryErasureStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private EgoEngineBuilder builder(boolean encrypted, ErasureMode mode) {
		EgoEngineBuilder builder = EgoEngine.builder()
			.eventStore(this.journal)
			.snapshotStore(this.snapshots)
			.durableStateStore(this.states)
			.offsetStore(this.offsets)
			.deadLetterStore(this.deadLetters)
			.erasureStore(this.erasures)
			.erasureMode(mode)
			.eventSourced("account", new AccountBehavior(), EntitySettings.defaults().withSnapshotInterval(2))
			.durableState("counter", new CounterBehavior());
		if (encrypted) {
			builder.dataKeyStore(this.keys)
				.encryption(EncryptionSettings.withMasterKey(MASTER_KEY).withDurableState(true));
		}
		return builder;
	}

	private static void history(EgoEngine engine, String id, String owner) {
		assertThat(engine.entity(AccountBehavior.class, id).askAndWait(open(id, 100, owner)).isAccepted()).isTrue();
		assertThat(engine.entity(AccountBehavior.class, id).askAndWait(credit(id, 5)).isAccepted()).isTrue();
		assertThat(engine.entity(AccountBehavior.class, id).askAndWait(credit(id, 7)).isAccepted()).isTrue();
	}

	private List<PersistedEvent> rows(String persistenceId) {
		return this.journal.replay(persistenceId, 1, Long.MAX_VALUE, 10_000);
	}

	/** A read model of owners by entity id, whose rows an erasure deletes. */
	static final class Owners implements Projection {

		final Map<String, String> rows = new ConcurrentHashMap<>();

		final List<String> erasures = new CopyOnWriteArrayList<>();

		@Override
		public void handle(EventEnvelope envelope) {
			if (envelope.event() instanceof AccountOpened opened) {
				this.rows.put(envelope.entityId(), opened.getOwner());
			}
		}

		@Override
		public void onErased(EventEnvelope envelope) {
			this.erasures.add(envelope.entityId() + "#" + envelope.sequenceNr() + ":"
					+ envelope.event().getDescriptorForType().getName());
			this.rows.remove(envelope.entityId());
		}

	}

	@Test
	void erasingOneOfTwoEncryptedEntitiesShredsItsKeyAndDataAndLeavesTheOtherUntouched() {
		Owners owners = new Owners();
		try (EgoEngine engine = builder(true, ErasureMode.REJECT).projection("owners", owners, FAST).build()) {
			history(engine, "a", "Alice Erased");
			history(engine, "b", "Bob Kept");
			engine.entity(CounterBehavior.class, "x").askAndWait(CounterBehavior.by(1));
			engine.entity(CounterBehavior.class, "y").askAndWait(CounterBehavior.by(2));
			await().until(() -> owners.rows.size() == 2 && this.snapshots.latest("account|a") != null
					&& this.snapshots.latest("account|b") != null);
			String keyA = this.keys.latest("account|a").keyId();
			List<PersistedEvent> before = rows("account|a");

			ErasureMarker marker = engine.eraseEntity("account", "a");
			assertThat(marker.persistenceId()).isEqualTo("account|a");
			assertThat(marker.erasedToSequenceNr()).isEqualTo(3);
			assertThat(engine.eraseEntity("counter", "x").erasedToSequenceNr()).isEqualTo(1);

			// crypto-shredded: the key is gone; snapshots and durable state are gone; the
			// others untouched
			assertThat(this.keys.get(keyA)).isNull();
			assertThat(this.keys.latest("account|a")).isNull();
			assertThat(this.keys.latest("counter|x")).isNull();
			assertThat(this.keys.latest("account|b")).isNotNull();
			assertThat(this.keys.latest("counter|y")).isNotNull();
			assertThat(this.snapshots.latest("account|a")).isNull();
			assertThat(this.snapshots.latest("account|b")).isNotNull();
			assertThat(this.states.get("counter|x")).isNull();
			assertThat(this.states.get("counter|y")).isNotNull();
			// the encrypted events stay, unreadable, followed by the tombstone
			List<PersistedEvent> after = rows("account|a");
			assertThat(after.subList(0, 3)).isEqualTo(before);
			assertThat(after.get(3).eventType()).isEqualTo("ego.core.v1.EntityErased");
			assertThat(after.get(3).keyId()).isNull();
			assertThat(rows("account|b")).hasSize(3);

			// the caught-up read model deletes the erased entity's rows on the tombstone
			await().until(() -> !owners.rows.containsKey("a"));
			assertThat(owners.rows).containsExactly(Map.entry("b", "Bob Kept"));
			assertThat(owners.erasures).containsExactly("a#4:EntityErased");

			// later commands are rejected, the other entities carry on
			CommandReply<Account> rejected = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1));
			assertThat(rejected).isInstanceOf(CommandReply.Rejected.class);
			assertThat(((CommandReply.Rejected<Account>) rejected).rejection())
				.isInstanceOf(EntityErasedException.class)
				.hasMessageContaining("'account|a' was erased");
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 1, "Alice again")))
				.isInstanceOf(CommandReply.Rejected.class);
			CommandReply<Counter> counter = engine.entity(CounterBehavior.class, "x").askAndWait(CounterBehavior.by(1));
			assertThat(((CommandReply.Rejected<Counter>) counter).rejection())
				.isInstanceOf(EntityErasedException.class);
			assertThat(engine.entity(AccountBehavior.class, "b").askAndWait(credit("b", 1)).state().getBalance())
				.isEqualTo(113);
			assertThat(engine.entity(CounterBehavior.class, "y").askAndWait(CounterBehavior.by(1)).state().getValue())
				.isEqualTo(3);
		}
		assertThat(rows("account|a")).hasSize(4);

		// after a restart: still rejected; readers that come later get markers, keep
		// going, see no plaintext
		Owners late = new Owners();
		List<String> skipped = new CopyOnWriteArrayList<>();
		Projection plain = (envelope) -> skipped.add(envelope.persistenceId() + "#" + envelope.sequenceNr());
		List<EventEnvelope> published = new CopyOnWriteArrayList<>();
		List<EventEnvelope> tombstones = new CopyOnWriteArrayList<>();
		EventPublisher withErasures = new EventPublisher() {

			@Override
			public void publish(List<EventEnvelope> events) {
				tombstones.addAll(events);
			}

			@Override
			public boolean receivesErasures() {
				return true;
			}

		};
		try (EgoEngine engine = builder(true, ErasureMode.REJECT).projection("late", late, FAST)
			.projection("plain", plain, FAST)
			.eventPublisher("sink", published::addAll, FAST)
			.eventPublisher("compacted", withErasures, FAST)
			.build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)))
				.isInstanceOf(CommandReply.Rejected.class);
			await().until(() -> late.erasures.size() == 4 && skipped.size() == 4 && published.size() == 4
					&& tombstones.size() == 8);
			assertThat(late.erasures).containsExactly("a#1:ErasedEvent", "a#2:ErasedEvent", "a#3:ErasedEvent",
					"a#4:EntityErased");
			assertThat(late.rows).containsOnlyKeys("b");
			assertThat(skipped).containsExactlyInAnyOrder("account|b#1", "account|b#2", "account|b#3", "account|b#4");
			assertThat(published).allSatisfy((envelope) -> assertThat(envelope.persistenceId()).isEqualTo("account|b"));
			assertThat(tombstones).filteredOn((envelope) -> envelope.persistenceId().equals("account|a"))
				.extracting(EventEnvelope::event)
				.containsExactly(ErasedEvent.newBuilder().setEventType("ego.test.bank.AccountOpened").build(),
						ErasedEvent.newBuilder().setEventType("ego.test.bank.AccountCredited").build(),
						ErasedEvent.newBuilder().setEventType("ego.test.bank.AccountCredited").build(),
						EntityErased.newBuilder().setErasedToSequenceNr(3).build());
			for (String name : List.of("late", "plain", "sink", "compacted")) {
				await().untilAsserted(() -> {
					ProjectionStatus status = engine.projections().status(name);
					assertThat(status.state()).isEqualTo(ProjectionStatus.State.RUNNING);
					assertThat(status.lagEvents()).isZero();
				});
			}
			assertThat(this.deadLetters.count("late") + this.deadLetters.count("plain")).isZero();
		}
	}

	@Test
	void freshHistoryStartsOverAfterTheErasedSequenceNumbersWithANewKey() {
		try (EgoEngine engine = builder(true, ErasureMode.FRESH_HISTORY).build()) {
			history(engine, "a", "Alice Erased");
			await().until(() -> this.snapshots.latest("account|a") != null);
			String oldKey = this.keys.latest("account|a").keyId();
			engine.eraseEntity("account", "a");

			CommandReply<Account> reopened = engine.entity(AccountBehavior.class, "a")
				.askAndWait(open("a", 1, "Alice Anew"));
			assertThat(reopened.state()).isEqualTo(Account.newBuilder().setId("a").setBalance(1).setOpen(true).build());
			assertThat(reopened.revision()).isEqualTo(5); // 1-3 erased, 4 the tombstone
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 2)).state().getBalance())
				.isEqualTo(3);
			assertThat(this.keys.latest("account|a").keyId()).isNotEqualTo(oldKey);
			assertThat(rows("account|a")).extracting(PersistedEvent::sequenceNr)
				.containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

			CommandReply<Counter> counter = engine.entity(CounterBehavior.class, "x").askAndWait(CounterBehavior.by(4));
			engine.eraseEntity("counter", "x");
			assertThat(counter.revision()).isEqualTo(1);
			counter = engine.entity(CounterBehavior.class, "x").askAndWait(CounterBehavior.by(1));
			assertThat(counter.state().getValue()).isEqualTo(1);
			assertThat(counter.revision()).isEqualTo(1);
		}
		// recovers the fresh history
		try (EgoEngine engine = builder(true, ErasureMode.FRESH_HISTORY).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 10)).state().getBalance())
				.isEqualTo(13);
		}
	}

	@Test
	void withoutEncryptionErasureDeletesTheEventsKeepingTheSequenceNumbers() {
		Owners owners = new Owners();
		try (EgoEngine engine = builder(false, ErasureMode.REJECT).projection("owners", owners, FAST).build()) {
			history(engine, "a", "Alice Erased");
			history(engine, "b", "Bob Kept");
			await().until(() -> owners.rows.size() == 2 && this.snapshots.latest("account|a") != null);
			engine.eraseEntity("account", "a");

			List<PersistedEvent> left = rows("account|a");
			assertThat(left).extracting(PersistedEvent::sequenceNr).containsExactly(4L);
			assertThat(left.get(0).eventType()).isEqualTo("ego.core.v1.EntityErased");
			assertThat(this.journal.highestSequenceNr("account|a")).isEqualTo(4);
			assertThat(this.snapshots.latest("account|a")).isNull();
			assertThat(rows("account|b")).hasSize(3);
			await().until(() -> !owners.rows.containsKey("a"));
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)))
				.isInstanceOf(CommandReply.Rejected.class);
		}
		try (EgoEngine engine = builder(false, ErasureMode.FRESH_HISTORY).build()) {
			CommandReply<Account> reopened = engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 3, "new"));
			assertThat(reopened.revision()).isEqualTo(5);
			assertThat(reopened.state().getBalance()).isEqualTo(3);
		}
		// the history is self-describing: an engine without erasure store reads it as a
		// fresh history too
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1));
			assertThat(reply.revision()).isEqualTo(6);
			assertThat(reply.state().getBalance()).isEqualTo(4);
		}
	}

	@Test
	void commandsRacingAnErasureRunBeforeItOrSeeIt() throws Exception {
		ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
		try (EgoEngine engine = builder(true, ErasureMode.REJECT).build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 0, "Alice"));
			List<Future<CommandReply<Account>>> replies = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				replies.add(senders.submit(() -> engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1))));
				if (i == 100) {
					engine.eraseEntity("account", "a");
				}
			}
			long accepted = 0;
			for (Future<CommandReply<Account>> reply : replies) {
				CommandReply<Account> answer = reply.get();
				if (answer.isAccepted()) {
					accepted++;
				}
				else {
					assertThat(((CommandReply.Rejected<Account>) answer).rejection())
						.isInstanceOf(EntityErasedException.class);
				}
			}
			List<PersistedEvent> rows = rows("account|a");
			PersistedEvent last = rows.get(rows.size() - 1);
			assertThat(last.eventType()).as("nothing written after the tombstone")
				.isEqualTo("ego.core.v1.EntityErased");
			assertThat(rows).hasSize((int) accepted + 2);
		}
		finally {
			senders.shutdownNow();
		}
	}

	@Test
	void erasureDeletesTheEntitysDeadLetters() {
		Projection failsOnCredits = (envelope) -> {
			if (envelope.event() instanceof AccountCredited) {
				throw new IllegalStateException("read model refuses credits");
			}
		};
		ProjectionSettings skipping = FAST.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ofMillis(1));
		try (EgoEngine engine = builder(false, ErasureMode.REJECT).projection("picky", failsOnCredits, skipping)
			.build()) {
			history(engine, "a", "Alice Erased");
			history(engine, "b", "Bob Kept");
			await().until(() -> this.deadLetters.count("picky") == 4);
			engine.eraseEntity("account", "a");
			assertThat(this.deadLetters.list("picky", 10)).extracting(DeadLetter::persistenceId)
				.containsOnly("account|b")
				.hasSize(2);
		}
	}

	@Test
	void encryptedDeadLettersKeepTheCiphertextAndRetryDecryptsIt() {
		List<Message> retried = new CopyOnWriteArrayList<>();
		boolean[] broken = { true };
		Projection flaky = (envelope) -> {
			if (broken[0] && envelope.event() instanceof AccountOpened) {
				throw new IllegalStateException("down");
			}
			retried.add(envelope.event());
		};
		try (EgoEngine engine = builder(true, ErasureMode.REJECT)
			.projection("flaky", flaky, FAST.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ofMillis(1)))
			.build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 1, "Alice Secret"));
			await().until(() -> this.deadLetters.count("flaky") == 1);
			DeadLetter letter = this.deadLetters.list("flaky", 1).get(0);
			assertThat(letter.metadata()).containsKey("ego.key-id");
			assertThat(new String(letter.payload(), StandardCharsets.ISO_8859_1)).doesNotContain("Alice Secret");
			broken[0] = false;
			assertThat(engine.projections().retryDeadLetter(letter.id())).isTrue();
			assertThat(retried).hasSize(1);
			assertThat(((AccountOpened) retried.get(0)).getOwner()).isEqualTo("Alice Secret");
		}
	}

	@Test
	void erasingAnIdThatNeverExistedIsRefusedUnlessForcedSoThatItIsNotBlockedForGood() {
		try (EgoEngine engine = builder(false, ErasureMode.REJECT).build()) {
			assertThatThrownBy(() -> engine.eraseEntity("account", "never-was"))
				.isInstanceOf(EntityNotFoundException.class)
				.hasMessageContaining("account|never-was");
			assertThatThrownBy(() -> engine.eraseEntity("counter", "never-was"))
				.isInstanceOf(EntityNotFoundException.class);
			assertThat(engine.entity(AccountBehavior.class, "never-was")
				.askAndWait(open("never-was", 1, "N"))
				.isAccepted()).as("the id is still usable").isTrue();

			engine.eraseEntity("account", "ghost", true);
			assertThat(engine.entity(AccountBehavior.class, "ghost").askAndWait(open("ghost", 1, "G")))
				.as("forced: the id is erased")
				.isInstanceOf(CommandReply.Rejected.class);
			// erasing an erased entity again is harmless
			engine.eraseEntity("account", "ghost");
		}
	}

	@Test
	void erasureNeedsAnErasureStoreAndAKnownType() {
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			assertThatThrownBy(() -> engine.eraseEntity("account", "a")).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("needs an erasure store");
			assertThatThrownBy(() -> engine.eraseEntity("nope", "a")).isInstanceOf(UnknownEntityTypeException.class);
		}
		EgoEngine closed = builder(false, ErasureMode.REJECT).build();
		closed.close();
		assertThatThrownBy(() -> closed.eraseEntity("account", "a")).isInstanceOf(EngineStoppedException.class);
	}

	@Test
	void aProjectionRebuiltAfterAnErasureGetsMarkersNotThePlaintextItReadBefore() {
		List<Message> seen = new CopyOnWriteArrayList<>();
		Projection all = new Projection() {

			@Override
			public void handle(EventEnvelope envelope) {
				seen.add(envelope.event());
			}

			@Override
			public void onErased(EventEnvelope envelope) {
				seen.add(envelope.event());
			}

		};
		try (EgoEngine engine = builder(true, ErasureMode.REJECT).projection("all", all, FAST).build()) {
			history(engine, "a", "Alice Erased");
			// the projection's reader has the key in its cache
			await().until(() -> seen.size() == 3);
			engine.eraseEntity("account", "a");
			await().until(() -> seen.size() == 4);
			seen.clear();
			engine.projections().rebuild("all", RebuildFrom.beginning());
			await().until(() -> seen.size() == 4);
		}
		assertThat(seen)
			.allSatisfy((event) -> assertThat(event).isInstanceOfAny(ErasedEvent.class, EntityErased.class));
	}

}
