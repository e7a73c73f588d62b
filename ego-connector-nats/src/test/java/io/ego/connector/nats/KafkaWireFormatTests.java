package io.ego.connector.nats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.ego.connector.nats.v1.PublishedEvent;
import io.ego.connector.nats.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector-local envelope is the Kafka connector's wire format: the same fields,
 * numbers and types, and the bytes one writes the other reads, both ways.
 */
class KafkaWireFormatTests {

	@Test
	void theMessagesHaveTheKafkaEnvelopesFields() {
		// fully qualified: the NATS connector's PublishedEvent is imported
		assertSameFields(PublishedEvent.getDescriptor(), io.ego.connector.kafka.v1.PublishedEvent.getDescriptor());
		// fully qualified: the NATS connector's PublishedState is imported
		assertSameFields(PublishedState.getDescriptor(), io.ego.connector.kafka.v1.PublishedState.getDescriptor());
	}

	@Test
	void anEventPublishedToNatsIsReadByTheKafkaEnvelopeAndBack() throws Exception {
		EventEnvelope event = new EventEnvelope("account|a1", "account", "a1", 3, 42,
				PersistedEvent.sliceOf("account|a1"), AccountOpened.newBuilder().setId("a1").build(),
				Instant.ofEpochSecond(7, 8), Map.of("traceparent", "00-abc-def-01"));
		byte[] data = Envelopes.event(event, 1).data();

		// fully qualified: the NATS connector's PublishedEvent is imported
		io.ego.connector.kafka.v1.PublishedEvent kafka = io.ego.connector.kafka.v1.PublishedEvent.parseFrom(data);
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
		byte[] data = Envelopes.state(state).data();

		// fully qualified: the NATS connector's PublishedState is imported
		io.ego.connector.kafka.v1.PublishedState kafka = io.ego.connector.kafka.v1.PublishedState.parseFrom(data);
		assertThat(kafka.getPersistenceId()).isEqualTo("counter|c1");
		assertThat(kafka.getRevision()).isEqualTo(5);
		assertThat(kafka.getPosition()).isEqualTo(9);
		assertThat(Counter.parseFrom(kafka.getPayload())).isEqualTo(state.state());
		assertThat(kafka.toByteArray()).isEqualTo(data);
	}

	private static void assertSameFields(Descriptor nats, Descriptor kafka) {
		assertThat(describe(nats)).isEqualTo(describe(kafka));
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
