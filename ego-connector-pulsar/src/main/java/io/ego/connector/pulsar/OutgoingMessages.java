package io.ego.connector.pulsar;

import io.ego.connector.support.Envelopes;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;

/**
 * Turns events and states into the messages the publishers send: key = persistence id,
 * value = the shared envelope ({@link Envelopes}), properties =
 * {@link EgoPulsarMessageProperties}, sequence id = the position (times
 * {@value PulsarSender#PARTS_PER_POSITION}, plus the part of a split event).
 *
 * @author eGo team
 * @since 0.2.0
 */
final class OutgoingMessages {

	private OutgoingMessages() {
	}

	static PulsarSender.Outgoing event(EventEnvelope event, int part) {
		if (part >= PulsarSender.PARTS_PER_POSITION) {
			throw new TooManyPartsException(event.persistenceId(), event.sequenceNr(), part);
		}
		PublishedEvent envelope = Envelopes.event(event, part);
		return new PulsarSender.Outgoing(event.persistenceId() + '#' + event.sequenceNr() + '#' + part, event.slice(),
				event.position() * PulsarSender.PARTS_PER_POSITION + part, event.persistenceId(),
				envelope.toByteArray(), Envelopes.headers(envelope));
	}

	static PulsarSender.Outgoing state(DurableStateEnvelope state) {
		PublishedState envelope = Envelopes.state(state);
		return new PulsarSender.Outgoing(state.persistenceId() + '@' + state.revision() + '@' + state.position(),
				state.slice(), state.position() * PulsarSender.PARTS_PER_POSITION, state.persistenceId(),
				envelope.toByteArray(), Envelopes.headers(envelope));
	}

}
