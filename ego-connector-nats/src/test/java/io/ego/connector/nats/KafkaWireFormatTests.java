package io.ego.connector.nats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector publishes the Kafka connector's wire format: the shared envelope of
 * ego-connector-support, whose bytes a Kafka consumer reads.
 */
class KafkaWireFormatTests {

	@Test
	void theMessagesAreTheKafkaEnvelopes() {
		assertThat(PublishedEvent.getDescriptor().getFullName()).isEqualTo("ego.connector.v1.PublishedEvent");
		assertThat(PublishedState.getDescriptor().getFullName()).isEqualTo("ego.connector.v1.PublishedState");
		assertThat(describe(PublishedEvent.getDescriptor())).startsWith("1:persistence_id:STRING:false:",
				"2:entity_type:STRING:false:", "3:entity_id:STRING:false:", "4:sequence_nr:INT64:false:",
				"5:position:INT64:false:", "6:event_type:STRING:false:", "7:payload:BYTES:false:",
				"8:write_time:MESSAGE:false:Timestamp");
	}

	@Test
	void anEventPublishedToNatsIsReadByTheKafkaEnvelopeAndBack() throws Exception {
		EventEnvelope event = new EventEnvelope("account|a1", "account", "a1", 3, 42,
				PersistedEvent.sliceOf("account|a1"), AccountOpened.newBuilder().setId("a1").build(),
				Instant.ofEpochSecond(7, 8), Map.of("traceparent", "00-abc-def-01"));
		byte[] data = OutgoingMessages.event(event, 1).data();

		PublishedEvent kafka = PublishedEvent.parseFrom(data);
		assertThat(kafka.getPersistenceId()).isEqualTo("account|a1");
		assertThat(kafka.getSequenceNr()).isEqualTo(3);
		assertThat(kafka.getPosition()).isEqualTo(42);
		assertThat(kafka.getPart()).isEqualTo(1);
		assertThat(kafka.getEventType()).isEqualTo(AccountOpened.getDescriptor().getFullName());
		assertThat(kafka.getWriteTime().getNanos()).isEqualTo(8);
		assertThat(kafka.getMetadataMap()).containsEntry("traceparent", "00-abc-def-01");
		assertThat(AccountOpened.parseFrom(kafka.getPayload())).isEqualTo(event.event());
		assertThat(kafka.toByteArray()).isEqualTo(data);
		assertThat(PublishedEvent.parseFrom(kafka.toByteArray())).isEqualTo(PublishedEvent.parseFrom(data));
	}

	@Test
	void aStatePublishedToNatsIsReadByTheKafkaEnvelope() throws Exception {
		DurableStateEnvelope state = new DurableStateEnvelope("counter|c1", "counter", "c1", 5, 9,
				PersistedEvent.sliceOf("counter|c1"), Counter.newBuilder().setValue(5).build(), Instant.now());
		byte[] data = OutgoingMessages.state(state).data();

		PublishedState kafka = PublishedState.parseFrom(data);
		assertThat(kafka.getPersistenceId()).isEqualTo("counter|c1");
		assertThat(kafka.getRevision()).isEqualTo(5);
		assertThat(kafka.getPosition()).isEqualTo(9);
		assertThat(Counter.parseFrom(kafka.getPayload())).isEqualTo(state.state());
		assertThat(kafka.toByteArray()).isEqualTo(data);
	}

	private static List<String> describe(Descriptor descriptor) {
		return descriptor.getFields()
			.stream()
			.map((FieldDescriptor field) -> field.getNumber() + ":" + field.getName() + ":" + field.getType() + ":"
					+ field.isRepeated() + ":"
					+ (field.getType() == FieldDescriptor.Type.MESSAGE ? field.getMessageType().getName() : ""))
			.toList();
	}

}
