package io.ego.connector.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EnvelopeReaderTests {

	private final EnvelopeReader reader = EnvelopeReader
		.of(List.of(AccountOpened.getDefaultInstance(), Counter.getDefaultInstance()));

	@Test
	void readsTheEnvelopeAndTheTypedPayloadOfAnEventAndAState() {
		AccountOpened opened = AccountOpened.newBuilder().setId("a1").build();
		byte[] event = Envelopes
			.event(new EventEnvelope("account|a1", "account", "a1", 3, 42, 0, opened, Instant.now(), Map.of()), 0)
			.toByteArray();
		PublishedEvent envelope = this.reader.event(event);
		assertThat(envelope.getSequenceNr()).isEqualTo(3);
		assertThat(this.reader.payload(envelope)).isEqualTo(opened);
		Counter counter = Counter.newBuilder().setValue(5).build();
		byte[] state = Envelopes
			.state(new DurableStateEnvelope("counter|c1", "counter", "c1", 5, 9, 0, counter, Instant.now()))
			.toByteArray();
		PublishedState stateEnvelope = this.reader.state(state);
		assertThat(stateEnvelope.getRevision()).isEqualTo(5);
		assertThat(this.reader.payload(stateEnvelope)).isEqualTo(counter);
		assertThat(this.reader.types()).containsExactly("ego.test.bank.AccountOpened", "ego.test.bank.Counter");
	}

	@Test
	void anUnknownTypeABadPayloadOrAValueThatIsNoEnvelopeIsNamed() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.reader.payload(PublishedEvent.newBuilder().setEventType("x.Unknown").build()))
			.withMessageContaining("unknown message type 'x.Unknown'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.reader.payload(PublishedEvent.newBuilder()
			.setEventType("ego.test.bank.AccountOpened")
			.setPayload(ByteString.copyFrom(new byte[] { (byte) 0xff }))
			.build())).withMessageContaining("payload is not a valid 'ego.test.bank.AccountOpened'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.reader.event(new byte[] { (byte) 0xff }))
			.withMessageContaining("is not an ego.connector.v1.PublishedEvent");
		assertThatIllegalArgumentException().isThrownBy(() -> this.reader.state(new byte[] { (byte) 0xff }))
			.withMessageContaining("is not an ego.connector.v1.PublishedState");
	}

}
