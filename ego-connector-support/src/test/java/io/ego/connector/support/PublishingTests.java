package io.ego.connector.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PublishingTests {

	@Test
	void aSendTimeoutMustBePositive() {
		assertThatNoException().isThrownBy(() -> Publishing.checkSendTimeout(Duration.ofMillis(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Publishing.checkSendTimeout(Duration.ZERO))
			.withMessage("send timeout must be positive but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> Publishing.checkSendTimeout(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Publishing.checkSendTimeout(null));
	}

	@Test
	void aNameMustNotBeEmpty() {
		assertThatNoException().isThrownBy(() -> Publishing.checkNotEmpty("ego-events", "topic"));
		assertThatIllegalArgumentException().isThrownBy(() -> Publishing.checkNotEmpty(" ", "topic"))
			.withMessage("topic must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> Publishing.checkNotEmpty(null, "stream"))
			.withMessage("stream must not be empty");
	}

}
