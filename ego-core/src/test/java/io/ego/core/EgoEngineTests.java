package io.ego.core;

import java.time.Duration;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.debit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link EgoEngine}: the command path of both kinds of entity.
 */
class EgoEngineTests {

	private final EgoEngine engine = EgoEngine.builder()
		.inMemoryStores()
		.eventSourced("account", new AccountBehavior())
		.durableState("counter", new CounterBehavior())
		.build();

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void bankAccountAcceptsAndRejectsCommands() {
		EntityRef<Account> account = this.engine.entity(AccountBehavior.class, "acc-1");
		CommandReply<Account> opened = account.askAndWait(open("acc-1", 100));
		assertThat(opened).isEqualTo(new CommandReply.Accepted<>(
				Account.newBuilder().setId("acc-1").setBalance(100).setOpen(true).build(), 1));
		assertThat(account.askAndWait(credit("acc-1", 50)).state().getBalance()).isEqualTo(150);
		CommandReply<Account> overdrawn = account.askAndWait(debit("acc-1", 500));
		assertThat(overdrawn).isInstanceOfSatisfying(CommandReply.Rejected.class,
				(rejected) -> assertThat(rejected.reason()).contains("insufficient funds"));
		CommandReply<Account> debited = account.askAndWait(debit("acc-1", 30));
		assertThat(debited.state().getBalance()).isEqualTo(120);
		assertThat(debited.revision()).isEqualTo(3);
	}

	@Test
	void asyncAskCompletesWithTheReply() {
		EntityRef<Account> account = this.engine.entity(AccountBehavior.class, "acc-async");
		CommandReply<Account> reply = account.ask(open("acc-async", 7)).join();
		assertThat(reply.state().getBalance()).isEqualTo(7);
		assertThat(this.engine.askAndWait("account", "acc-async", credit("acc-async", 3)).revision()).isEqualTo(2);
	}

	@Test
	void rejectedStateAccessThrowsTheRejection() {
		CommandReply<Account> reply = this.engine.entity(AccountBehavior.class, "closed").askAndWait(credit("x", 1));
		assertThat(reply.isAccepted()).isFalse();
		assertThatThrownBy(reply::state).isInstanceOf(CommandRejectedException.class).hasMessage("account is not open");
	}

	@Test
	void unsupportedCommandIsRejectedNamingItsType() {
		CommandReply<Account> reply = this.engine.entity(AccountBehavior.class, "a").askAndWait(CounterBehavior.by(1));
		assertThat(reply).isInstanceOfSatisfying(CommandReply.Rejected.class,
				(rejected) -> assertThat(rejected.rejection()).isInstanceOf(UnsupportedCommandException.class)
					.hasMessageContaining("ego.test.bank.Increment"));
	}

	@Test
	void durableStateWritesNextRevisionAndSkipsNoOps() {
		EntityRef<Counter> counter = this.engine.entity(CounterBehavior.class, "c-1");
		assertThat(counter.askAndWait(CounterBehavior.by(5)))
			.isEqualTo(new CommandReply.Accepted<>(Counter.newBuilder().setValue(5).build(), 1));
		assertThat(counter.askAndWait(CounterBehavior.by(0)).revision()).isEqualTo(1);
		assertThat(counter.askAndWait(CounterBehavior.by(2)).revision()).isEqualTo(2);
		assertThat(counter.askAndWait(CounterBehavior.by(-1))).isInstanceOf(CommandReply.Rejected.class);
		assertThat(counter.askAndWait(CounterBehavior.by(0)).state().getValue()).isEqualTo(7);
	}

	@Test
	void invalidIdsAndUnknownTypesFailNamingWhatWasWrong() {
		assertThatThrownBy(() -> this.engine.entity(AccountBehavior.class, " ").askAndWait(open("x", 1)))
			.isInstanceOf(InvalidEntityIdException.class)
			.hasMessageContaining("'account'")
			.hasMessageContaining("blank");
		assertThatThrownBy(() -> this.engine.entity(AccountBehavior.class, "x".repeat(201)).askAndWait(open("x", 1)))
			.isInstanceOf(InvalidEntityIdException.class)
			.hasMessageContaining("201");
		assertThatThrownBy(() -> this.engine.entity(AccountBehavior.class, "a\nb").askAndWait(open("x", 1)))
			.isInstanceOf(InvalidEntityIdException.class)
			.hasMessageContaining("control character");
		assertThatThrownBy(() -> this.engine.entity("acount", "a")).isInstanceOf(UnknownEntityTypeException.class)
			.hasMessageContaining("'acount'")
			.hasMessageContaining("account");
		assertThatThrownBy(() -> this.engine.entity(AccountBehavior.class, "a").askAndWait(null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("account|a");
	}

	@Test
	void idsMayBeAnyNonBlankUtf8() {
		String id = "kunde:äöü/42@example.com 🙂";
		EntityRef<Account> account = this.engine.entity(AccountBehavior.class, id);
		assertThat(account.askAndWait(open(id, 1)).state().getId()).isEqualTo(id);
	}

	@Test
	void closedEngineFailsCommandsWithEngineStopped() {
		EntityRef<Account> account = this.engine.entity(AccountBehavior.class, "late");
		this.engine.close();
		assertThat(account.askAndWait(open("late", 1))).isInstanceOfSatisfying(CommandReply.Failed.class,
				(failed) -> assertThat(failed.error()).isInstanceOf(EngineStoppedException.class));
	}

	@Test
	void settingsRejectNonPositiveDurationsNamingTheProperty() {
		assertThatThrownBy(() -> EntitySettings.defaults().withPassivateAfter(Duration.ZERO))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("passivate-after");
		assertThatThrownBy(() -> EntitySettings.defaults().withBatching(10, Duration.ofMillis(-1)))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("batch-flush-window");
		assertThatThrownBy(() -> EntitySettings.defaults().withSnapshotInterval(-1))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("snapshot-interval");
		assertThatThrownBy(() -> EntitySettings.defaults().withRetention(new RetentionPolicy(true, false, 0)))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("snapshot-interval");
	}

	@Test
	void buildFailsWithoutTheStoresATypeNeeds() {
		assertThatThrownBy(() -> EgoEngine.builder().eventSourced("account", new AccountBehavior()).build())
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("'account' needs an event store");
		assertThatThrownBy(() -> EgoEngine.builder()
			.eventStore(new InMemoryEventStore())
			.eventSourced("account", new AccountBehavior(), EntitySettings.defaults().withSnapshotInterval(10))
			.build()).isInstanceOf(EngineConfigurationException.class).hasMessageContaining("no snapshot store");
		assertThatThrownBy(() -> EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.eventSourced("account", new AccountBehavior())).isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("registered twice");
		assertThatThrownBy(() -> EgoEngine.builder().eventSourced("bad name", new AccountBehavior()))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("'bad name'");
	}

	@Test
	void reportsEntityTypesWithLiveCounts() {
		this.engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 1));
		this.engine.entity(AccountBehavior.class, "b").askAndWait(open("b", 1));
		assertThat(this.engine.entityTypes())
			.extracting(EntityTypeInfo::name, EntityTypeInfo::kind, EntityTypeInfo::liveEntities)
			.containsExactly(Tuple.tuple("account", EntityTypeInfo.Kind.EVENT_SOURCED, 2),
					Tuple.tuple("counter", EntityTypeInfo.Kind.DURABLE_STATE, 0));
	}

}
