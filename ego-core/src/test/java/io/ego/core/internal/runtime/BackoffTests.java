package io.ego.core.internal.runtime;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The back-off policy of the engine's retry loops.
 *
 * @author eGo team
 */
class BackoffTests {

	@Test
	void delaysDoubleFromTheFirstUpToTheMaximum() {
		Backoff outage = Backoff.OUTAGE;
		assertThat(outage.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(outage.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(outage.delayAfter(5)).isEqualTo(Duration.ofMillis(1600));
		assertThat(outage.delayAfter(10)).isEqualTo(Duration.ofSeconds(30));
		assertThat(outage.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
		assertThat(Backoff.exponential(Duration.ofMillis(5)).delayAfter(3)).isEqualTo(Duration.ofMillis(20));
	}

	@Test
	void aZeroFirstDelayRetriesAtOnceThenGrowsFromOneMillisecond() {
		Backoff backoff = Backoff.exponential(Duration.ZERO);
		assertThat(backoff.delayAfter(1)).isZero();
		assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(1));
		assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofMillis(4));
	}

	@Test
	void jitterShortensADelayByAtMostItsShare() {
		Backoff backoff = Backoff.exponential(Duration.ofSeconds(1)).withJitter(0.25);
		for (int i = 0; i < 100; i++) {
			assertThat(backoff.delayAfter(1)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
		}
	}

	@Test
	void invalidPoliciesAndAttemptsAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO, 0.5, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO, 2, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.OUTAGE.delayAfter(0));
	}

}
