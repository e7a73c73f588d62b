package io.ego.connector.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Message;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopesTests {

	private static final Instant WRITTEN = Instant.parse("2026-11-27T10:15:30.123456789Z");

	@Test
	void anEventsEnvelopeCarriesItsPositionPayloadAndMetadata() throws Exception {
		AccountCredited credited = AccountCredited.newBuilder().setId("a-1").setAmount(42).build();
		PublishedEvent envelope = Envelopes.event(
				event("account|a-1", 3, credited, Map.of("traceparent", "00-abc-def-01", "correlation-id", "c-7")), 2);
		assertThat(envelope.getPersistenceId()).isEqualTo("account|a-1");
		assertThat(envelope.getEntityType()).isEqualTo("account");
		assertThat(envelope.getEntityId()).isEqualTo("a-1");
		assertThat(envelope.getSequenceNr()).isEqualTo(3);
		assertThat(envelope.getPosition()).isEqualTo(77);
		assertThat(envelope.getPart()).isEqualTo(2);
		assertThat(envelope.getEventType()).isEqualTo("ego.test.bank.AccountCredited");
		assertThat(AccountCredited.parseFrom(envelope.getPayload())).isEqualTo(credited);
		assertThat(envelope.getWriteTime().getSeconds()).isEqualTo(WRITTEN.getEpochSecond());
		assertThat(envelope.getWriteTime().getNanos()).isEqualTo(WRITTEN.getNano());
		assertThat(envelope.getMetadataMap()).containsOnly(Map.entry("traceparent", "00-abc-def-01"),
				Map.entry("correlation-id", "c-7"));
	}

	@Test
	void anEventsHeadersNameItAndCopyTheCommandIdAndTraceContext() {
		PublishedEvent envelope = Envelopes
			.event(event("account|a-1", 3, AccountOpened.getDefaultInstance(), Map.of("traceparent", "00-abc-def-01",
					"tracestate", "ego=1", "ego-command-id", "cmd-9", "correlation-id", "c-7")), 0);
		assertThat(Envelopes.headers(envelope)).containsExactly(
				Map.entry(EgoHeaders.EVENT_TYPE, "ego.test.bank.AccountOpened"),
				Map.entry(EgoHeaders.ENTITY_TYPE, "account"), Map.entry(EgoHeaders.PERSISTENCE_ID, "account|a-1"),
				Map.entry(EgoHeaders.SEQUENCE_NR, "3"), Map.entry(EgoHeaders.COMMAND_ID, "cmd-9"),
				Map.entry(EgoHeaders.TRACEPARENT, "00-abc-def-01"), Map.entry(EgoHeaders.TRACESTATE, "ego=1"));
	}

	@Test
	void aStatesEnvelopeAndHeadersCarryItsRevision() throws Exception {
		Counter counter = Counter.newBuilder().setValue(5).build();
		PublishedState envelope = Envelopes.state(new DurableStateEnvelope("counter|c-1", "counter", "c-1", 5, 9,
				PersistedEvent.sliceOf("counter|c-1"), counter, WRITTEN));
		assertThat(envelope.getRevision()).isEqualTo(5);
		assertThat(envelope.getPosition()).isEqualTo(9);
		assertThat(envelope.getStateType()).isEqualTo("ego.test.bank.Counter");
		assertThat(Counter.parseFrom(envelope.getPayload())).isEqualTo(counter);
		assertThat(Envelopes.headers(envelope)).containsExactly(
				Map.entry(EgoHeaders.STATE_TYPE, "ego.test.bank.Counter"), Map.entry(EgoHeaders.ENTITY_TYPE, "counter"),
				Map.entry(EgoHeaders.PERSISTENCE_ID, "counter|c-1"), Map.entry(EgoHeaders.REVISION, "5"));
	}

	@Test
	void theEventsOfOneStoredEventAreNumberedAsPartsAlsoWhenOthersAreSkipped() {
		AccountOpened opened = AccountOpened.getDefaultInstance();
		List<EventEnvelope> events = List.of(event("account|a-1", 1, opened, Map.of()),
				event("account|a-1", 2, opened, Map.of()), event("account|a-1", 2, opened, Map.of()),
				event("account|a-1", 2, opened, Map.of()), event("account|b-1", 2, opened, Map.of()),
				new EventEnvelope("other|o-1", "other", "o-1", 1, 80, 0, opened, WRITTEN, Map.of()));
		assertThat(PublishedBatches.events(events, Set.of(),
				(event, part) -> event.persistenceId() + "#" + event.sequenceNr() + "#" + part))
			.containsExactly("account|a-1#1#0", "account|a-1#2#0", "account|a-1#2#1", "account|a-1#2#2",
					"account|b-1#2#0", "other|o-1#1#0");
		assertThat(PublishedBatches.events(events.subList(1, 6), Set.of("other", "nothing"),
				(event, part) -> event.persistenceId() + "#" + part))
			.containsExactly("other|o-1#0");
	}

	@Test
	void statesOfOtherEntityTypesAreSkipped() {
		Counter counter = Counter.getDefaultInstance();
		List<DurableStateEnvelope> states = List.of(
				new DurableStateEnvelope("counter|c-1", "counter", "c-1", 1, 1, 0, counter, WRITTEN),
				new DurableStateEnvelope("other|o-1", "other", "o-1", 1, 2, 0, counter, WRITTEN));
		assertThat(PublishedBatches.states(states, Set.of("counter"), DurableStateEnvelope::persistenceId))
			.containsExactly("counter|c-1");
		assertThat(PublishedBatches.states(states, Set.of(), DurableStateEnvelope::persistenceId)).hasSize(2);
	}

	private static EventEnvelope event(String persistenceId, long sequenceNr, Message event,
			Map<String, String> metadata) {
		String[] parts = persistenceId.split("\\|");
		return new EventEnvelope(persistenceId, parts[0], parts[1], sequenceNr, 77,
				PersistedEvent.sliceOf(persistenceId), event, WRITTEN, metadata);
	}

}
