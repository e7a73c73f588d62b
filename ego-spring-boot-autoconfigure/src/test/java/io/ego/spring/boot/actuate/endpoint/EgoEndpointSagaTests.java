package io.ego.spring.boot.actuate.endpoint;

import java.time.Duration;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.saga.SagaSettings;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.ErrorDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.SagaCountsDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.SagaInstanceDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.SagaInstancesDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.SagaSummaryDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.SagasDescriptor;
import io.ego.spring.boot.autoconfigure.sagas.BonusSaga;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the saga operations of {@link EgoEndpoint}.
 */
class EgoEndpointSagaTests {

	private final EgoEngine engine = EgoEngine.builder()
		.inMemoryStores()
		.eventSourced("account", new AccountBehavior())
		.saga("bonus", new BonusSaga(), SagaSettings.defaults().withTimerPollInterval(Duration.ofMillis(20)))
		.build();

	private final EgoEndpoint endpoint = new EgoEndpoint(this.engine);

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void listsSagasAndReadsAnInstance() {
		assertThat(((SagasDescriptor) this.endpoint.entityType("sagas").getBody()).sagas())
			.extracting(SagaCountsDescriptor::name)
			.containsExactly("bonus");
		this.engine.askAndWait("account", "a", AccountBehavior.open("a", 5));
		this.engine.sagas().start("bonus", "b-1", AccountBehavior.open("a", 0)).join();
		await().until(() -> this.engine.sagas().status("bonus", "b-1").status().isFinal());
		await().untilAsserted(() -> assertThat(
				((SagasDescriptor) this.endpoint.entityType("sagas").getBody()).sagas().get(0).instances())
			.containsEntry("COMPLETED", 1L)
			.containsEntry("RUNNING", 0L)
			.containsEntry("FAILED", 0L));
		SagaInstancesDescriptor completed = (SagaInstancesDescriptor) this.endpoint
			.section("sagas", "bonus", "completed", null, null)
			.getBody();
		assertThat(completed.instances()).extracting(SagaSummaryDescriptor::id).containsExactly("b-1");
		assertThat(completed.next()).isNull();
		assertThat(((SagaInstancesDescriptor) this.endpoint.section("sagas", "bonus", null, null, null).getBody())
			.instances()).as("FAILED by default").isEmpty();

		SagaInstanceDescriptor instance = (SagaInstanceDescriptor) this.endpoint.sagaInstance("sagas", "bonus", "b-1")
			.getBody();

		assertThat(instance.status()).isEqualTo("COMPLETED");
		assertThat(instance.state()).contains("balance: 15");
		assertThat(instance.history()).anyMatch((line) -> line.endsWith("step 1 'credit' accepted"));
		assertThat(((SagaInstanceDescriptor) this.endpoint.sagaInstance("sagas", "bonus", "never").getBody()).status())
			.isEqualTo("NEW");
	}

	@Test
	void answersUnknownSagasAndRefusedOperationsWithTheReason() {
		assertThat(this.endpoint.sagaInstance("sagas", "nope", "x").getStatus()).isEqualTo(404);
		assertThat(((ErrorDescriptor) this.endpoint.sagaInstance("sagas", "nope", "x").getBody()).message())
			.contains("no saga named 'nope'", "[bonus]");
		assertThat(this.endpoint.operateSaga("sagas", "bonus", "never", "cancel", null).getStatus()).isEqualTo(400);
		assertThat(((ErrorDescriptor) this.endpoint.operateSaga("sagas", "bonus", "never", "retry", null).getBody())
			.message()).contains("has not started");
		assertThat(((ErrorDescriptor) this.endpoint.operateSaga("sagas", "bonus", "x", "explode", null).getBody())
			.message()).contains("unknown saga operation 'explode'");
		assertThat(((ErrorDescriptor) this.endpoint.section("sagas", "bonus", "stuck", null, null).getBody()).message())
			.contains("unknown saga status 'stuck'", "COMPENSATING");
		assertThat(this.endpoint.section("sagas", "bonus", "failed", null, 0).getStatus()).isEqualTo(400);
		assertThat(this.endpoint.section("sagas", "nope", "failed", null, null).getStatus()).isEqualTo(404);
	}

}
