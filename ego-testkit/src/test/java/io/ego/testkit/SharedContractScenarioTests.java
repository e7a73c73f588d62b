package io.ego.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.ego.core.BehaviorContract;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandContext;
import io.ego.core.CommandReply;
import io.ego.core.DurableStateHandlers;
import io.ego.core.Effect;
import io.ego.core.EgoEngine;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.EventSourcedHandlers;
import io.ego.core.UnsupportedCommandException;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountDebited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.DebitAccount;
import io.ego.test.bank.GetAccount;
import io.ego.test.bank.Increment;
import io.ego.test.bank.OpenAccount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenarios decide with the engine's own {@link BehaviorContract}: typed handlers, the
 * command context, and the contract violations the engine fails on.
 */
class SharedContractScenarioTests {

	static final class TypedAccount extends EventSourcedHandlers<Account> {

		final List<String> contexts = new ArrayList<>();

		@Override
		public Account initialState() {
			return Account.getDefaultInstance();
		}

		@Override
		protected void define(Builder<Account> handlers) {
			handlers.onCommand(OpenAccount.class, AccountOpened.class, this::open)
				.onCommand(DebitAccount.class, AccountDebited.class,
						(debit, state, context) -> (debit.getAmount() > state.getBalance())
								? Effect.reject("insufficient funds")
								: Effect.persist(AccountDebited.newBuilder().setAmount(debit.getAmount()).build()))
				.onCommand(GetAccount.class, (get, state, context) -> Effect.none())
				.onEvent(AccountOpened.class,
						(opened, state) -> state.toBuilder()
							.setId(opened.getId())
							.setBalance(opened.getInitialBalance())
							.setOpen(true)
							.build())
				.onEvent(AccountDebited.class, (debited,
						state) -> state.toBuilder().setBalance(state.getBalance() - debited.getAmount()).build());
		}

		private Effect<AccountOpened> open(OpenAccount open, Account state, CommandContext context) {
			this.contexts.add(context.persistenceId() + "@" + context.sequenceNr() + "#" + context.commandId() + " "
					+ context.metadata());
			return state.getOpen() ? Effect.reject("already open")
					: Effect.persist(AccountOpened.newBuilder()
						.setId(context.entityId())
						.setInitialBalance(open.getInitialBalance())
						.build());
		}

	}

	@Test
	void aTypedBehaviourIsTestedAsTheEngineRunsIt() {
		EventSourcedScenario<Account> accounts = EventSourcedScenario.of(new TypedAccount()).withEntityId("a");
		accounts.when(OpenAccount.newBuilder().setInitialBalance(10).build())
			.thenEvents(AccountOpened.newBuilder().setId("a").setInitialBalance(10).build())
			.thenState(Account.newBuilder().setId("a").setBalance(10).setOpen(true).build());
		EventSourcedScenario<Account> open = accounts
			.givenEvents(AccountOpened.newBuilder().setId("a").setInitialBalance(10).build());
		open.when(DebitAccount.newBuilder().setAmount(11).build()).thenRejected("insufficient funds");
		open.when(GetAccount.getDefaultInstance()).thenNoEvents();
		open.when(Increment.getDefaultInstance()).thenRejected(UnsupportedCommandException.class);
	}

	@Test
	void theBehaviourSeesTheScenariosContext() {
		TypedAccount behavior = new TypedAccount();
		EventSourcedScenario.of(behavior)
			.withEntityId("b")
			.withCommand("cmd-1", Map.of("traceparent", "00-1"))
			.givenEvents(AccountDebited.getDefaultInstance(), AccountDebited.getDefaultInstance())
			.when(OpenAccount.getDefaultInstance())
			.thenEvents(AccountOpened.newBuilder().setId("b").build());
		assertThat(behavior.contexts).containsExactly("TypedAccount|b@2#cmd-1 {traceparent=00-1}");
	}

	@Test
	void anAnyEventFailsTheScenarioAsItFailsInTheEngine() {
		EventSourcedBehavior<Account> any = new AnyBehavior();
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().eventSourced("account", any).build()) {
			CommandReply<Account> reply = engine.<Account>entity("account", "x")
				.askAndWait(CreditAccount.getDefaultInstance());
			assertThat(reply).isInstanceOfSatisfying(CommandReply.Failed.class,
					(failed) -> assertThat(failed.error()).isInstanceOf(BehaviorContractException.class)
						.hasMessageContaining("google.protobuf.Any event #1"));
		}
		EventSourcedResult<Account> result = EventSourcedScenario.of(any).when(CreditAccount.getDefaultInstance());
		assertThatThrownBy(() -> result.thenEvents(Any.pack(AccountCredited.getDefaultInstance())))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("behaviour contract violation: behaviour of 'AnyBehavior' returned a "
					+ "google.protobuf.Any event #1 for ego.test.bank.CreditAccount (return the message itself)");
		assertThatThrownBy(result::thenRejected).isInstanceOf(AssertionError.class)
			.hasMessageContaining("google.protobuf.Any event #1");
	}

	@Test
	void anEventTheHandlerDoesNotDeclareFailsTheScenario() {
		EventSourcedHandlers<Account> sneaky = EventSourcedHandlers.builder(Account.getDefaultInstance())
			.onCommand(CreditAccount.class, AccountCredited.class,
					(credit, state, context) -> raw(AccountDebited.getDefaultInstance()))
			.onEvent(AccountCredited.class, (credited, state) -> state)
			.onEvent(AccountDebited.class, (debited, state) -> state)
			.build();
		assertThatThrownBy(
				() -> EventSourcedScenario.of(sneaky).when(CreditAccount.getDefaultInstance()).thenNoEvents())
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("persisted ego.test.bank.AccountDebited (event #1) for ego.test.bank.CreditAccount, "
					+ "whose handler declares ego.test.bank.AccountCredited");
	}

	@Test
	void inconsistentHandlersFailTheScenarioAsTheyFailStartUp() {
		EventSourcedHandlers<Account> missing = new EventSourcedHandlers<>() {

			@Override
			public Account initialState() {
				return Account.getDefaultInstance();
			}

			@Override
			protected void define(Builder<Account> handlers) {
				handlers.onCommand(CreditAccount.class, AccountCredited.class,
						(credit, state, context) -> Effect.none());
			}

		};
		assertThatThrownBy(() -> EventSourcedScenario.of(missing)).isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("no event handler for ego.test.bank.AccountCredited");
	}

	@Test
	void aTypedDurableStateBehaviourSeesItsRevision() {
		List<Long> revisions = new ArrayList<>();
		DurableStateHandlers<Counter> counter = DurableStateHandlers.builder(Counter.getDefaultInstance())
			.onCommand(Increment.class, (increment, state, context) -> {
				revisions.add(context.sequenceNr());
				return state.toBuilder().setValue(state.getValue() + increment.getBy()).build();
			})
			.build();
		DurableStateScenario.of(counter)
			.given(Counter.newBuilder().setValue(2).build(), 3)
			.when(Increment.newBuilder().setBy(5).build())
			.thenState(Counter.newBuilder().setValue(7).build())
			.thenRevision(4);
		DurableStateScenario.of(counter)
			.when(CreditAccount.getDefaultInstance())
			.thenRejected(UnsupportedCommandException.class);
		assertThat(revisions).containsExactly(3L);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Effect<AccountCredited> raw(Message event) {
		return (Effect) Effect.persist(event);
	}

	private static final class AnyBehavior implements EventSourcedBehavior<Account> {

		@Override
		public Account initialState() {
			return Account.getDefaultInstance();
		}

		@Override
		public List<? extends Message> handleCommand(Message command, Account state) {
			return List.of(Any.pack(AccountCredited.getDefaultInstance()));
		}

		@Override
		public Account handleEvent(Message event, Account state) {
			return state;
		}

	}

}
