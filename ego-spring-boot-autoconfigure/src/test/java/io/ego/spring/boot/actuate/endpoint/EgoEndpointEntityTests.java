package io.ego.spring.boot.actuate.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ego.core.EgoEngine;
import io.ego.core.EntitySettings;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.DeadLettersDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.EntityDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.ErrorDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.EventDescriptor;
import io.ego.test.bank.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EgoEndpoint}'s entity read ({@code GET /entities/{type}/{id}}) and the
 * events its dead letters carry, decoded to JSON through their protobuf descriptors.
 */
class EgoEndpointEntityTests {

	private final InMemoryEventStore events = new InMemoryEventStore();

	private final EgoEngine engine = EgoEngine.builder()
		.eventStore(this.events)
		.inMemoryStores()
		.eventSourced("account", new AccountBehavior(), EntitySettings.defaults())
		.durableState("counter", new CounterBehavior())
		.projection("picky", (envelope) -> {
			if (envelope.entityId().startsWith("bad")) {
				throw new IllegalStateException("no bad accounts");
			}
		}, ProjectionSettings.defaults()
			.withPullInterval(Duration.ofMillis(20))
			.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO))
		.build();

	private final EgoEndpoint endpoint = new EgoEndpoint(this.engine, this.events,
			List.of(Account.getDefaultInstance()));

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void entityReadAnswersTheStateTheEngineReturnsAndTheLastEventsDecoded() {
		this.engine.askAndWait("account", "a", AccountBehavior.open("a", 100, "Ada"));
		this.engine.askAndWait("account", "a", AccountBehavior.credit("a", 5));
		this.engine.askAndWait("account", "a", AccountBehavior.credit("a", 7));

		EntityDescriptor entity = (EntityDescriptor) this.endpoint.item("entities", "account", "a", null).getBody();
		assertThat(entity.type()).isEqualTo("account");
		assertThat(entity.id()).isEqualTo("a");
		assertThat(entity.stateType()).isEqualTo("ego.test.bank.Account");
		assertThat(entity.revision()).isEqualTo(3);
		assertThat(entity.state()).containsExactly(Map.entry("id", "a"), Map.entry("balance", 112L),
				Map.entry("open", true));
		assertThat(entity.events()).extracting(EventDescriptor::sequenceNr).containsExactly(1L, 2L, 3L);
		assertThat(entity.events().get(0).eventType()).isEqualTo("ego.test.bank.AccountOpened");
		assertThat(entity.events().get(0).event()).containsEntry("initialBalance", 100L).containsEntry("owner", "Ada");
		assertThat(entity.events().get(2).event()).containsEntry("amount", 7L);

		EntityDescriptor last = (EntityDescriptor) this.endpoint.item("entities", "account", "a", 2).getBody();
		assertThat(last.events()).extracting(EventDescriptor::sequenceNr).containsExactly(2L, 3L);
		assertThat(((EntityDescriptor) this.endpoint.item("entities", "account", "a", 0).getBody()).events()).isEmpty();
	}

	@Test
	void entityReadOfAnUnknownTypeOrAnIdWithoutHistoryIsNotFound() {
		assertThat(this.endpoint.item("entities", "nope", "a", null).getStatus()).isEqualTo(404);
		assertThat(((ErrorDescriptor) this.endpoint.item("entities", "nope", "a", null).getBody()).message())
			.contains("no entity type 'nope'")
			.contains("account");
		assertThat(this.endpoint.item("entities", "account", "never", null).getStatus()).isEqualTo(404);
		assertThat(((ErrorDescriptor) this.endpoint.item("entities", "account", "never", null).getBody()).message())
			.contains("no entity 'never'");
		assertThat(this.endpoint.item("entities", "account", "a", 1001).getStatus()).isEqualTo(400);
		assertThat(this.endpoint.item("other", "account", "a", null).getStatus()).isEqualTo(404);
	}

	@Test
	void durableStateEntityHasItsStateAndNoEvents() {
		this.engine.askAndWait("counter", "c", CounterBehavior.by(3));
		EntityDescriptor counter = (EntityDescriptor) this.endpoint.item("entities", "counter", "c", null).getBody();
		assertThat(counter.revision()).isEqualTo(1);
		assertThat(counter.state()).isNotEmpty();
		assertThat(counter.events()).isEmpty();
	}

	@Test
	void deadLetterCarriesItsEventDecoded() {
		this.engine.askAndWait("account", "bad-1", AccountBehavior.open("bad-1", 9));
		await().until(() -> !((DeadLettersDescriptor) this.endpoint.section("dead-letters", "picky", null, null, null)
			.getBody()).deadLetters().isEmpty());
		EgoEndpoint.DeadLetterDescriptor letter = ((DeadLettersDescriptor) this.endpoint
			.section("dead-letters", "picky", null, null, null)
			.getBody()).deadLetters().get(0);
		assertThat(letter.encrypted()).isFalse();
		assertThat(letter.event()).containsEntry("id", "bad-1").containsEntry("initialBalance", 9L);
		assertThat(letter.cause()).contains("no bad accounts");

		// an endpoint that knows no message types lists the letter without its event
		EgoEndpoint plain = new EgoEndpoint(this.engine);
		assertThat(((DeadLettersDescriptor) plain.section("dead-letters", "picky", null, null, null).getBody())
			.deadLetters()
			.get(0)
			.event()).isNull();
	}

}
