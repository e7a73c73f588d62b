package io.ego.connector.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PendingSendsTests {

	private static final FailureClassifier FAILURES = FailureClassifier.of((failure) -> false,
			(failure) -> failure instanceof IllegalArgumentException);

	private final PendingSends<String> sends = new PendingSends<>(FAILURES);

	@Test
	void anAcknowledgedOrInFlightSendIsReusedAndAFailedOneIsNot() {
		PendingSend<String> acknowledged = this.sends.track("a", CompletableFuture.completedFuture("ok"));
		PendingSend<String> inFlight = this.sends.track("b", new CompletableFuture<>());
		PendingSend<String> failed = this.sends.track("c", CompletableFuture.failedFuture(new IOException("down")));
		assertThat(this.sends.reusable("a")).isSameAs(acknowledged);
		assertThat(this.sends.reusable("b")).isSameAs(inFlight);
		assertThat(this.sends.reusable("c")).isNull();
		assertThat(this.sends.previous("c")).isSameAs(failed);
		assertThat(failed.failure()).isInstanceOf(IOException.class);
		assertThat(this.sends.reusable("d")).isNull();
	}

	@Test
	void awaitCountsTheSendsInFlightAtTheDeadlineAndReportsThePoisonFailureFirst() throws Exception {
		List<PendingSend<String>> batch = List.of(this.sends.track("a", CompletableFuture.completedFuture("ok")),
				this.sends.track("b", CompletableFuture.failedFuture(new IOException("down"))),
				this.sends.track("c", CompletableFuture.failedFuture(new IllegalArgumentException("too large"))),
				this.sends.track("d", new CompletableFuture<>()));
		Acknowledgements acknowledgements = this.sends.await(batch,
				System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
		assertThat(acknowledgements.allAcknowledged()).isFalse();
		assertThat(acknowledgements.awaited()).isEqualTo(4);
		assertThat(acknowledgements.unacknowledged()).isEqualTo(1);
		assertThat(acknowledgements.failure()).isInstanceOf(IllegalArgumentException.class);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> acknowledgements.throwUnlessAllAcknowledged((missing, all) -> new IOException()));
	}

	@Test
	void sendsStillInFlightAtTheDeadlineMakeTheTimeoutException() throws Exception {
		List<PendingSend<String>> batch = List.of(this.sends.track("a", CompletableFuture.completedFuture("ok")),
				this.sends.track("b", new CompletableFuture<>()));
		Acknowledgements acknowledgements = this.sends.await(batch, System.nanoTime());
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> acknowledgements
				.throwUnlessAllAcknowledged((missing, all) -> new IOException(missing + " of " + all)))
			.withMessage("1 of 2");
	}

	@Test
	void forgetFailedKeepsTheAcknowledgedAndInFlightSendsForTheRetry() {
		List<PendingSend<String>> batch = List.of(this.sends.track("a", CompletableFuture.completedFuture("ok")),
				this.sends.track("b", CompletableFuture.failedFuture(new IOException("down"))),
				this.sends.track("c", new CompletableFuture<>()));
		this.sends.forgetFailed(batch);
		assertThat(this.sends.previous("a")).isNotNull();
		assertThat(this.sends.previous("b")).isNull();
		assertThat(this.sends.previous("c")).isNotNull();
		this.sends.forget(batch);
		assertThat(this.sends.size()).isZero();
	}

	@Test
	void forgetLeavesANewerSendOfTheSameMessage() {
		PendingSend<String> failed = this.sends.track("a", CompletableFuture.failedFuture(new IOException("down")));
		PendingSend<String> again = this.sends.track("a", new CompletableFuture<>());
		this.sends.forget(List.of(failed));
		assertThat(this.sends.previous("a")).isSameAs(again);
	}

	@Test
	void failAllCompletesTheSendsInFlightAndForgetsThem() {
		PendingSend<String> inFlight = this.sends.track("a", new CompletableFuture<>());
		this.sends.failAll(new IllegalStateException("closed"));
		assertThat(inFlight.isFailed()).isTrue();
		assertThat(this.sends.size()).isZero();
	}

}
