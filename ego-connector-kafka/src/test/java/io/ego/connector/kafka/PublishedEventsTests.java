package io.ego.connector.kafka;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.ego.connector.v1.PublishedEvent;
import io.ego.core.UnknownMessageTypeException;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountDebited;
import io.ego.test.bank.AccountOpened;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PublishedEvents}: record values read back into envelope and typed
 * event.
 */
class PublishedEventsTests {

	private static final AccountCredited CREDITED = AccountCredited.newBuilder().setId("a-1").setAmount(5).build();

	private final PublishedEvents events = PublishedEvents.of(AccountOpened.getDefaultInstance(),
			AccountCredited.getDefaultInstance());

	@Test
	void aRecordValueIsReadIntoItsEnvelopeAndTypedEvent() {
		ReceivedEvent received = this.events.read(value(CREDITED));
		assertThat(received.event()).isEqualTo(CREDITED);
		assertThat(received.event(AccountCredited.class).getAmount()).isEqualTo(5);
		assertThat(received.persistenceId()).isEqualTo("account|a-1");
		assertThat(received.sequenceNr()).isEqualTo(2);
		assertThat(received.envelope().getMetadataMap()).containsEntry("correlation-id", "c-1");
	}

	@Test
	void aConsumerRecordAndTheDeserializerReadTheSame() {
		byte[] value = value(CREDITED);
		assertThat(this.events.read(new ConsumerRecord<>("events", 0, 0, "account|a-1", value)).event())
			.isEqualTo(CREDITED);
		assertThat(this.events.deserializer().deserialize("events", value).event()).isEqualTo(CREDITED);
	}

	@Test
	void anUnknownEventTypeIsNamedWithTheKnownOnes() {
		byte[] value = value(AccountDebited.newBuilder().setId("a-1").setAmount(1).build());
		assertThatExceptionOfType(UnknownMessageTypeException.class).isThrownBy(() -> this.events.read(value))
			.withMessageContaining("unknown event type 'ego.test.bank.AccountDebited'")
			.withMessageContaining("event 2 of 'account|a-1'")
			.withMessageContaining("[ego.test.bank.AccountCredited, ego.test.bank.AccountOpened]");
	}

	@Test
	void aValueThatIsNotAnEnvelopeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.events.read(new byte[] { (byte) 0xff, 1, 2 }))
			.withMessageContaining("not an ego.connector.v1.PublishedEvent");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.events.read(new ConsumerRecord<String, byte[]>("events", 1, 9, "k", null)))
			.withMessageContaining("events-1@9 has no value");
	}

	@Test
	void aPayloadThatDoesNotParseAsItsTypeIsReported() {
		byte[] value = PublishedEvent.newBuilder()
			.setPersistenceId("account|a-1")
			.setSequenceNr(4)
			.setEventType("ego.test.bank.AccountCredited")
			.setPayload(ByteString.copyFrom(new byte[] { (byte) 0xff, (byte) 0xff }))
			.build()
			.toByteArray();
		assertThatExceptionOfType(UnknownMessageTypeException.class).isThrownBy(() -> this.events.read(value))
			.withMessageContaining("cannot read event 4 of 'account|a-1' as 'ego.test.bank.AccountCredited'");
	}

	private static byte[] value(Message event) {
		return EventRecords
			.record("events",
					new EventEnvelope("account|a-1", "account", "a-1", 2, 10, PersistedEvent.sliceOf("account|a-1"),
							event, Instant.now(), Map.of("correlation-id", "c-1")),
					0)
			.value();
	}

}
