package io.ego.core.adapter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntityRef;
import io.ego.core.EntitySettings;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.RecoveryFailedException;
import io.ego.core.RetentionPolicy;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.InstrumentedEventStore;
import io.ego.core.observation.RecoveryContext;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.LegacyAccountOpened;
import io.ego.test.bank.OpenAccount;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Schema evolution: event adapters in recovery and projections, revisions recorded with
 * events, snapshots of a state revision the application no longer accepts discarded in
 * favour of replay.
 */
class SchemaEvolutionTests {

	static final String MASTER_KEY = LocalMasterKeyProvider.generateKey();

	static final ProjectionSettings FAST = ProjectionSettings.defaults().withPullInterval(Duration.ofMillis(20));

	/**
	 * Accounts used to open with a deposit; today an account opens empty and the deposit
	 * is a credit.
	 */
	static final EventAdapter SPLIT_OPENING = EventAdapter.of("ego.test.bank.LegacyAccountOpened", 1, (stored) -> {
		LegacyAccountOpened old = stored.parseAs(LegacyAccountOpened.getDefaultInstance());
		return List.of(AccountOpened.newBuilder().setId(old.getId()).setOwner(old.getOwner()).build(),
				AccountCredited.newBuilder().setId(old.getId()).setAmount(old.getDeposit()).build());
	});

	private final InstrumentedEventStore journal = new InstrumentedEventStore(new InMemoryEventStore());

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final InMemoryDataKeyStore keys = new InMemoryDataKeyStore();

	private EgoEngineBuilder builder(EventSourcedBehavior<Account> behavior, SchemaEvolution schema) {
		return builder(behavior, schema, EntitySettings.defaults().withSnapshotInterval(2));
	}

	private EgoEngineBuilder builder(EventSourcedBehavior<Account> behavior, SchemaEvolution schema,
			EntitySettings settings) {
		return EgoEngine.builder()
			.eventStore(this.journal)
			.snapshotStore(this.snapshots)
			.offsetStore(new InMemoryOffsetStore())
			.dataKeyStore(this.keys)
			.encryption(EncryptionSettings.withMasterKey(MASTER_KEY))
			.schemaEvolution(schema)
			.eventSourced("account", behavior, settings);
	}

	/** The behaviour of an older release: it wrote LegacyAccountOpened. */
	static final class LegacyBehavior implements EventSourcedBehavior<Account> {

		@Override
		public Account initialState() {
			return Account.getDefaultInstance();
		}

		@Override
		public List<? extends Message> handleCommand(Message command, Account state) {
			OpenAccount open = (OpenAccount) command;
			return List.of(LegacyAccountOpened.newBuilder()
				.setId(open.getId())
				.setDeposit(open.getInitialBalance())
				.setOwner(open.getOwner())
				.build());
		}

		@Override
		public Account handleEvent(Message event, Account state) {
			LegacyAccountOpened opened = (LegacyAccountOpened) event;
			return state.toBuilder().setId(opened.getId()).setBalance(opened.getDeposit()).setOpen(true).build();
		}

	}

	/** Today's account behaviour, recording the events it folds. */
	static final class RecordingBehavior implements EventSourcedBehavior<Account> {

		final AccountBehavior delegate = new AccountBehavior();

		final List<Message> folded = new CopyOnWriteArrayList<>();

		@Override
		public Account initialState() {
			return this.delegate.initialState();
		}

		@Override
		public List<? extends Message> handleCommand(Message command, Account state) {
			return this.delegate.handleCommand(command, state);
		}

		@Override
		public Account handleEvent(Message event, Account state) {
			this.folded.add(event);
			return this.delegate.handleEvent(event, state);
		}

	}

	@Test
	void anAdapterSplittingAnOldEventIntoTwoFeedsRecoveryAndProjectionsTheTwoNewEvents() {
		try (EgoEngine engine = builder(new LegacyBehavior(), SchemaEvolution.none()).build()) {
			engine.entity(LegacyBehavior.class, "a").askAndWait(open("a", 50, "Ada"));
		}
		// decrypted, then adapted
		assertThat(this.journal.replay("account|a", 1, 1, 1).get(0).keyId()).isNotNull();

		RecordingBehavior behavior = new RecordingBehavior();
		List<EventEnvelope> projected = new CopyOnWriteArrayList<>();
		SchemaEvolution schema = SchemaEvolution.builder().adapter(SPLIT_OPENING).build();
		try (EgoEngine engine = builder(behavior, schema).projection("reader", projected::add, FAST).build()) {
			Account state = engine.entity(RecordingBehavior.class, "a").askAndWait(credit("a", 5)).state();
			assertThat(state).isEqualTo(Account.newBuilder().setId("a").setBalance(55).setOpen(true).build());
			assertThat(behavior.folded).containsExactly(AccountOpened.newBuilder().setId("a").setOwner("Ada").build(),
					AccountCredited.newBuilder().setId("a").setAmount(50).build(),
					AccountCredited.newBuilder().setId("a").setAmount(5).build());
			await().until(() -> projected.size() == 3);
		}
		assertThat(projected).extracting(EventEnvelope::sequenceNr).containsExactly(1L, 1L, 2L);
		assertThat(projected).extracting(EventEnvelope::event)
			.containsExactly(AccountOpened.newBuilder().setId("a").setOwner("Ada").build(),
					AccountCredited.newBuilder().setId("a").setAmount(50).build(),
					AccountCredited.newBuilder().setId("a").setAmount(5).build());
		assertThat(projected.get(0).position()).isEqualTo(projected.get(1).position());
	}

	@Test
	void anAdapterReadsARetiredTypeAndAnEmptyResultDropsTheEvent() {
		Instant now = Instant.now();
		byte[] legacy = LegacyAccountOpened.newBuilder().setId("r").setDeposit(8).build().toByteArray();
		this.journal.append("account|r", 0,
				List.of(new PersistedEvent("account|r", "account", 1, 0, PersistedEvent.sliceOf("account|r"),
						"ego.test.bank.AccountOpenedWithDeposit", legacy, now, Map.of(), null),
						new PersistedEvent("account|r", "account", 2, 0, PersistedEvent.sliceOf("account|r"),
								"ego.test.bank.AuditNote", new byte[] { 10, 1, 'x' }, now, Map.of(), null)));
		SchemaEvolution schema = SchemaEvolution.builder()
			.adapter(EventAdapter.of("ego.test.bank.AccountOpenedWithDeposit", 1,
					(stored) -> SPLIT_OPENING.adapt(new StoredEvent(stored.persistenceId(), stored.sequenceNr(),
							"ego.test.bank.LegacyAccountOpened", 1, stored.payload(), stored.metadata()))))
			.adapter(EventAdapter.of("ego.test.bank.AuditNote", 1, (stored) -> List.of()))
			.build();
		List<EventEnvelope> projected = new CopyOnWriteArrayList<>();
		try (EgoEngine engine = builder(new AccountBehavior(), schema).projection("reader", projected::add, FAST)
			.build()) {
			var reply = engine.entity(AccountBehavior.class, "r").askAndWait(credit("r", 1));
			assertThat(reply.state().getBalance()).isEqualTo(9);
			assertThat(reply.revision()).isEqualTo(3);
			await().until(() -> projected.size() == 3);
			await().until(() -> engine.projections().status("reader").lagEvents() == 0);
		}
		assertThat(projected).extracting(EventEnvelope::sequenceNr).containsExactly(1L, 1L, 3L);
	}

	@Test
	void eventsRecordTheRevisionTheyWereWrittenAtAndAdaptersReadOnlyOlderOnes() {
		try (EgoEngine engine = builder(new AccountBehavior(), SchemaEvolution.none()).build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 0, "Ada"));
			// revision 1: amounts were in tens
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 3));
		}
		SchemaEvolution schema = SchemaEvolution.builder()
			.revision(AccountCredited.getDefaultInstance(), 2)
			// snapshots folded old amounts: they are no longer right
			.revision(Account.getDefaultInstance(), 2)
			.adapter(EventAdapter.of("ego.test.bank.AccountCredited", 1, (stored) -> {
				AccountCredited old = stored.parseAs(AccountCredited.getDefaultInstance());
				return List.of(old.toBuilder().setAmount(old.getAmount() * 10).build());
			}))
			.build();
		try (EgoEngine engine = builder(new AccountBehavior(), schema).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 4)).state().getBalance())
				.isEqualTo(34);
		}
		List<PersistedEvent> rows = this.journal.replay("account|a", 1, Long.MAX_VALUE, 10);
		assertThat(rows.get(0).metadata()).doesNotContainKey(SchemaEvolution.REVISION_KEY);
		assertThat(rows.get(1).metadata()).doesNotContainKey(SchemaEvolution.REVISION_KEY);
		assertThat(rows.get(2).metadata()).containsEntry(SchemaEvolution.REVISION_KEY, "2");
		// from the revision-2 snapshot
		try (EgoEngine engine = builder(new AccountBehavior(), schema).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 0)).state().getBalance())
				.isEqualTo(34);
		}
	}

	@Test
	void aSnapshotOfAStateRevisionNoLongerAcceptedIsDiscardedAndTheEntityReplays() {
		try (EgoEngine engine = builder(new AccountBehavior(), SchemaEvolution.none()).build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 100, "Ada"));
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 5));
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 7));
		}
		// the snapshot at 2 holds a state the application reads differently now (revision
		// 1, in plaintext)
		Account misread = Account.newBuilder().setId("a").setBalance(999_999).setOpen(true).build();
		this.snapshots.save(new SnapshotRecord("account|a", "account", 2, "ego.test.bank.Account",
				misread.toByteArray(), Instant.now(), null));

		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		List<RecoveryContext> recoveries = new CopyOnWriteArrayList<>();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<RecoveryContext>() {

			@Override
			public void onStop(RecoveryContext context) {
				recoveries.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof RecoveryContext;
			}

		});
		SchemaEvolution accountAt2 = SchemaEvolution.builder().revision(Account.getDefaultInstance(), 2).build();
		this.journal.replays.clear();
		try (EgoEngine engine = builder(new AccountBehavior(), accountAt2).meterRegistry(meters)
			.observationRegistry(observations)
			.build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)).state().getBalance())
				.isEqualTo(113);
			await().until(() -> this.snapshots.latest("account|a").sequenceNr() == 4);
		}
		assertThat(this.journal.replays.get(0)[0]).as("replayed from the first event").isEqualTo(1);
		assertThat(meters.get("ego.snapshots.discarded").tag("ego.reason", "state-revision").counter().count())
			.isEqualTo(1);
		assertThat(recoveries).hasSize(1);
		assertThat(recoveries.get(0).getSnapshotDiscarded()).isEqualTo("state-revision");
		assertThat(recoveries.get(0).isFromSnapshot()).isFalse();

		// the new snapshot records revision 2 (inside its ciphertext): accepted at
		// revision 2 ...
		assertThat(this.snapshots.latest("account|a").keyId()).isNotNull();
		this.journal.replays.clear();
		try (EgoEngine engine = builder(new AccountBehavior(), accountAt2).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)).state().getBalance())
				.isEqualTo(114);
		}
		assertThat(this.journal.replays.get(0)[0]).as("replayed after the snapshot").isEqualTo(5);

		// ... and discarded by a release that accepts revision 1 only
		this.journal.replays.clear();
		try (EgoEngine engine = builder(new AccountBehavior(), SchemaEvolution.none()).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)).state().getBalance())
				.isEqualTo(115);
		}
		assertThat(this.journal.replays.get(0)[0]).isEqualTo(1);
	}

	@Test
	void aTrimmedHistoryWhoseStateRevisionChangedRecoversThroughASnapshotAdapterAndNeverSilentlyFails() {
		EntitySettings trimming = EntitySettings.defaults()
			.withSnapshotInterval(2)
			.withRetention(new RetentionPolicy(true, false, 0));
		try (EgoEngine engine = builder(new AccountBehavior(), SchemaEvolution.none(), trimming).build()) {
			EntityRef<Account> a = engine.entity(AccountBehavior.class, "a");
			a.askAndWait(open("a", 100, "Ada"));
			for (int i = 1; i <= 5; i++) {
				a.askAndWait(credit("a", i));
			}
			// snapshot at 6, events up to 5 deleted: the snapshot is the only record of
			// them
			await().until(() -> this.snapshots.latest("account|a") != null
					&& this.snapshots.latest("account|a").sequenceNr() == 6
					&& this.journal.replay("account|a", 1, Long.MAX_VALUE, 10).get(0).sequenceNr() == 6);
		}
		SchemaEvolution accountAt2 = SchemaEvolution.builder().revision(Account.getDefaultInstance(), 2).build();

		// retention on, an older state revision unreadable: the engine refuses to start,
		// naming type and revisions
		assertThatThrownBy(() -> builder(new AccountBehavior(), accountAt2, trimming).build())
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("'account'")
			.hasMessageContaining("ego.test.bank.Account")
			.hasMessageContaining("revision(s) [1]");

		// without retention it starts, but the trimmed entity fails recovery saying why
		// (nothing is deleted)
		try (EgoEngine engine = builder(new AccountBehavior(), accountAt2).build()) {
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1));
			assertThat(reply).isInstanceOfSatisfying(CommandReply.Failed.class, (failed) -> {
				assertThat(failed.error()).isInstanceOf(RecoveryFailedException.class)
					.hasMessageContaining("revision 1")
					.hasMessageContaining("SnapshotAdapter");
				assertThat(failed.outcomeUnknown()).isFalse();
			});
		}
		assertThat(this.snapshots.latest("account|a").sequenceNr()).as("the snapshot is kept").isEqualTo(6);

		// with a snapshot adapter for revision 1 it recovers from the snapshot, retention
		// on
		SchemaEvolution adapted = SchemaEvolution.builder()
			.revision(Account.getDefaultInstance(), 2)
			.snapshotAdapter(SnapshotAdapter.of("ego.test.bank.Account", 1,
					(stored) -> stored.parseAs(Account.getDefaultInstance())))
			.build();
		try (EgoEngine engine = builder(new AccountBehavior(), adapted, trimming).build()) {
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1));
			assertThat(reply.state().getBalance()).isEqualTo(100 + 15 + 1);
			assertThat(reply.revision()).isEqualTo(7);
		}
	}

	@Test
	void aSnapshotAdapterReadsARenamedStateTypeAndMustReturnTheCurrentOne() {
		try (EgoEngine engine = builder(new AccountBehavior(), SchemaEvolution.none()).build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 100, "Ada"));
		}
		// a snapshot an older release wrote under another state type name
		this.snapshots.save(new SnapshotRecord("account|a", "account", 1, "ego.test.bank.LegacyAccount",
				Account.newBuilder().setId("a").setBalance(100).setOpen(true).build().toByteArray(), Instant.now(),
				null));
		SchemaEvolution renamed = SchemaEvolution.builder()
			.snapshotAdapter(SnapshotAdapter.of("ego.test.bank.LegacyAccount", 1,
					(stored) -> stored.parseAs(Account.getDefaultInstance()).toBuilder().setBalance(42).build()))
			.build();
		try (EgoEngine engine = builder(new AccountBehavior(), renamed).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)).state().getBalance())
				.as("recovered from the adapted snapshot, not by replay")
				.isEqualTo(43);
		}
		SchemaEvolution wrong = SchemaEvolution.builder()
			.snapshotAdapter(SnapshotAdapter.of("ego.test.bank.LegacyAccount", 1,
					(stored) -> AccountCredited.getDefaultInstance()))
			.build();
		this.snapshots.save(new SnapshotRecord("account|a", "account", 2, "ego.test.bank.LegacyAccount",
				Account.getDefaultInstance().toByteArray(), Instant.now(), null));
		try (EgoEngine engine = builder(new AccountBehavior(), wrong).build()) {
			assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1))).isInstanceOfSatisfying(
					CommandReply.Failed.class,
					(failed) -> assertThat(failed.error()).isInstanceOf(RecoveryFailedException.class)
						.hasMessageContaining("ego.test.bank.AccountCredited"));
		}
	}

	@Test
	void theBuilderRejectsAdaptersThatCannotBeRight() {
		assertThatThrownBy(() -> SchemaEvolution.builder().adapter(SPLIT_OPENING).adapter(SPLIT_OPENING).build())
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("two event adapters read 'ego.test.bank.LegacyAccountOpened' revision 1");
		assertThatThrownBy(() -> SchemaEvolution.builder()
			.revision("ego.test.bank.LegacyAccountOpened", 1)
			.adapter(SPLIT_OPENING)
			.build()).isInstanceOf(EngineConfigurationException.class).hasMessageContaining("older revisions only");
		assertThatThrownBy(() -> SchemaEvolution.builder().revision("x.Y", 0))
			.isInstanceOf(EngineConfigurationException.class);
		assertThatThrownBy(() -> SchemaEvolution.builder().adapter(EventAdapter.of("x.Y", 0, (e) -> List.of())).build())
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("revision >= 1");
		assertThat(SchemaEvolution.builder().build()).isSameAs(SchemaEvolution.none());
	}

	@Test
	void aFailingAdapterFailsRecoveryNamingTheAdapterAndTheEvent() {
		try (EgoEngine engine = builder(new LegacyBehavior(), SchemaEvolution.none()).build()) {
			engine.entity(LegacyBehavior.class, "a").askAndWait(open("a", 50, "Ada"));
		}
		SchemaEvolution broken = SchemaEvolution.builder()
			.adapter(EventAdapter.of("ego.test.bank.LegacyAccountOpened", 1, (stored) -> null))
			.build();
		try (EgoEngine engine = builder(new AccountBehavior(), broken).build()) {
			var reply = engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 5));
			assertThat(reply.isAccepted()).isFalse();
			assertThatThrownBy(reply::state).hasMessageContaining("returned null")
				.hasMessageContaining("account|a#1 ego.test.bank.LegacyAccountOpened revision 1");
		}
	}

}
