package io.ego.core;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountDebited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.DebitAccount;
import io.ego.test.bank.GetAccount;
import io.ego.test.bank.Increment;
import io.ego.test.bank.MultiCredit;
import io.ego.test.bank.OpenAccount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link EventSourcedHandlers}, {@link DurableStateHandlers}, {@link Effect}
 * and the {@link CommandContext} a behaviour sees, through the engine.
 */
class TypedHandlersTests {

	/** A typed account, as a Spring bean would be written. */
	static class TypedAccount extends EventSourcedHandlers<Account> {

		final List<String> seen = new ArrayList<>();

		@Override
		public Account initialState() {
			return Account.getDefaultInstance();
		}

		@Override
		protected void define(Builder<Account> handlers) {
			handlers.onCommand(OpenAccount.class, AccountOpened.class, this::open)
				.onCommand(CreditAccount.class, AccountCredited.class, (credit, state, context) -> Effect.persist(
						AccountCredited.newBuilder().setId(context.entityId()).setAmount(credit.getAmount()).build()))
				.onCommand(DebitAccount.class, AccountDebited.class,
						(debit, state, context) -> (debit.getAmount() > state.getBalance())
								? Effect.reject("insufficient funds")
								: Effect.persist(AccountDebited.newBuilder().setAmount(debit.getAmount()).build()))
				.onCommand(MultiCredit.class, List.of(AccountCredited.class), (multi, state, context) -> {
					List<AccountCredited> events = new ArrayList<>();
					for (long amount : multi.getAmountsList()) {
						events.add(AccountCredited.newBuilder().setAmount(amount).build());
					}
					return Effect.persist(events);
				})
				.onCommand(GetAccount.class, (get, state, context) -> {
					this.seen.add(context.persistenceId() + "@" + context.sequenceNr() + "#" + context.commandId());
					return Effect.none();
				})
				.onEvent(AccountOpened.class,
						(opened, state) -> state.toBuilder()
							.setId(opened.getId())
							.setBalance(opened.getInitialBalance())
							.setOpen(true)
							.build())
				.onEvent(AccountCredited.class, (credited,
						state) -> state.toBuilder().setBalance(state.getBalance() + credited.getAmount()).build())
				.onEvent(AccountDebited.class, (debited,
						state) -> state.toBuilder().setBalance(state.getBalance() - debited.getAmount()).build());
		}

		Effect<AccountOpened> open(OpenAccount open, Account state, CommandContext context) {
			if (state.getOpen()) {
				return Effect.reject("already open");
			}
			// the id comes from the context: the command need not repeat it
			return Effect.persist(AccountOpened.newBuilder()
				.setId(context.entityId())
				.setInitialBalance(open.getInitialBalance())
				.build());
		}

	}

	@Test
	void aTypedBehaviourHandlesCommandsThroughTheEngine() {
		TypedAccount behavior = new TypedAccount();
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().eventSourced("account", behavior).build()) {
			EntityRef<Account> ref = engine.entity(TypedAccount.class, "a");
			assertThat(ref.askAndWait(OpenAccount.newBuilder().setInitialBalance(10).build()).state())
				.isEqualTo(Account.newBuilder().setId("a").setBalance(10).setOpen(true).build());
			assertThat(ref.askAndWait(CreditAccount.newBuilder().setAmount(5).build()).revision()).isEqualTo(2);
			assertThat(ref.askAndWait(MultiCredit.newBuilder().addAmounts(1).addAmounts(2).build()))
				.satisfies((reply) -> {
					assertThat(reply.revision()).isEqualTo(4);
					assertThat(reply.state().getBalance()).isEqualTo(18);
				});
			assertThat(ref.askAndWait(DebitAccount.newBuilder().setAmount(100).build())).isInstanceOfSatisfying(
					CommandReply.Rejected.class,
					(rejected) -> assertThat(rejected.reason()).isEqualTo("insufficient funds"));
			assertThat(ref.askAndWait(OpenAccount.getDefaultInstance())).isInstanceOf(CommandReply.Rejected.class);
			CommandReply<Account> none = ref.askAndWait(GetAccount.getDefaultInstance(), CommandOptions.id("q-1"));
			assertThat(none.revision()).isEqualTo(4);
			assertThat(behavior.seen).containsExactly("account|a@4#q-1");
		}
	}

	@Test
	void aCommandWithoutAHandlerIsRejectedAsUnsupported() {
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new TypedAccount())
			.build()) {
			assertThat(engine.entity(TypedAccount.class, "u").askAndWait(Increment.getDefaultInstance()))
				.isInstanceOfSatisfying(CommandReply.Rejected.class,
						(rejected) -> assertThat(rejected.rejection()).isInstanceOf(UnsupportedCommandException.class)
							.hasMessageContaining("ego.test.bank.Increment"));
		}
	}

	@Test
	void theHandledTypesAreDerivedFromTheHandlers() {
		TypedAccount behavior = new TypedAccount();
		assertThat(behavior.commandTypes()).containsExactly(OpenAccount.class, CreditAccount.class, DebitAccount.class,
				MultiCredit.class, GetAccount.class);
		assertThat(behavior.eventTypes()).containsExactly(AccountOpened.class, AccountCredited.class,
				AccountDebited.class);
		assertThat(List.<Message>copyOf(behavior.messageTypes())).containsExactly(AccountOpened.getDefaultInstance(),
				AccountCredited.getDefaultInstance(), AccountDebited.getDefaultInstance());
	}

	@Test
	void aBuiltBehaviourWorksWithoutASubclass() {
		EventSourcedHandlers<Account> built = EventSourcedHandlers.builder(Account.getDefaultInstance())
			.onCommand(CreditAccount.class, AccountCredited.class,
					(credit, state, context) -> Effect
						.persist(AccountCredited.newBuilder().setAmount(credit.getAmount()).build()))
			.onEvent(AccountCredited.class,
					(credited,
							state) -> state.toBuilder().setBalance(state.getBalance() + credited.getAmount()).build())
			.build();
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().eventSourced("account", built).build()) {
			EntityRef<Account> ref = engine.entity("account", "b");
			ref.askAndWait(CreditAccount.newBuilder().setAmount(3).build());
			assertThat(ref.askAndWait(CreditAccount.newBuilder().setAmount(4).build()).state().getBalance())
				.isEqualTo(7);
		}
	}

	@Test
	void anEventAHandlerDoesNotDeclareBreaksTheContractAndWritesNothing() {
		EventSourcedHandlers<Account> sneaky = EventSourcedHandlers.builder(Account.getDefaultInstance())
			.onCommand(CreditAccount.class, AccountCredited.class, this::credited)
			.onCommand(DebitAccount.class, AccountCredited.class,
					// declared AccountCredited, persists an AccountDebited: only a raw
					// effect gets past the compiler
					(debit, state, context) -> rawEffect(AccountDebited.newBuilder().setAmount(1).build()))
			.onEvent(AccountCredited.class, (credited, state) -> state)
			.onEvent(AccountDebited.class, (debited, state) -> state)
			.build();
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().eventSourced("account", sneaky).build()) {
			EntityRef<Account> ref = engine.entity("account", "s");
			ref.askAndWait(CreditAccount.newBuilder().setAmount(1).build());
			assertThat(ref.askAndWait(DebitAccount.getDefaultInstance())).isInstanceOfSatisfying(
					CommandReply.Failed.class,
					(failed) -> assertThat(failed.error()).isInstanceOf(BehaviorContractException.class)
						.hasMessageContaining("'account'")
						.hasMessageContaining("persisted ego.test.bank.AccountDebited")
						.hasMessageContaining("declares ego.test.bank.AccountCredited"));
			assertThat(ref.askAndWait(CreditAccount.newBuilder().setAmount(1).build()).revision()).isEqualTo(2);
		}
	}

	@Test
	void anAnyEventBreaksTheContract() {
		EventSourcedBehavior<Account> any = new EventSourcedBehavior<>() {

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

		};
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().eventSourced("account", any).build()) {
			assertThat(engine.entity("account", "x").askAndWait(CreditAccount.getDefaultInstance()))
				.isInstanceOfSatisfying(CommandReply.Failed.class,
						(failed) -> assertThat(failed.error()).isInstanceOf(BehaviorContractException.class)
							.hasMessageContaining("google.protobuf.Any event #1"));
		}
	}

	// ---- start-up checks

	@Test
	void startUpFailsWhenADeclaredEventTypeHasNoEventHandler() {
		EventSourcedHandlers<Account> missing = new EventSourcedHandlers<>() {

			@Override
			public Account initialState() {
				return Account.getDefaultInstance();
			}

			@Override
			protected void define(Builder<Account> handlers) {
				handlers.onCommand(CreditAccount.class, AccountCredited.class, TypedHandlersTests.this::credited)
					.onCommand(DebitAccount.class, AccountDebited.class, (debit, state, context) -> Effect.none());
			}

		};
		assertThatThrownBy(() -> EgoEngine.builder().inMemoryStores().eventSourced("account", missing))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("entity type 'account'")
			.hasMessageContaining("no event handler for ego.test.bank.AccountCredited (persisted by the handler of "
					+ "ego.test.bank.CreditAccount), ego.test.bank.AccountDebited");
	}

	@Test
	void twoHandlersForOneTypeFailNamingIt() {
		assertThatThrownBy(() -> EventSourcedHandlers.builder(Account.getDefaultInstance())
			.onCommand(CreditAccount.class, AccountCredited.class, this::credited)
			.onCommand(CreditAccount.class, (credit, state, context) -> Effect.none()))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessage("two command handlers for ego.test.bank.CreditAccount: keep one");
		assertThatThrownBy(() -> EventSourcedHandlers.builder(Account.getDefaultInstance())
			.onEvent(AccountCredited.class, (credited, state) -> state)
			.onEvent(AccountCredited.class, (credited, state) -> state))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessage("two event handlers for ego.test.bank.AccountCredited: keep one");
		assertThatThrownBy(() -> DurableStateHandlers.builder(Counter.getDefaultInstance())
			.onCommand(Increment.class, (increment, counter, context) -> counter)
			.onCommand(Increment.class, (increment, counter, context) -> counter))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessage("two command handlers for ego.test.bank.Increment: keep one");
	}

	@Test
	void anAnyEventHandlerOrAnAbstractTypeFailsAtOnce() {
		assertThatThrownBy(() -> EventSourcedHandlers.builder(Account.getDefaultInstance())
			.onEvent(Any.class, (any, state) -> state)).isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("google.protobuf.Any cannot be an event type");
		assertThatThrownBy(() -> EventSourcedHandlers.builder(Account.getDefaultInstance())
			.onCommand(Message.class, (command, state, context) -> Effect.none()))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("com.google.protobuf.Message is not a generated message class");
	}

	@Test
	void startUpFailsWhenABehaviourImplementsNoHandleCommand() {
		EventSourcedBehavior<Account> none = new EventSourcedBehavior<>() {

			@Override
			public Account initialState() {
				return Account.getDefaultInstance();
			}

			@Override
			public Account handleEvent(Message event, Account state) {
				return state;
			}

		};
		assertThatThrownBy(() -> EgoEngine.builder().inMemoryStores().eventSourced("account", none))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("entity type 'account'")
			.hasMessageContaining(
					"implements neither handleCommand(command, state) nor handleCommand(command, state, " + "context)");
	}

	// ---- the context of the interface style

	@Test
	void anInterfaceBehaviourMayTakeTheContextInstead() {
		List<String> seen = new ArrayList<>();
		EventSourcedBehavior<Account> withContext = new EventSourcedBehavior<>() {

			@Override
			public Account initialState() {
				return Account.getDefaultInstance();
			}

			@Override
			public List<? extends Message> handleCommand(Message command, Account state, CommandContext context) {
				seen.add(context.entityId() + "@" + context.sequenceNr() + "#" + context.commandId() + " "
						+ context.metadata());
				return List.of(AccountCredited.newBuilder().setId(context.entityId()).setAmount(1).build());
			}

			@Override
			public Account handleEvent(Message event, Account state) {
				return state.toBuilder().setBalance(state.getBalance() + 1).build();
			}

		};
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().eventSourced("account", withContext).build()) {
			EntityRef<Account> ref = engine.entity("account", "c");
			ref.askAndWait(CreditAccount.getDefaultInstance());
			ref.askAndWait(CreditAccount.getDefaultInstance(), CommandOptions.id("cmd-2"));
		}
		assertThat(seen).containsExactly("c@0#null {}", "c@1#cmd-2 {}");
	}

	@Test
	void aDurableStateBehaviourSeesItsRevision() {
		List<String> seen = new ArrayList<>();
		DurableStateHandlers<Counter> counter = DurableStateHandlers.builder(Counter.getDefaultInstance())
			.onCommand(Increment.class, (increment, state, context) -> {
				seen.add(context.persistenceId() + "@" + context.sequenceNr());
				return state.toBuilder().setValue(state.getValue() + increment.getBy()).build();
			})
			.build();
		try (EgoEngine engine = EgoEngine.builder().inMemoryStores().durableState("counter", counter).build()) {
			EntityRef<Counter> ref = engine.entity("counter", "k");
			assertThat(ref.askAndWait(Increment.newBuilder().setBy(2).build()).revision()).isEqualTo(1);
			// an equal state writes nothing
			assertThat(ref.askAndWait(Increment.newBuilder().setBy(0).build()).revision()).isEqualTo(1);
			assertThat(ref.askAndWait(Increment.newBuilder().setBy(3).build()).state().getValue()).isEqualTo(5);
			assertThat(ref.askAndWait(CreditAccount.getDefaultInstance())).isInstanceOfSatisfying(
					CommandReply.Rejected.class,
					(rejected) -> assertThat(rejected.rejection()).isInstanceOf(UnsupportedCommandException.class));
		}
		assertThat(seen).containsExactly("counter|k@0", "counter|k@1", "counter|k@1");
		assertThat(counter.commandTypes()).containsExactly(Increment.class);
	}

	@Test
	void effectsSayWhatTheyDo() {
		AccountCredited one = AccountCredited.newBuilder().setAmount(1).build();
		AccountCredited two = AccountCredited.newBuilder().setAmount(2).build();
		assertThat(Effect.persist(one).events()).containsExactly(one);
		assertThat(Effect.persist(one, two).events()).containsExactly(one, two);
		assertThat(Effect.persist(List.of()).eventCount()).isZero();
		assertThat(Effect.<AccountCredited>none().eventCount()).isZero();
		assertThat(Effect.reject("no").rejection()).hasMessage("no");
		assertThat(Effect.persist(one, two)).hasToString("Effect.persist(2 event(s))");
	}

	private Effect<AccountCredited> credited(CreditAccount credit, Account state, CommandContext context) {
		return Effect.persist(AccountCredited.newBuilder().setAmount(credit.getAmount()).build());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Effect<AccountCredited> rawEffect(Message event) {
		return (Effect) Effect.persist(event);
	}

}
