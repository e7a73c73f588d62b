package io.ego.connector.nats;

import java.time.Instant;
import java.util.Map;

import io.ego.connector.v1.PublishedEvent;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The consumer helper reads back what the publishers' envelopes carry, the headers repeat
 * it, and what cannot be read is named. The envelope is the Kafka connector's wire
 * format.
 */
class PublishedMessagesTests {

	private static final PublishedMessages messages = PublishedMessages.of(AccountOpened.getDefaultInstance(),
			Counter.getDefaultInstance());

	@Test
	void readsAnEventWithItsEnvelopeAndHeaders() {
		AccountOpened opened = AccountOpened.newBuilder().setId("a1").build();
		EventEnvelope event = new EventEnvelope("account|a1", "account", "a1", 3, 42,
				PersistedEvent.sliceOf("account|a1"), opened, Instant.ofEpochSecond(7, 8),
				Map.of("traceparent", "00-abc-def-01", "ego-command-id", "cmd-1", "other", "x"));
		NatsSender.Outgoing outgoing = OutgoingMessages.event(event, 1);

		ReceivedEvent received = messages.event(outgoing.data());
		assertThat(received.event()).isEqualTo(opened);
		assertThat(received.envelope().getPersistenceId()).isEqualTo("account|a1");
		assertThat(received.envelope().getSequenceNr()).isEqualTo(3);
		assertThat(received.envelope().getPosition()).isEqualTo(42);
		assertThat(received.envelope().getPart()).isEqualTo(1);
		assertThat(received.envelope().getWriteTime().getSeconds()).isEqualTo(7);
		assertThat(received.envelope().getMetadataMap()).containsEntry("other", "x");
		assertThat(outgoing.id()).isEqualTo("account|a1#3#1");
		assertThat(outgoing.key()).isEqualTo("account|a1");
		assertThat(outgoing.headers().getFirst(EgoNatsHeaders.SEQUENCE_NR)).isEqualTo("3");
		assertThat(outgoing.headers().getFirst(EgoNatsHeaders.EVENT_TYPE))
			.isEqualTo(AccountOpened.getDescriptor().getFullName());
		assertThat(outgoing.headers().getFirst(EgoNatsHeaders.ENTITY_TYPE)).isEqualTo("account");
		assertThat(outgoing.headers().getFirst(EgoNatsHeaders.PERSISTENCE_ID)).isEqualTo("account|a1");
		assertThat(outgoing.headers().getFirst(EgoNatsHeaders.TRACEPARENT)).isEqualTo("00-abc-def-01");
		assertThat(outgoing.headers().getFirst(EgoNatsHeaders.COMMAND_ID)).isEqualTo("cmd-1");
		assertThat(outgoing.headers().containsKey(EgoNatsHeaders.TRACESTATE)).isFalse();
		assertThat(OutgoingMessages.eventId("account|a1", 3, 0)).isEqualTo("account|a1#3");
	}

	@Test
	void theEnvelopeIsTheKafkaConnectorsWireFormat() throws Exception {
		EventEnvelope event = new EventEnvelope("account|a1", "account", "a1", 3, 42,
				PersistedEvent.sliceOf("account|a1"), AccountOpened.newBuilder().setId("a1").build(),
				Instant.ofEpochSecond(7, 8), Map.of("k", "v"));
		PublishedEvent envelope = OutgoingMessages.envelope(event, 2);
		// the same field numbers as ego.connector.v1.PublishedEvent
		// (envelope.proto)
		assertThat(envelope.getDescriptorForType().getFields())
			.extracting((field) -> field.getNumber() + ":" + field.getName())
			.containsExactly("1:persistence_id", "2:entity_type", "3:entity_id", "4:sequence_nr", "5:position",
					"6:event_type", "7:payload", "8:write_time", "9:metadata", "10:part");
		assertThat(PublishedEvent.parseFrom(envelope.toByteArray())).isEqualTo(envelope);
	}

	@Test
	void readsAState() {
		Counter counter = Counter.newBuilder().setValue(5).build();
		DurableStateEnvelope state = new DurableStateEnvelope("counter|c1", "counter", "c1", 5, 9,
				PersistedEvent.sliceOf("counter|c1"), counter, Instant.now());
		NatsSender.Outgoing outgoing = OutgoingMessages.state(state);

		ReceivedState received = messages.state(outgoing.data());
		assertThat(received.state()).isEqualTo(counter);
		assertThat(received.envelope().getRevision()).isEqualTo(5);
		assertThat(outgoing.id()).isEqualTo("counter|c1@5");
		assertThat(outgoing.headers().getFirst(EgoNatsHeaders.REVISION)).isEqualTo("5");
		assertThat(outgoing.headers().getFirst(EgoNatsHeaders.STATE_TYPE))
			.isEqualTo(Counter.getDescriptor().getFullName());
	}

	@Test
	void anUnknownTypeOrDataThatIsNoEnvelopeIsNamed() {
		byte[] unknown = PublishedEvent.newBuilder().setEventType("x.Unknown").build().toByteArray();
		assertThatIllegalArgumentException().isThrownBy(() -> messages.event(unknown))
			.withMessageContaining("unknown message type 'x.Unknown'");
		assertThatIllegalArgumentException().isThrownBy(() -> messages.event(new byte[] { (byte) 0xff }))
			.withMessageContaining("is not an ego.connector.v1.PublishedEvent");
	}

}
