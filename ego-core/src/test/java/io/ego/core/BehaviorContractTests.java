package io.ego.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.Increment;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behaviours that break their contract or throw: only the command concerned is affected.
 */
class BehaviorContractTests {

	@Test
	void anExceptionInTheHandlerRejectsOnlyThatCommand() {
		EventSourcedBehavior<Account> throwing = new AccountBehavior() {
			@Override
			public List<? extends Message> handleCommand(Message command, Account state) {
				if (command instanceof CreditAccount credit && credit.getAmount() == 13) {
					throw new IllegalStateException("unlucky amount");
				}
				return super.handleCommand(command, state);
			}
		};
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().eventSourced("account", throwing).build()) {
			EntityRef<Account> ref = engine.entity("account", "e");
			ref.askAndWait(open("e", 0));
			CommandReply<Account> rejected = ref.askAndWait(credit("e", 13));
			assertThat(rejected).isInstanceOfSatisfying(CommandReply.Rejected.class, (r) -> {
				assertThat(r.reason()).isEqualTo("unlucky amount");
				assertThat(r.rejection().getCause()).isInstanceOf(IllegalStateException.class);
			});
			assertThat(ref.askAndWait(credit("e", 2)).state().getBalance()).isEqualTo(2);
			assertThat(ref.askAndWait(credit("e", 2)).revision()).isEqualTo(3);
		}
	}

	@Test
	void aNullEventIsAContractViolationNamingTheType() {
		EventSourcedBehavior<Account> nulls = new AccountBehavior() {
			@Override
			public List<? extends Message> handleCommand(Message command, Account state) {
				return (command instanceof CreditAccount) ? Arrays.asList((Message) null)
						: super.handleCommand(command, state);
			}
		};
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().eventSourced("account", nulls).build()) {
			EntityRef<Account> ref = engine.entity("account", "n");
			ref.askAndWait(open("n", 0));
			assertThat(ref.askAndWait(credit("n", 1))).isInstanceOfSatisfying(CommandReply.Failed.class,
					(failed) -> assertThat(failed.error()).isInstanceOf(BehaviorContractException.class)
						.hasMessageContaining("'account'")
						.hasMessageContaining("null event")
						.hasMessageContaining("ego.test.bank.CreditAccount"));
			assertThat(ref.askAndWait(open("again", 0))).isInstanceOf(CommandReply.Rejected.class);
		}
	}

	@Test
	void aDurableHandlerReturningAnotherStateTypeIsAContractViolation() {
		DurableStateBehavior<Message> wrong = new DurableStateBehavior<>() {
			@Override
			public Message initialState() {
				return Counter.getDefaultInstance();
			}

			@Override
			public Message handleCommand(Message command, Message state, long revision) {
				return Account.getDefaultInstance();
			}
		};
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().durableState("counter", wrong).build()) {
			CommandReply<Message> reply = engine.<Message>entity("counter", "w")
				.askAndWait(Increment.getDefaultInstance());
			assertThat(reply).isInstanceOfSatisfying(CommandReply.Failed.class,
					(failed) -> assertThat(failed.error()).isInstanceOf(BehaviorContractException.class)
						.hasMessageContaining("ego.test.bank.Account")
						.hasMessageContaining("ego.test.bank.Counter"));
		}
	}

	@Test
	void anUnreadableStoredEventFailsRecoveryClearlyAndRetriesLater() {
		InMemoryEventStore journal = new InMemoryEventStore();
		journal.append("account|u", 0,
				List.of(new PersistedEvent("account|u", "account", 1, 0, PersistedEvent.sliceOf("account|u"),
						"ego.test.bank.Unknown", new byte[0], Instant.now(), Map.of(), null)));
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(journal)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, "u").askAndWait(credit("u", 1));
			assertThat(reply).isInstanceOfSatisfying(CommandReply.Failed.class,
					(failed) -> assertThat(failed.error()).isInstanceOf(RecoveryFailedException.class)
						.hasMessageContaining("ego.test.bank.Unknown")
						.hasMessageContaining("account|u"));
			assertThat(engine.entity(AccountBehavior.class, "other").askAndWait(open("other", 1)).isAccepted())
				.isTrue();
		}
	}

}
