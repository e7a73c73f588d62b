package io.ego.spring.boot.actuate.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.DeadLettersDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.EgoDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.ErrorDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.ProjectionDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.RetryDescriptor;
import io.ego.test.bank.AccountCredited;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the projection and dead-letter operations of {@link EgoEndpoint}.
 */
class EgoEndpointProjectionTests {

	private final List<Long> handled = new CopyOnWriteArrayList<>();

	private final AtomicBoolean broken = new AtomicBoolean(true);

	private final EgoEngine engine = EgoEngine.builder()
		.inMemoryStores()
		.eventSourced("account", new AccountBehavior())
		.projection("balances", (envelope) -> {
			if (envelope.event() instanceof AccountCredited credited && credited.getAmount() == 13
					&& this.broken.get()) {
				throw new IllegalStateException("unlucky");
			}
			this.handled.add(envelope.position());
		}, ProjectionSettings.defaults()
			.withPullInterval(Duration.ofMillis(20))
			.withParallelism(2)
			.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO))
		.build();

	private final EgoEndpoint endpoint = new EgoEndpoint(this.engine);

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void listsProjectionsWithWorkersAndLag() {
		this.engine.askAndWait("account", "a", AccountBehavior.open("a", 1));
		await().until(() -> this.handled.size() == 1);
		assertThat(((EgoDescriptor) this.endpoint.ego().getBody()).projections()).singleElement()
			.satisfies((projection) -> {
				assertThat(projection.name()).isEqualTo("balances");
				assertThat(projection.state()).isEqualTo("running");
				assertThat(projection.workers()).extracting(EgoEndpoint.WorkerDescriptor::slices)
					.containsExactly("0-511", "512-1023");
				assertThat(projection.workers()).extracting(EgoEndpoint.WorkerDescriptor::owner)
					.containsOnly(this.engine.instanceId());
			});
		assertThat(((EgoDescriptor) this.endpoint.ego().getBody()).instance()).isEqualTo(this.engine.instanceId());
		assertThat(this.endpoint.section("projections", "nope", null, null, null).getStatus()).isEqualTo(404);
		assertThat(
				((ErrorDescriptor) this.endpoint.section("projections", "nope", null, null, null).getBody()).message())
			.contains("no projection or publisher 'nope'")
			.contains("balances");
		assertThat(this.endpoint.section("other", "balances", null, null, null).getStatus()).isEqualTo(404);
		assertThat(((ErrorDescriptor) this.endpoint.section("other", "balances", null, null, null).getBody()).message())
			.contains("no section 'other'");
	}

	@Test
	void pausesResumesAndRebuildsAProjection() {
		this.engine.askAndWait("account", "a", AccountBehavior.open("a", 1));
		await().until(() -> this.handled.size() == 1);
		ProjectionDescriptor paused = (ProjectionDescriptor) this.endpoint
			.operate("projections", "balances", "pause", null, null, null)
			.getBody();
		assertThat(paused.state()).isEqualTo("paused");
		this.engine.askAndWait("account", "a", AccountBehavior.credit("a", 1));
		await().during(Duration.ofMillis(100)).until(() -> this.handled.size() == 1);
		this.endpoint.operate("projections", "balances", "resume", null, null, null);
		await().until(() -> this.handled.size() == 2);
		this.handled.clear();
		ProjectionDescriptor rebuilt = (ProjectionDescriptor) this.endpoint
			.operate("projections", "balances", "rebuild", 1L, null, null)
			.getBody();
		assertThat(rebuilt.state()).isEqualTo("running");
		await().until(() -> this.handled.size() == 1);
		assertThat(this.handled).containsExactly(2L);
		assertThat(this.endpoint.operate("projections", "balances", "explode", null, null, null).getStatus())
			.isEqualTo(400);
	}

	@Test
	void rebuildsBlueGreenShowingTheShadowUntilItSwitchesOver() {
		this.engine.askAndWait("account", "a", AccountBehavior.open("a", 1));
		await().until(() -> this.handled.size() == 1);
		ProjectionDescriptor rebuilding = (ProjectionDescriptor) this.endpoint
			.operate("projections", "balances", "rebuild", null, null, "blue-green")
			.getBody();
		assertThat(rebuilding.activeVersion()).isEqualTo(1);
		assertThat(rebuilding.shadow()).isNotNull();
		assertThat(rebuilding.shadow().version()).isEqualTo(2);
		assertThat(rebuilding.shadow().workers()).hasSize(2);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> ((ProjectionDescriptor) this.endpoint.section("projections", "balances", null, null, null)
				.getBody()).activeVersion() == 2);
		assertThat(((ProjectionDescriptor) this.endpoint.section("projections", "balances", null, null, null).getBody())
			.shadow()).isNull();
		assertThat(this.handled).containsExactly(1L, 1L);
		assertThat(this.endpoint.operate("projections", "balances", "rebuild", null, null, "sideways").getStatus())
			.isEqualTo(400);
	}

	@Test
	void rebuildingFromBeyondTheHeadIsABadRequestNamingThePositionAndTheHead() {
		this.engine.askAndWait("account", "a", AccountBehavior.open("a", 1));
		for (int i = 1; i <= 3; i++) {
			this.engine.askAndWait("account", "a", AccountBehavior.credit("a", i));
		}
		await().until(() -> this.handled.size() == 4);

		WebEndpointResponse<OperationResponseBody> beyond = this.endpoint.operate("projections", "balances", "rebuild",
				1200L, null, null);
		assertThat(beyond.getStatus()).isEqualTo(400);
		assertThat(((ErrorDescriptor) beyond.getBody()).message()).contains("position 1200").contains("head is 4");
		WebEndpointResponse<OperationResponseBody> negative = this.endpoint.operate("projections", "balances",
				"rebuild", -1L, null, null);
		assertThat(negative.getStatus()).isEqualTo(400);
		assertThat(((ErrorDescriptor) negative.getBody()).message()).contains("position -1");

		this.engine.askAndWait("account", "a", AccountBehavior.credit("a", 4));
		await().until(() -> this.handled.size() == 5);
		assertThat(((ProjectionDescriptor) this.endpoint.section("projections", "balances", null, null, null).getBody())
			.state()).isEqualTo("running");
	}

	@Test
	void listsRetriesAndDeletesDeadLetters() {
		this.engine.askAndWait("account", "a", AccountBehavior.open("a", 1));
		this.engine.askAndWait("account", "a", AccountBehavior.credit("a", 13));
		this.engine.askAndWait("account", "b", AccountBehavior.open("b", 1));
		this.engine.askAndWait("account", "b", AccountBehavior.credit("b", 13));
		await().until(() -> ((DeadLettersDescriptor) this.endpoint.section("dead-letters", "balances", null, null, null)
			.getBody()).deadLetters().size() == 2);
		DeadLettersDescriptor letters = (DeadLettersDescriptor) this.endpoint
			.section("dead-letters", "balances", null, null, null)
			.getBody();
		assertThat(letters.deadLetters().get(0).cause()).contains("unlucky");
		long first = letters.deadLetters().get(0).id();
		long second = letters.deadLetters().get(1).id();
		assertThat(((RetryDescriptor) this.endpoint
			.operate("dead-letters", String.valueOf(first), "retry", null, null, null)
			.getBody()).handled()).isFalse();
		this.broken.set(false);
		assertThat(((RetryDescriptor) this.endpoint
			.operate("dead-letters", String.valueOf(first), "retry", null, null, null)
			.getBody()).handled()).isTrue();
		this.endpoint.delete("dead-letters", String.valueOf(second));
		assertThat(
				((DeadLettersDescriptor) this.endpoint.section("dead-letters", "balances", null, null, null).getBody())
					.deadLetters())
			.isEmpty();
		assertThat(this.endpoint.delete("dead-letters", "x").getStatus()).isEqualTo(400);
	}

}
