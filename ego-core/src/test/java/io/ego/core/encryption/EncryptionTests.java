package io.ego.core.encryption;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntitySettings;
import io.ego.core.RecoveryFailedException;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Encryption at rest: no plaintext in the stores, ciphertexts bound to their rows, master
 * key rotation and rewrap, clear errors for wrong or malformed master keys, transparent
 * decryption for recovery, projections and publishers.
 */
class EncryptionTests {

	static final String KEY_A = LocalMasterKeyProvider.generateKey();

	static final String KEY_B = LocalMasterKeyProvider.generateKey();

	static final String OWNER = "Zaphod Beeblebrox, 42 Heart of Gold Street";

	static final ProjectionSettings FAST = ProjectionSettings.defaults().withPullInterval(Duration.ofMillis(20));

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final InMemoryDurableStateStore states = new InMemoryDurableStateStore();

	private final InMemoryDataKeyStore keys = new InMemoryDataKeyStore();

	private EgoEngineBuilder builder(EncryptionSettings encryption) {
		return builder(encryption, this.journal);
	}

	private EgoEngineBuilder builder(EncryptionSettings encryption, InMemoryEventStore events) {
		return EgoEngine.builder()
			.eventStore(events)
			.snapshotStore(this.snapshots)
			.durableStateStore(this.states)
			.offsetStore(new InMemoryOffsetStore())
			.deadLetterStore(new InMemoryDeadLetterStore())
			.dataKeyStore(this.keys)
			.encryption(encryption)
			.eventSourced("account", new AccountBehavior(), EntitySettings.defaults().withSnapshotInterval(2))
			.durableState("counter", new CounterBehavior());
	}

	static EncryptionSettings keys(String current, String... previous) {
		return EncryptionSettings.of(LocalMasterKeyProvider.fromBase64(current, List.of(previous)))
			.withDurableState(true);
	}

	static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private List<PersistedEvent> history(String persistenceId) {
		return this.journal.replay(persistenceId, 1, Long.MAX_VALUE, 100);
	}

	@Test
	void storedEventsSnapshotsAndStatesHoldNoPlaintext() {
		Account expected;
		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 100, OWNER));
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 5));
			expected = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 7)).state();
			assertThat(
					engine.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(987_654_321L)).isAccepted())
				.isTrue();
			await().until(() -> this.snapshots.latest("account|a") != null);
		}
		byte[] owner = OWNER.getBytes(StandardCharsets.UTF_8);
		List<PersistedEvent> rows = history("account|a");
		assertThat(rows).hasSize(3);
		String keyId = rows.get(0).keyId();
		assertThat(keyId).startsWith("dk1.").hasSize(26);
		for (PersistedEvent row : rows) {
			assertThat(row.keyId()).as("key of %s", row).isEqualTo(keyId);
			assertThat(contains(row.payload(), owner)).as("owner in %s", row).isFalse();
			// the type stays readable
			assertThat(row.eventType()).startsWith("ego.test.bank.Account");
		}
		AccountOpened opened = AccountOpened.newBuilder().setId("a").setInitialBalance(100).setOwner(OWNER).build();
		assertThat(contains(rows.get(0).payload(), opened.toByteArray())).isFalse();
		SnapshotRecord snapshot = this.snapshots.latest("account|a");
		assertThat(snapshot.keyId()).isEqualTo(keyId);
		assertThat(contains(snapshot.payload(),
				Account.newBuilder().setId("a").setBalance(105).setOpen(true).build().toByteArray()))
			.isFalse();
		DurableStateRecord state = this.states.get("counter|c");
		assertThat(state.keyId()).startsWith("dk1.").isNotEqualTo(keyId);
		assertThat(contains(state.payload(), Counter.newBuilder().setValue(987_654_321L).build().toByteArray()))
			.isFalse();
		DataKeyRecord key = this.keys.get(keyId);
		assertThat(key.persistenceId()).isEqualTo("account|a");
		assertThat(key.masterKeyId()).isEqualTo(LocalMasterKeyProvider.keyIdOf(Base64.getDecoder().decode(KEY_A)));

		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)).state())
				.isEqualTo(expected.toBuilder().setBalance(113).build());
			assertThat(engine.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(1)).state().getValue())
				.isEqualTo(987_654_322L);
		}
	}

	@Test
	void projectionsAndPublishersReceiveDecryptedEvents() {
		List<EventEnvelope> projected = new CopyOnWriteArrayList<>();
		List<EventEnvelope> published = new CopyOnWriteArrayList<>();
		try (EgoEngine engine = builder(keys(KEY_A)).projection("reader", projected::add, FAST)
			.eventPublisher("sink", published::addAll, FAST)
			.build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 100, OWNER));
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 5));
			await().until(() -> projected.size() == 2 && published.size() == 2);
		}
		AccountOpened opened = AccountOpened.newBuilder().setId("a").setInitialBalance(100).setOwner(OWNER).build();
		assertThat(projected.get(0).event()).isEqualTo(opened);
		assertThat(published.get(0).event()).isEqualTo(opened);
		assertThat(published).extracting(EventEnvelope::sequenceNr).containsExactly(1L, 2L);
	}

	@Test
	void swappingCiphertextsBetweenRowsFailsDecryptionClearly() {
		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 100, OWNER));
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 5));
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1_000_000));
			engine.entity(AccountBehavior.class, "b").askAndWait(open("b", 1, "someone else"));
		}
		// recover from the events alone
		this.snapshots.deleteUpTo("account|a", Long.MAX_VALUE);
		List<PersistedEvent> rows = history("account|a");

		// two events of one entity (same key, same type): seq 2 and 3 swapped
		InMemoryEventStore swapped = new InMemoryEventStore();
		swapped.append("account|a", 0, List.of(copy(rows.get(0), rows.get(0)), copy(rows.get(1), rows.get(2)),
				copy(rows.get(2), rows.get(1))));
		try (EgoEngine engine = builder(keys(KEY_A), swapped).build()) {
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1));
			assertThat(reply).isInstanceOf(CommandReply.Failed.class);
			EncryptionException cause = rootCause(((CommandReply.Failed<Account>) reply).error());
			assertThat(((CommandReply.Failed<Account>) reply).error()).isInstanceOf(RecoveryFailedException.class);
			assertThat(cause.getMessage()).contains("event 2 of 'account|a'").contains("does not belong to this row");
		}

		// an event of another entity, with its key id, moved into this history
		PersistedEvent other = history("account|b").get(0);
		InMemoryEventStore moved = new InMemoryEventStore();
		moved.append("account|a", 0, List.of(copy(rows.get(0), rows.get(0)), copy(rows.get(1), other)));
		try (EgoEngine engine = builder(keys(KEY_A), moved).projection("reader", (envelope) -> {
		}, FAST).build()) {
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1));
			assertThat(((CommandReply.Failed<Account>) reply).error().getMessage())
				.contains("names data key '" + other.keyId() + "', which belongs to 'account|b'");
			await().until(() -> engine.projections().status("reader").state() == ProjectionStatus.State.FAILED);
			assertThat(engine.projections().status("reader").failure()).contains("account|a#2")
				.contains("belongs to 'account|b'");
		}
	}

	/** A row of {@code target} carrying the ciphertext (and key id) of {@code source}. */
	private static PersistedEvent copy(PersistedEvent target, PersistedEvent source) {
		return new PersistedEvent(target.persistenceId(), target.entityType(), target.sequenceNr(), 0, target.slice(),
				source.eventType(), source.payload(), target.writeTime(), target.metadata(), source.keyId());
	}

	private static EncryptionException rootCause(Throwable error) {
		Throwable cause = error;
		while (cause != null && !(cause instanceof EncryptionException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("encryption failure in %s", error).isInstanceOf(EncryptionException.class);
		return (EncryptionException) cause;
	}

	@Test
	void aRotatedMasterKeyStillReadsOldKeysWrapsNewOnesAndRewrapsTheRest() {
		String idA = LocalMasterKeyProvider.keyIdOf(Base64.getDecoder().decode(KEY_A));
		String idB = LocalMasterKeyProvider.keyIdOf(Base64.getDecoder().decode(KEY_B));
		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			engine.entity(AccountBehavior.class, "old").askAndWait(open("old", 10, OWNER));
			engine.entity(CounterBehavior.class, "old").askAndWait(CounterBehavior.by(3));
		}
		try (EgoEngine engine = builder(keys(KEY_B, KEY_A)).build()) {
			assertThat(engine.entity(AccountBehavior.class, "old").askAndWait(credit("old", 1)).state().getBalance())
				.isEqualTo(11);
			engine.entity(AccountBehavior.class, "new").askAndWait(open("new", 20, OWNER));
			assertThat(this.keys.latest("account|new").masterKeyId()).isEqualTo(idB);
			assertThat(this.keys.latest("account|old").masterKeyId()).isEqualTo(idA);

			// account|old and counter|old
			assertThat(engine.rewrapDataKeys()).isEqualTo(2);
			assertThat(engine.rewrapDataKeys()).isZero();
			assertThat(this.keys.latest("account|old").masterKeyId()).isEqualTo(idB);
			assertThat(this.keys.latest("counter|old").masterKeyId()).isEqualTo(idB);
		}
		// the old master key retired
		try (EgoEngine engine = builder(keys(KEY_B)).build()) {
			assertThat(engine.entity(AccountBehavior.class, "old").askAndWait(credit("old", 1)).state().getBalance())
				.isEqualTo(12);
			assertThat(engine.entity(AccountBehavior.class, "new").askAndWait(credit("new", 1)).state().getBalance())
				.isEqualTo(21);
			assertThat(engine.entity(CounterBehavior.class, "old").askAndWait(CounterBehavior.by(1)).state().getValue())
				.isEqualTo(4);
		}
	}

	@Test
	void aWrongMasterKeyFailsClearlyAtFirstUseAndNeverYieldsAState() {
		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 10, OWNER));
		}
		String idA = LocalMasterKeyProvider.keyIdOf(Base64.getDecoder().decode(KEY_A));
		// builds: keys are only unwrapped when used
		try (EgoEngine engine = builder(keys(KEY_B)).build()) {
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1));
			assertThat(reply).isInstanceOf(CommandReply.Failed.class);
			assertThat(((CommandReply.Failed<Account>) reply).error()).isInstanceOf(RecoveryFailedException.class)
				.hasMessageContaining("wrapped by master key '" + idA + "', which is not configured")
				.hasMessageContaining("ego.encryption.master-key");
		}
		assertThat(history("account|a")).hasSize(1); // nothing written over it

		// a key row altered in the store does not unwrap
		DataKeyRecord stored = this.keys.latest("account|a");
		byte[] altered = stored.wrappedKey().clone();
		altered[20] ^= 1;
		this.keys.rewrap(stored.rewrapped(altered, stored.masterKeyId()), stored.masterKeyId());
		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1));
			assertThat(((CommandReply.Failed<Account>) reply).error())
				.hasMessageContaining("does not unwrap with master key '" + idA + "'");
		}
	}

	@Test
	void aMissingOrMalformedMasterKeyFailsTheConfigurationNamingTheProperty() {
		assertThatThrownBy(() -> EncryptionSettings.withMasterKey("")).isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("ego.encryption.master-key is not set");
		assertThatThrownBy(() -> EncryptionSettings.withMasterKey("not base64 at all!"))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("ego.encryption.master-key is not valid base64");
		String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
		assertThatThrownBy(() -> EncryptionSettings.withMasterKey(shortKey))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("ego.encryption.master-key must be 32 bytes (256 bits) in base64 but is 16 bytes");
		assertThatThrownBy(() -> LocalMasterKeyProvider.fromBase64(KEY_A, List.of("AAAA")))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("ego.encryption.previous-master-keys[0]");
		assertThatThrownBy(() -> EncryptionSettings.of(null)).isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("ego.encryption.master-key");
		assertThatThrownBy(() -> EgoEngine.builder()
			.eventStore(new InMemoryEventStore())
			.encryption(EncryptionSettings.withMasterKey(KEY_A))
			.eventSourced("account", new AccountBehavior())
			.build()).isInstanceOf(EngineConfigurationException.class).hasMessageContaining("data key store");
		assertThat(LocalMasterKeyProvider.fromBase64(KEY_A, List.of()).toString()).doesNotContain(KEY_A);
	}

	@Test
	void withoutEncryptionPayloadsArePlainAndNoKeyIsCreated() {
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.dataKeyStore(this.keys)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 10, OWNER));
		}
		PersistedEvent row = history("account|a").get(0);
		assertThat(row.keyId()).isNull();
		assertThat(row.payload()).isEqualTo(
				AccountOpened.newBuilder().setId("a").setInitialBalance(10).setOwner(OWNER).build().toByteArray());
		assertThat(this.keys.size()).isZero();
	}

	@Test
	void encryptedAndPlainHistoriesMixWhenEncryptionIsTurnedOnLater() {
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 10, OWNER));
		}
		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 5)).state().getBalance())
				.isEqualTo(15);
		}
		assertThat(history("account|a")).extracting(PersistedEvent::keyId).first().isNull();
		assertThat(history("account|a").get(1).keyId()).startsWith("dk1.");
		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)).state().getBalance())
				.isEqualTo(16);
		}
	}

	@Test
	void durableStatesStayPlainUnlessAsked() {
		try (EgoEngine engine = builder(keys(KEY_A).withDurableState(false)).build()) {
			engine.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(5));
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 1, OWNER));
		}
		assertThat(this.states.get("counter|c").keyId()).isNull();
		assertThat(this.states.get("counter|c").payload())
			.isEqualTo(Counter.newBuilder().setValue(5).build().toByteArray());
		assertThat(history("account|a").get(0).keyId()).isNotNull();
		// turned on later: the plain state is still read
		try (EgoEngine engine = builder(keys(KEY_A)).build()) {
			assertThat(engine.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(1)).state().getValue())
				.isEqualTo(6);
		}
		assertThat(this.states.get("counter|c").keyId()).isNotNull();
	}

}
