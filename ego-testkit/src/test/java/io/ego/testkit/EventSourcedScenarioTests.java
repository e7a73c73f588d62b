package io.ego.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandRejectedException;
import io.ego.core.EventSourcedBehavior;
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
import io.ego.test.bank.MultiCredit;
import io.ego.test.bank.OpenAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSourcedScenarioTests {

	/** A string that protobuf cannot encode: it is written as {@code "?"}. */
	private static final String UNPAIRED_SURROGATE = "bad\uD800";

	private final EventSourcedScenario<Account> accounts = EventSourcedScenario.of(new AccountBehavior());

	// ---- passing scenarios

	@Test
	void aCommandOnTheInitialStateProducesItsEventsAndTheFoldedState() {
		this.accounts.when(open("a", 10)).thenEvents(opened("a", 10)).thenState(account("a", 10));
	}

	@Test
	void givenEventsAreFoldedBeforeTheCommand() {
		this.accounts.givenEvents(opened("a", 10), credited("a", 5))
			.when(debit("a", 12))
			.thenEvents(debited("a", 12))
			.thenState(account("a", 3));
	}

	@Test
	void aGivenStateIsTheStartingPointForLaterGivenEvents() {
		this.accounts.given(account("a", 100))
			.givenEvents(List.of(credited("a", 1)))
			.when(credit("a", 2))
			.thenEvents(List.of(credited("a", 2)))
			.thenState(account("a", 103));
	}

	@Test
	void severalEventsAreFoldedInOrder() {
		this.accounts.givenEvents(opened("a", 0))
			.when(MultiCredit.newBuilder().setId("a").addAmounts(1).addAmounts(2).addAmounts(3).build())
			.thenEvents(credited("a", 1), credited("a", 2), credited("a", 3))
			.thenState(account("a", 6));
	}

	@Test
	void aCommandProducingNoEventsKeepsTheState() {
		this.accounts.givenEvents(opened("a", 7))
			.when(GetAccount.newBuilder().setId("a").build())
			.thenNoEvents()
			.thenEvents()
			.thenState(account("a", 7));
	}

	@Test
	void aCommandRejectedExceptionRejectsTheCommand() {
		EventSourcedResult<Account> result = this.accounts.givenEvents(opened("a", 10)).when(debit("a", 11));

		result.thenRejected().thenRejected("insufficient funds").thenRejected(CommandRejectedException.class);
		assertThat(result.rejection().reason()).isEqualTo("insufficient funds: balance 10");
	}

	@Test
	void anUnsupportedCommandIsRejectedAsUnsupported() {
		this.accounts.when(Increment.newBuilder().setBy(1).build())
			.thenRejected(UnsupportedCommandException.class)
			.thenRejected("unsupported command type 'ego.test.bank.Increment'");
	}

	@Test
	void anyOtherExceptionFromHandleCommandRejectsTheCommandWithItsMessage() {
		EventSourcedResult<Account> result = this.accounts.givenEvents(opened("a", 10)).when(credit("a", 0));

		result.thenRejected("amount must be positive but was 0")
			.thenRejected(CommandRejectedException.class)
			.thenRejected(IllegalArgumentException.class);
		assertThat(result.rejection().getCause()).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void anExceptionWithoutMessageIsRejectedNamingItsTypeAndTheCommand() {
		EventSourcedBehavior<Account> throwing = behavior((command) -> {
			throw new IllegalStateException();
		}, (event, state) -> state);

		EventSourcedScenario.of(throwing)
			.when(open("a", 1))
			.thenRejected("IllegalStateException handling ego.test.bank.OpenAccount");
	}

	@Test
	void anExceptionFromHandleEventWhileFoldingTheCommandsEventsRejectsTheCommand() {
		this.accounts.givenEvents(opened("a", 10))
			.when(MultiCredit.newBuilder().setId("a").addAmounts(5).addAmounts(-1).build())
			.thenRejected("negative credit -1")
			.thenRejected(IllegalArgumentException.class);
	}

	@Test
	void aScenarioIsImmutableSoAnArrangementCanBeShared() {
		EventSourcedScenario<Account> opened = this.accounts.givenEvents(opened("a", 10));
		EventSourcedScenario<Account> credited = opened.givenEvents(credited("a", 10));

		opened.when(debit("a", 15)).thenRejected("insufficient funds");
		credited.when(debit("a", 15)).thenEvents(debited("a", 15)).thenState(account("a", 5));
		opened.when(debit("a", 5)).thenState(account("a", 5));
		this.accounts.when(credit("a", 1)).thenRejected("account not open");
	}

	@Test
	void accessorsExposeTheOutcome() {
		EventSourcedResult<Account> accepted = this.accounts.when(open("a", 3));
		assertThat(accepted.events()).containsExactly(opened("a", 3));
		assertThat(accepted.state()).isEqualTo(account("a", 3));
		assertThatThrownBy(accepted::rejection).isInstanceOf(AssertionError.class)
			.hasMessageContaining("to be rejected but it was accepted");

		EventSourcedResult<Account> rejected = this.accounts.when(credit("a", 3));
		assertThat(rejected.rejection().reason()).isEqualTo("account not open");
		assertThatThrownBy(rejected::events).isInstanceOf(AssertionError.class).hasMessageContaining("was rejected");
		assertThatThrownBy(rejected::state).isInstanceOf(AssertionError.class).hasMessageContaining("was rejected");
	}

	@Test
	void messagesThatDoNotSurviveSerializationPassWithoutTheCheck() {
		this.accounts.withoutSerializationCheck()
			.givenEvents(opened(UNPAIRED_SURROGATE, 1))
			.when(credit(UNPAIRED_SURROGATE, 2))
			.thenEvents(credited(UNPAIRED_SURROGATE, 2))
			.thenState(account(UNPAIRED_SURROGATE, 3));
	}

	// ---- failing expectations

	@Test
	void thenEventsFailsWhenAnEventDiffers() {
		EventSourcedResult<Account> result = this.accounts.givenEvents(opened("a", 10)).when(credit("a", 5));

		assertThatThrownBy(() -> result.thenEvents(credited("a", 6))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("event #1 differs")
			.hasMessageContaining("expected: ego.test.bank.AccountCredited{id: \"a\" amount: 6}")
			.hasMessageContaining("actual:   ego.test.bank.AccountCredited{id: \"a\" amount: 5}");
		assertThatThrownBy(() -> result.thenEvents(debited("a", 5))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("ego.test.bank.AccountDebited");
	}

	@Test
	void thenEventsFailsWhenTheNumberOfEventsDiffers() {
		EventSourcedResult<Account> result = this.accounts.givenEvents(opened("a", 10)).when(credit("a", 5));

		assertThatThrownBy(() -> result.thenEvents(credited("a", 5), credited("a", 5)))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected 2 event(s) but the command produced 1");
		assertThatThrownBy(() -> result.thenEvents()).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected 0 event(s) but the command produced 1");
		assertThatThrownBy(result::thenNoEvents).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected no events but the command produced [ego.test.bank.AccountCredited");
	}

	@Test
	void thenStateFailsWhenTheStateDiffers() {
		EventSourcedResult<Account> result = this.accounts.givenEvents(opened("a", 10)).when(credit("a", 5));

		assertThatThrownBy(() -> result.thenState(account("a", 16))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("the state after the command differs")
			.hasMessageContaining("balance: 16")
			.hasMessageContaining("balance: 15");
	}

	@Test
	void acceptanceAssertionsFailWhenTheCommandWasRejected() {
		EventSourcedResult<Account> result = this.accounts.when(debit("a", 1));

		assertFailsEveryAcceptanceAssertion(result, "was rejected: insufficient funds: balance 0");
	}

	@Test
	void rejectionAssertionsFailWhenTheCommandWasAccepted() {
		EventSourcedResult<Account> result = this.accounts.when(open("a", 1));

		assertThatThrownBy(result::thenRejected).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected the command ego.test.bank.OpenAccount{id: \"a\" initial_balance: 1} "
					+ "to be rejected but it was accepted with events [ego.test.bank.AccountOpened");
		assertThatThrownBy(() -> result.thenRejected("already open")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("to be rejected but it was accepted");
		assertThatThrownBy(() -> result.thenRejected(CommandRejectedException.class)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("to be rejected but it was accepted");
	}

	@Test
	void thenRejectedFailsWhenTheReasonOrTypeDiffers() {
		EventSourcedResult<Account> result = this.accounts.givenEvents(opened("a", 1)).when(debit("a", 5));

		assertThatThrownBy(() -> result.thenRejected("account not open")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("with a reason containing \"account not open\" but the reason was "
					+ "\"insufficient funds: balance 1\"");
		assertThatThrownBy(() -> result.thenRejected(UnsupportedCommandException.class))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("to be rejected by a io.ego.core.UnsupportedCommandException but it was rejected "
					+ "by a io.ego.core.CommandRejectedException");
		assertThatThrownBy(() -> result.thenRejected(IllegalArgumentException.class))
			.isInstanceOf(AssertionError.class);
	}

	// ---- broken arrangements

	@Test
	void aGivenEventTheBehaviourCannotApplyFailsEveryAssertionAsABrokenArrangement() {
		// the account was never opened, so handleEvent throws for the credit
		EventSourcedResult<Account> result = this.accounts.givenEvents(credited("a", 5)).when(debit("a", 10));

		assertFailsEveryAssertion(result,
				"scenario arrangement failed: given event #1 "
						+ "ego.test.bank.AccountCredited{id: \"a\" amount: 5} cannot be applied: handleEvent threw "
						+ "java.lang.IllegalStateException: account 'a' is not open");
		assertThatThrownBy(result::thenRejected).hasRootCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void aGivenEventFoldedIntoNullFailsEveryAssertionAsABrokenArrangement() {
		EventSourcedBehavior<Account> nullFold = behavior((command) -> List.of(), (event, state) -> null);

		assertFailsEveryAssertion(EventSourcedScenario.of(nullFold).givenEvents(opened("a", 1)).when(open("a", 1)),
				"scenario arrangement failed: given event #1 ego.test.bank.AccountOpened{id: \"a\" initial_balance: 1} "
						+ "cannot be applied: behaviour of 'scenario' returned a null state for event "
						+ "ego.test.bank.AccountOpened; the state type is ego.test.bank.Account");
	}

	// ---- behaviour contract violations

	@Test
	void handleCommandReturningNullIsAContractViolationNotARejection() {
		EventSourcedBehavior<Account> nullEvents = behavior((command) -> null, (event, state) -> state);

		assertFailsEveryAssertion(EventSourcedScenario.of(nullEvents).when(open("a", 1)),
				"behaviour contract violation: behaviour of 'scenario' returned null events for ego.test.bank.OpenAccount");
	}

	@Test
	void aNullEventIsAContractViolationNotARejection() {
		EventSourcedBehavior<Account> nullEvent = behavior((command) -> Arrays.asList(opened("a", 1), null),
				(event, state) -> state);

		assertFailsEveryAssertion(EventSourcedScenario.of(nullEvent).when(open("a", 1)),
				"behaviour contract violation: behaviour of 'scenario' returned a null event #2 for ego.test.bank.OpenAccount");
	}

	@Test
	void handleEventReturningNullForAProducedEventIsAContractViolation() {
		EventSourcedBehavior<Account> nullFold = behavior((command) -> List.of(opened("a", 1)), (event, state) -> null);

		assertFailsEveryAssertion(EventSourcedScenario.of(nullFold).when(open("a", 1)),
				"behaviour contract violation: behaviour of 'scenario' returned a null state for event #1 "
						+ "ego.test.bank.AccountOpened of ego.test.bank.OpenAccount; the state type is ego.test.bank.Account");
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void handleEventReturningAStateOfAnotherTypeIsAContractViolation() {
		// only a raw behaviour can do this: a typed one fails with a ClassCastException,
		// which rejects the command
		EventSourcedBehavior raw = new EventSourcedBehavior() {

			@Override
			public Message initialState() {
				return Account.getDefaultInstance();
			}

			@Override
			public List<? extends Message> handleCommand(Message command, Message state) {
				return List.of(opened("a", 1));
			}

			@Override
			public Message handleEvent(Message event, Message state) {
				return Counter.newBuilder().setValue(1).build();
			}

		};
		EventSourcedScenario<Account> scenario = EventSourcedScenario.of((EventSourcedBehavior<Account>) raw);

		assertFailsEveryAssertion(scenario.when(open("a", 1)),
				"behaviour contract violation: behaviour of 'scenario' returned a ego.test.bank.Counter state for event #1 "
						+ "ego.test.bank.AccountOpened of ego.test.bank.OpenAccount; the state type is ego.test.bank.Account");
	}

	@Test
	void aBehaviorContractExceptionFromHandleCommandRejectsTheCommandAsTheEngineDoes() {
		EventSourcedBehavior<Account> throwing = behavior((command) -> {
			throw new BehaviorContractException("cannot decide");
		}, (event, state) -> state);

		EventSourcedScenario.of(throwing)
			.when(open("a", 1))
			.thenRejected("cannot decide")
			.thenRejected(BehaviorContractException.class);
	}

	@Test
	void aBehaviorContractExceptionFromHandleEventForAProducedEventIsAContractViolationNotARejection() {
		EventSourcedBehavior<Account> broken = behavior((command) -> List.of(opened("a", 1)), (event, state) -> {
			throw new BehaviorContractException("cannot fold");
		});

		assertFailsEveryAssertion(EventSourcedScenario.of(broken).when(open("a", 1)),
				"behaviour contract violation: behaviour of 'scenario' threw io.ego.core.BehaviorContractException: "
						+ "cannot fold folding event #1 ego.test.bank.AccountOpened of ego.test.bank.OpenAccount; "
						+ "the command was not written");
	}

	@Test
	void aNullInitialStateIsAContractViolation() {
		EventSourcedBehavior<Account> noInitialState = new EventSourcedBehavior<>() {

			@Override
			public Account initialState() {
				return null;
			}

			@Override
			public List<? extends Message> handleCommand(Message command, Account state) {
				return List.of();
			}

			@Override
			public Account handleEvent(Message event, Account state) {
				return state;
			}

		};

		assertFailsEveryAssertion(EventSourcedScenario.of(noInitialState).when(open("a", 1)),
				"behaviour contract violation: initialState() returned null");
	}

	// ---- serialization check

	@Test
	void aCommandThatDoesNotSurviveSerializationFailsEveryAssertion() {
		assertFailsEveryAssertion(this.accounts.when(debit(UNPAIRED_SURROGATE, 1)),
				"serialization check failed: the command ego.test.bank.DebitAccount{id: \"bad?\" amount: 1} does not "
						+ "survive protobuf serialization: it is read back as ego.test.bank.DebitAccount");
	}

	@Test
	void aProducedEventThatDoesNotSurviveSerializationFailsEveryAssertion() {
		EventSourcedBehavior<Account> behavior = behavior((command) -> List.of(opened(UNPAIRED_SURROGATE, 1)),
				(event, state) -> state);

		assertFailsEveryAssertion(EventSourcedScenario.of(behavior).when(open("a", 1)),
				"serialization check failed: event #1 returned by handleCommand ego.test.bank.AccountOpened");
	}

	@Test
	void aGivenEventOrStateThatDoesNotSurviveSerializationFailsEveryAssertion() {
		assertFailsEveryAssertion(this.accounts.givenEvents(opened(UNPAIRED_SURROGATE, 1)).when(open("a", 1)),
				"serialization check failed: given event #1 ego.test.bank.AccountOpened");
		assertFailsEveryAssertion(this.accounts.given(account(UNPAIRED_SURROGATE, 1)).when(open("a", 1)),
				"serialization check failed: the given state ego.test.bank.Account");
	}

	@Test
	void aResultingStateThatDoesNotSurviveSerializationFailsEveryAssertion() {
		EventSourcedBehavior<Account> behavior = behavior((command) -> List.of(opened("a", 1)),
				(event, state) -> account(UNPAIRED_SURROGATE, 1));

		assertFailsEveryAssertion(EventSourcedScenario.of(behavior).when(open("a", 1)),
				"serialization check failed: the state after the command ego.test.bank.Account");
	}

	// ---- helpers

	private static void assertFailsEveryAssertion(EventSourcedResult<Account> result, String message) {
		assertFailsEveryAcceptanceAssertion(result, message);
		List<ThrowingConsumer<EventSourcedResult<Account>>> rejections = List.of(EventSourcedResult::thenRejected,
				(r) -> r.thenRejected(""), (r) -> r.thenRejected(Throwable.class), EventSourcedResult::rejection);
		for (ThrowingConsumer<EventSourcedResult<Account>> assertion : rejections) {
			assertThatThrownBy(() -> assertion.accept(result)).isInstanceOf(AssertionError.class)
				.hasMessageContaining(message);
		}
	}

	private static void assertFailsEveryAcceptanceAssertion(EventSourcedResult<Account> result, String message) {
		List<ThrowingConsumer<EventSourcedResult<Account>>> acceptances = List.of((r) -> r.thenEvents(),
				(r) -> r.thenEvents(opened("a", 1)), EventSourcedResult::thenNoEvents,
				(r) -> r.thenState(Account.getDefaultInstance()), EventSourcedResult::events,
				EventSourcedResult::state);
		for (ThrowingConsumer<EventSourcedResult<Account>> assertion : acceptances) {
			assertThatThrownBy(() -> assertion.accept(result)).isInstanceOf(AssertionError.class)
				.hasMessageContaining(message);
		}
	}

	private static EventSourcedBehavior<Account> behavior(Function<Message, List<? extends Message>> onCommand,
			BiFunction<Message, Account, Account> onEvent) {
		return new EventSourcedBehavior<>() {

			@Override
			public Account initialState() {
				return Account.getDefaultInstance();
			}

			@Override
			public List<? extends Message> handleCommand(Message command, Account state) {
				return onCommand.apply(command);
			}

			@Override
			public Account handleEvent(Message event, Account state) {
				return onEvent.apply(event, state);
			}

		};
	}

	private static OpenAccount open(String id, long balance) {
		return OpenAccount.newBuilder().setId(id).setInitialBalance(balance).build();
	}

	private static CreditAccount credit(String id, long amount) {
		return CreditAccount.newBuilder().setId(id).setAmount(amount).build();
	}

	private static DebitAccount debit(String id, long amount) {
		return DebitAccount.newBuilder().setId(id).setAmount(amount).build();
	}

	private static AccountOpened opened(String id, long balance) {
		return AccountOpened.newBuilder().setId(id).setInitialBalance(balance).build();
	}

	private static AccountCredited credited(String id, long amount) {
		return AccountCredited.newBuilder().setId(id).setAmount(amount).build();
	}

	private static AccountDebited debited(String id, long amount) {
		return AccountDebited.newBuilder().setId(id).setAmount(amount).build();
	}

	private static Account account(String id, long balance) {
		return Account.newBuilder().setId(id).setBalance(balance).setOpen(true).build();
	}

}
