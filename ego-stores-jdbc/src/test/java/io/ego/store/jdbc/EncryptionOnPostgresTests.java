package io.ego.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EntitySettings;
import io.ego.core.RecoveryFailedException;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encryption at rest and erasure on the real PostgreSQL: what the rows hold, what
 * tampering does, what erasure leaves, and a master key rotation across a restart.
 *
 * @author eGo team
 * @since 0.1.0
 */
class EncryptionOnPostgresTests {

	private static final String OWNER = "owner-7c1e9a";

	private final JdbcStoreOptions options = TestDatabases.freshSchema(JdbcDialect.POSTGRESQL, "enc_");

	private final DataSource dataSource = TestDatabases.of(JdbcDialect.POSTGRESQL);

	private final Tables tables = new Tables(this.options.tablePrefix());

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final byte[] oldKey = Base64.getDecoder().decode(LocalMasterKeyProvider.generateKey());

	private final byte[] newKey = Base64.getDecoder().decode(LocalMasterKeyProvider.generateKey());

	EncryptionOnPostgresTests() {
		new JdbcEventStore(this.dataSource, this.options).close();
		TestDatabases.truncate(this.dataSource, this.tables.journal(), this.tables.journalHighest(),
				this.tables.snapshot(), this.tables.durableState(), this.tables.consumerOffset(),
				this.tables.consumerLease(), this.tables.deadLetter(), this.tables.dataKey(),
				this.tables.erasureMarker());
	}

	private EgoEngine engine(JdbcEventStore events, LocalMasterKeyProvider keys, Projection projection) {
		return EgoEngine.builder()
			.eventStore(events)
			.snapshotStore(new JdbcSnapshotStore(this.dataSource, this.options))
			.durableStateStore(new JdbcDurableStateStore(this.dataSource, this.options))
			.offsetStore(new JdbcOffsetStore(this.dataSource, this.options))
			.deadLetterStore(new JdbcDeadLetterStore(this.dataSource, this.options))
			.dataKeyStore(new JdbcDataKeyStore(this.dataSource, this.options))
			.erasureStore(new JdbcErasureStore(this.dataSource, this.options))
			.encryption(EncryptionSettings.of(keys).withDurableState(true))
			.eventSourced("account", new AccountBehavior(), EntitySettings.defaults().withSnapshotInterval(2))
			.durableState("counter", new CounterBehavior())
			.projection("reader", projection, ProjectionSettings.defaults().withPullInterval(Duration.ofMillis(20)))
			.build();
	}

	@Test
	void rowsHoldNoPlaintextTamperingFailsErasureShredsAndARotatedKeyStillDecrypts() {
		List<String> erasedSeen = new CopyOnWriteArrayList<>();
		List<String> handled = new CopyOnWriteArrayList<>();
		Projection reader = new Projection() {
			@Override
			public void handle(EventEnvelope envelope) {
				handled.add(envelope.persistenceId());
			}

			@Override
			public void onErased(EventEnvelope envelope) {
				erasedSeen.add(envelope.persistenceId());
			}
		};
		String victim = OWNER + "-a";
		String other = OWNER + "-b";
		try (JdbcEventStore events = new JdbcEventStore(this.dataSource, this.options)) {
			try (EgoEngine engine = engine(events, LocalMasterKeyProvider.of(this.oldKey, List.of()), reader)) {
				for (String id : List.of(victim, other)) {
					engine.entity(AccountBehavior.class, id).askAndWait(open(id, 100));
					engine.entity(AccountBehavior.class, id).askAndWait(credit(id, 1));
					engine.entity(AccountBehavior.class, id).askAndWait(credit(id, 2));
					engine.entity(CounterBehavior.class, id).askAndWait(CounterBehavior.by(987_654_321));
				}
				awaitTrue("the two snapshots", () -> count(this.tables.snapshot()) == 2);

				// raw rows: no owner id, no serialized state, anywhere
				byte[] counter = Counter.newBuilder().setValue(987_654_321).build().toByteArray();
				for (String table : List.of(this.tables.journal(), this.tables.snapshot(),
						this.tables.durableState())) {
					for (byte[] payload : this.jdbc.sql("SELECT payload FROM " + table).query(byte[].class).list()) {
						assertThat(new String(payload, StandardCharsets.ISO_8859_1)).as(table)
							.doesNotContain(OWNER)
							.doesNotContain(new String(counter, StandardCharsets.ISO_8859_1));
					}
				}

				// erase one of the two
				engine.eraseEntity("account", victim);
				engine.eraseEntity("counter", victim);
				assertThat(this.jdbc
					.sql("SELECT COUNT(*) FROM " + this.tables.dataKey()
							+ " WHERE persistence_id LIKE ? AND wrapped_key IS NOT NULL")
					.param("%|" + victim)
					.query(Long.class)
					.single()).isZero();
				assertThat(this.jdbc.sql("SELECT COUNT(*) FROM " + this.tables.snapshot() + " WHERE persistence_id = ?")
					.param("account|" + victim)
					.query(Long.class)
					.single()).isZero();
				assertThat(this.jdbc
					.sql("SELECT COUNT(*) FROM " + this.tables.durableState() + " WHERE persistence_id = ?")
					.param("counter|" + victim)
					.query(Long.class)
					.single()).isZero();
				assertThat(this.jdbc
					.sql("SELECT COUNT(*) FROM " + this.tables.dataKey()
							+ " WHERE persistence_id = ? AND wrapped_key IS NOT NULL")
					.param("account|" + other)
					.query(Long.class)
					.single()).isEqualTo(1);
				// the lag is measured to the head, which on PostgreSQL stays behind while
				// older transactions of the server run (see Horizon): no lag alone does
				// not mean that the projection saw these events
				awaitTrue("the projection past both accounts' events",
						() -> erasedSeen.contains("account|" + victim) && handled.contains("account|" + other)
								&& engine.projections().status("reader").lagEvents() == 0);
				assertThat(erasedSeen).contains("account|" + victim).doesNotContain("account|" + other);
				assertThat(handled).contains("account|" + other);
				assertThat(engine.projections().status("reader").state().name()).isEqualTo("RUNNING");
			}

			// restart with the master key rotated: the old data keys still unwrap, and
			// can be rewrapped
			try (EgoEngine engine = engine(events, LocalMasterKeyProvider.of(this.newKey, List.of(this.oldKey)),
					(envelope) -> {
					})) {
				CommandReply<Account> reply = engine.entity(AccountBehavior.class, other).askAndWait(credit(other, 4));
				assertThat(reply.state().getBalance()).isEqualTo(107);
				assertThat(engine.rewrapDataKeys()).isPositive();
				assertThat(
						engine.<Counter>entity("counter", other).askAndWait(CounterBehavior.by(0)).state().getValue())
					.isEqualTo(987_654_321);
			}

			// swap the ciphertexts of two events of the same entity: recovery fails
			// clearly, never a wrong state
			List<byte[]> payloads = this.jdbc
				.sql("SELECT payload FROM " + this.tables.journal()
						+ " WHERE persistence_id = ? AND seq_nr IN (2, 3) ORDER BY seq_nr")
				.param("account|" + other)
				.query(byte[].class)
				.list();
			this.jdbc
				.sql("UPDATE " + this.tables.journal() + " SET payload = ? WHERE persistence_id = ? AND seq_nr = 2")
				.params(payloads.get(1), "account|" + other)
				.update();
			this.jdbc
				.sql("UPDATE " + this.tables.journal() + " SET payload = ? WHERE persistence_id = ? AND seq_nr = 3")
				.params(payloads.get(0), "account|" + other)
				.update();
			this.jdbc.sql("DELETE FROM " + this.tables.snapshot() + " WHERE persistence_id = ?")
				.param("account|" + other)
				.update();
			try (EgoEngine engine = engine(events, LocalMasterKeyProvider.of(this.newKey, List.of()), (envelope) -> {
			})) {
				CommandReply<Account> reply = engine.entity(AccountBehavior.class, other).askAndWait(credit(other, 1));
				assertThat(reply).isInstanceOfSatisfying(CommandReply.Failed.class,
						(failed) -> assertThat(failed.error()).isInstanceOf(RecoveryFailedException.class)
							.hasMessageContaining("account|" + other));
			}
		}
	}

	private void awaitTrue(String what, BooleanSupplier condition) {
		Horizon.await(what, this.dataSource, condition::getAsBoolean, (holds) -> holds);
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

}
