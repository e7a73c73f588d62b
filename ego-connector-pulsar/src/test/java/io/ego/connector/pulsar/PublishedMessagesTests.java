package io.ego.connector.pulsar;

import java.time.Instant;
import java.util.Map;

import io.ego.connector.v1.PublishedEvent;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The consumer helper reads back what the publishers' envelopes carry, and names what it
 * cannot read.
 */
class PublishedMessagesTests {

	private static final PublishedMessages messages = PublishedMessages.of(AccountOpened.getDefaultInstance(),
			Counter.getDefaultInstance());

	@Test
	void readsAnEventWithItsEnvelopeAndProperties() {
		AccountOpened opened = AccountOpened.newBuilder().setId("a1").build();
		EventEnvelope event = new EventEnvelope("account|a1", "account", "a1", 3, 42,
				PersistedEvent.sliceOf("account|a1"), opened, Instant.ofEpochSecond(7, 8),
				Map.of("traceparent", "00-abc-def-01"));
		PulsarSender.Outgoing outgoing = OutgoingMessages.event(event, 1);

		ReceivedEvent received = messages.event(outgoing.value());
		assertThat(received.event()).isEqualTo(opened);
		assertThat(received.envelope().getPersistenceId()).isEqualTo("account|a1");
		assertThat(received.envelope().getSequenceNr()).isEqualTo(3);
		assertThat(received.envelope().getPosition()).isEqualTo(42);
		assertThat(received.envelope().getPart()).isEqualTo(1);
		assertThat(received.envelope().getWriteTime().getSeconds()).isEqualTo(7);
		assertThat(outgoing.key()).isEqualTo("account|a1");
		assertThat(outgoing.sequenceId()).isEqualTo(42 * 1024 + 1);
		assertThat(outgoing.properties()).containsEntry(EgoPulsarMessageProperties.SEQUENCE_NR, "3")
			.containsEntry(EgoPulsarMessageProperties.EVENT_TYPE, AccountOpened.getDescriptor().getFullName())
			.containsEntry(EgoPulsarMessageProperties.TRACEPARENT, "00-abc-def-01");
	}

	@Test
	void readsAState() {
		Counter counter = Counter.newBuilder().setValue(5).build();
		DurableStateEnvelope state = new DurableStateEnvelope("counter|c1", "counter", "c1", 5, 9,
				PersistedEvent.sliceOf("counter|c1"), counter, Instant.now());
		PulsarSender.Outgoing outgoing = OutgoingMessages.state(state);

		ReceivedState received = messages.state(outgoing.value());
		assertThat(received.state()).isEqualTo(counter);
		assertThat(received.envelope().getRevision()).isEqualTo(5);
		assertThat(outgoing.properties()).containsEntry(EgoPulsarMessageProperties.REVISION, "5");
	}

	@Test
	void anUnknownTypeOrAValueThatIsNoEnvelopeIsNamed() {
		byte[] unknown = PublishedEvent.newBuilder().setEventType("x.Unknown").build().toByteArray();
		assertThatIllegalArgumentException().isThrownBy(() -> messages.event(unknown))
			.withMessageContaining("unknown message type 'x.Unknown'");
		assertThatIllegalArgumentException().isThrownBy(() -> messages.event(new byte[] { (byte) 0xff }))
			.withMessageContaining("is not an ego.connector.v1.PublishedEvent");
	}

	@Test
	void anEventSplitIntoTooManyPartsIsPoison() {
		EventEnvelope event = new EventEnvelope("account|a1", "account", "a1", 1, 1, 0, AccountBehavior.open("a1", 0),
				Instant.now(), Map.of());
		assertThatIllegalArgumentException().isThrownBy(() -> OutgoingMessages.event(event, 1024))
			.isInstanceOf(TooManyPartsException.class)
			.satisfies((ex) -> assertThat(PulsarFailures.isPoison(ex)).isTrue());
	}

}
