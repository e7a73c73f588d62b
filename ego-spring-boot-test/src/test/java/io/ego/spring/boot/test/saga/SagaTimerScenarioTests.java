package io.ego.spring.boot.test.saga;

import java.time.Duration;

import com.google.protobuf.StringValue;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaStatus;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import io.ego.spring.boot.test.scenario.EgoTestConfigurationException;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A saga's timer in a Spring-context scenario: {@code @EgoTest} starts the {@code @Saga}
 * bean, and advancing the test clock past the timer makes it fire, without waiting the
 * hour.
 */
@EgoTest(value = ReminderSaga.class, properties = "ego.sagas.reminder.timer-poll-interval=20ms")
class SagaTimerScenarioTests {

	@Autowired
	EgoScenario scenario;

	@Test
	void aTimerFiresOnceTheTestClockPassesIt() throws Exception {
		this.scenario.engine().sagas().start("reminder", "r-1", StringValue.of("start")).get();
		assertThat(this.scenario.engine().sagas().status("reminder", "r-1").status()).isEqualTo(SagaStatus.RUNNING);

		this.scenario.clock().advance(ReminderSaga.WAIT.plusMinutes(1));

		SagaInstance<?> done = this.scenario.awaitSaga("reminder", "r-1", SagaStatus.COMPLETED);
		assertThat(done.state()).isEqualTo(Counter.newBuilder().setValue(2).build());
	}

	@Test
	void aTimerNotReachedLeavesTheSagaRunningAndTheFailureSaysWhere() throws Exception {
		this.scenario.engine().sagas().start("reminder", "r-2", StringValue.of("start")).get();

		assertThatExceptionOfType(AssertionFailedError.class)
			.isThrownBy(() -> this.scenario.within(Duration.ofMillis(300))
				.awaitSaga("reminder", "r-2", SagaStatus.COMPLETED))
			.withMessageContaining(
					"Expected saga 'reminder' instance 'r-2' to be COMPLETED within PT0.3S, " + "but it is RUNNING")
			.withMessageContaining("its state: ego.test.bank.Counter { value: 1 }")
			.withMessageContaining("the test clock: EgoTestClock[");
	}

	@Test
	void aSagaTheContextLacksIsNamed() {
		assertThatExceptionOfType(EgoTestConfigurationException.class)
			.isThrownBy(() -> this.scenario.awaitSaga("transfer", "t-1", SagaStatus.COMPLETED))
			.withMessageContaining("no saga 'transfer'")
			.withMessageContaining("reminder");
	}

}
