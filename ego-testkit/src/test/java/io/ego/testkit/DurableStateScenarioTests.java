package io.ego.testkit;

import java.util.List;
import java.util.function.Function;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandRejectedException;
import io.ego.core.DurableStateBehavior;
import io.ego.core.UnsupportedCommandException;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import io.ego.test.bank.Increment;
import io.ego.test.bank.OpenAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurableStateScenarioTests {

	private final DurableStateScenario<Counter> counters = DurableStateScenario.of(new CounterBehavior());

	// ---- passing scenarios

	@Test
	void theFirstChangeOfTheInitialStateIsRevisionOne() {
		this.counters.when(increment(3)).thenState(counter(3)).thenRevision(1);
	}

	@Test
	void aChangeOfAGivenStateIsTheNextRevision() {
		this.counters.given(counter(2), 5).when(increment(3)).thenState(counter(5)).thenRevision(6);
	}

	@Test
	void anEqualStateIsANoOpThatKeepsTheRevision() {
		this.counters.given(counter(2), 5).when(increment(0)).thenUnchanged().thenState(counter(2)).thenRevision(5);
		this.counters.when(increment(0)).thenUnchanged().thenRevision(0);
	}

	@Test
	void theSameStateInstanceIsANoOp() {
		DurableStateBehavior<Counter> identity = behavior((command) -> null, true);

		DurableStateScenario.of(identity).given(counter(4), 2).when(increment(1)).thenUnchanged().thenRevision(2);
	}

	@Test
	void aCommandRejectedExceptionRejectsTheCommand() {
		DurableStateResult<Counter> result = this.counters.given(counter(2), 1).when(increment(-1));

		result.thenRejected().thenRejected("cannot decrement by -1").thenRejected(CommandRejectedException.class);
		assertThat(result.rejection().reason()).isEqualTo("cannot decrement by -1");
	}

	@Test
	void anUnsupportedCommandIsRejectedAsUnsupported() {
		this.counters.when(OpenAccount.newBuilder().setId("a").build())
			.thenRejected(UnsupportedCommandException.class)
			.thenRejected("unsupported command type 'ego.test.bank.OpenAccount'");
	}

	@Test
	void anyOtherExceptionRejectsTheCommandAsTheEngineDoes() {
		DurableStateResult<Counter> result = this.counters.when(increment(1001));

		result.thenRejected("IllegalArgumentException handling ego.test.bank.Increment")
			.thenRejected(IllegalArgumentException.class)
			.thenRejected(CommandRejectedException.class);
		assertThat(result.rejection().getCause()).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void accessorsExposeTheOutcome() {
		DurableStateResult<Counter> accepted = this.counters.given(counter(1), 1).when(increment(1));
		assertThat(accepted.state()).isEqualTo(counter(2));
		assertThat(accepted.revision()).isEqualTo(2);

		DurableStateResult<Counter> rejected = this.counters.when(increment(-5));
		assertThatThrownBy(rejected::state).isInstanceOf(AssertionError.class).hasMessageContaining("was rejected");
		assertThatThrownBy(rejected::revision).isInstanceOf(AssertionError.class).hasMessageContaining("was rejected");
	}

	@Test
	void aScenarioIsImmutable() {
		DurableStateScenario<Counter> atTen = this.counters.given(counter(10), 3);

		atTen.when(increment(1)).thenState(counter(11)).thenRevision(4);
		atTen.when(increment(2)).thenState(counter(12)).thenRevision(4);
		this.counters.when(increment(1)).thenState(counter(1)).thenRevision(1);
	}

	@Test
	void aNegativeGivenRevisionIsRefused() {
		assertThatThrownBy(() -> this.counters.given(counter(1), -1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("revision must be >= 0");
	}

	// ---- failing expectations

	@Test
	void thenStateFailsWhenTheStateDiffers() {
		DurableStateResult<Counter> result = this.counters.given(counter(2), 1).when(increment(3));

		assertThatThrownBy(() -> result.thenState(counter(6))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected: ego.test.bank.Counter{value: 6}")
			.hasMessageContaining("actual:   ego.test.bank.Counter{value: 5}");
	}

	@Test
	void thenRevisionFailsWhenTheRevisionDiffers() {
		DurableStateResult<Counter> changed = this.counters.given(counter(2), 1).when(increment(3));
		assertThatThrownBy(() -> changed.thenRevision(1)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected revision 1 but it is 2 (given revision 1, the state changed to "
					+ "ego.test.bank.Counter{value: 5})");

		DurableStateResult<Counter> unchanged = this.counters.given(counter(2), 1).when(increment(0));
		assertThatThrownBy(() -> unchanged.thenRevision(2)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected revision 2 but it is 1 (given revision 1, the state did not change)");
	}

	@Test
	void thenUnchangedFailsWhenTheStateChanged() {
		DurableStateResult<Counter> result = this.counters.given(counter(2), 1).when(increment(3));

		assertThatThrownBy(result::thenUnchanged).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected the state to stay ego.test.bank.Counter{value: 2} but the command "
					+ "changed it to ego.test.bank.Counter{value: 5} (revision 2)");
	}

	@Test
	void acceptanceAssertionsFailWhenTheCommandWasRejected() {
		DurableStateResult<Counter> result = this.counters.given(counter(2), 1).when(increment(-1));

		assertFailsEveryAcceptanceAssertion(result, "was rejected: cannot decrement by -1");
	}

	@Test
	void rejectionAssertionsFailWhenTheCommandWasAcceptedOrRejectedDifferently() {
		DurableStateResult<Counter> accepted = this.counters.when(increment(1));
		assertThatThrownBy(accepted::thenRejected).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected the command ego.test.bank.Increment{by: 1} to be rejected but it was "
					+ "accepted with the state ego.test.bank.Counter{value: 1} at revision 1");
		assertThatThrownBy(accepted::rejection).isInstanceOf(AssertionError.class);

		DurableStateResult<Counter> rejected = this.counters.when(increment(-1));
		assertThatThrownBy(() -> rejected.thenRejected("overflow")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("but the reason was \"cannot decrement by -1\"");
		assertThatThrownBy(() -> rejected.thenRejected(UnsupportedCommandException.class))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("to be rejected by a io.ego.core.UnsupportedCommandException");
	}

	// ---- behaviour contract violations and broken arrangements

	@Test
	void returningNullIsAContractViolationNotARejection() {
		DurableStateBehavior<Counter> nullState = behavior((command) -> null, false);

		assertFailsEveryAssertion(DurableStateScenario.of(nullState).when(increment(1)),
				"behaviour contract violation: behaviour of 'scenario' returned null for ego.test.bank.Increment; "
						+ "the state type is ego.test.bank.Counter");
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void returningAStateOfAnotherTypeIsAContractViolation() {
		// only a raw behaviour can do this: a typed one fails with a ClassCastException,
		// which rejects the command
		DurableStateBehavior raw = new DurableStateBehavior() {

			@Override
			public Message initialState() {
				return Counter.getDefaultInstance();
			}

			@Override
			public Message handleCommand(Message command, Message state, long revision) {
				return Account.newBuilder().setId("x").build();
			}

		};
		DurableStateScenario<Counter> scenario = DurableStateScenario.of((DurableStateBehavior<Counter>) raw);

		assertFailsEveryAssertion(scenario.when(increment(1)),
				"behaviour contract violation: behaviour of 'scenario' returned a ego.test.bank.Account for "
						+ "ego.test.bank.Increment; the state type is ego.test.bank.Counter");
	}

	@Test
	void aBehaviorContractExceptionRejectsTheCommandAsTheEngineDoes() {
		DurableStateBehavior<Counter> throwing = behavior((command) -> {
			throw new BehaviorContractException("lost track");
		}, false);

		DurableStateScenario.of(throwing)
			.when(increment(1))
			.thenRejected("lost track")
			.thenRejected(BehaviorContractException.class);
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void aGivenStateOfAnotherTypeIsABrokenArrangement() {
		DurableStateScenario raw = this.counters;
		DurableStateResult<Counter> result = raw.given(Account.getDefaultInstance(), 1).when(increment(1));

		assertFailsEveryAssertion(result, "scenario arrangement failed: the given state ego.test.bank.Account{} is "
				+ "not a ego.test.bank.Counter, the type of initialState()");
	}

	// ---- serialization check

	@Test
	void aCommandThatDoesNotSurviveSerializationFailsEveryAssertion() {
		OpenAccount unsupported = OpenAccount.newBuilder().setId("bad\uD800").build();

		assertFailsEveryAssertion(this.counters.when(unsupported), "serialization check failed: the command "
				+ "ego.test.bank.OpenAccount{id: \"bad?\"} does not survive protobuf serialization");
		this.counters.withoutSerializationCheck().when(unsupported).thenRejected(UnsupportedCommandException.class);
	}

	// ---- helpers

	private static void assertFailsEveryAssertion(DurableStateResult<Counter> result, String message) {
		assertFailsEveryAcceptanceAssertion(result, message);
		List<ThrowingConsumer<DurableStateResult<Counter>>> rejections = List.of(DurableStateResult::thenRejected,
				(r) -> r.thenRejected(""), (r) -> r.thenRejected(Throwable.class), DurableStateResult::rejection);
		for (ThrowingConsumer<DurableStateResult<Counter>> assertion : rejections) {
			assertThatThrownBy(() -> assertion.accept(result)).isInstanceOf(AssertionError.class)
				.hasMessageContaining(message);
		}
	}

	private static void assertFailsEveryAcceptanceAssertion(DurableStateResult<Counter> result, String message) {
		List<ThrowingConsumer<DurableStateResult<Counter>>> acceptances = List.of(
				(r) -> r.thenState(Counter.getDefaultInstance()), (r) -> r.thenRevision(0),
				DurableStateResult::thenUnchanged, DurableStateResult::state, DurableStateResult::revision);
		for (ThrowingConsumer<DurableStateResult<Counter>> assertion : acceptances) {
			assertThatThrownBy(() -> assertion.accept(result)).isInstanceOf(AssertionError.class)
				.hasMessageContaining(message);
		}
	}

	/**
	 * A counter behaviour answering every command with a function of it, or with the
	 * unchanged state instance.
	 */
	private static DurableStateBehavior<Counter> behavior(Function<Message, Counter> onCommand, boolean identity) {
		return new DurableStateBehavior<>() {

			@Override
			public Counter initialState() {
				return Counter.getDefaultInstance();
			}

			@Override
			public Counter handleCommand(Message command, Counter state, long revision) {
				return identity ? state : onCommand.apply(command);
			}

		};
	}

	private static Increment increment(long by) {
		return Increment.newBuilder().setBy(by).build();
	}

	private static Counter counter(long value) {
		return Counter.newBuilder().setValue(value).build();
	}

}
