package io.ego.connector.nats;

import java.util.Map;

import io.ego.connector.support.Envelopes;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.nats.client.impl.Headers;

/**
 * Turns events and states into the messages the publishers send: data = the shared
 * envelope ({@link Envelopes}), headers = {@link EgoNatsHeaders}, message id = what
 * {@link #eventId} and {@link #stateId} make.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class OutgoingMessages {

	private OutgoingMessages() {
	}

	static String eventId(String persistenceId, long sequenceNr, int part) {
		String id = persistenceId + '#' + sequenceNr;
		return (part == 0) ? id : id + '#' + part;
	}

	static String stateId(String persistenceId, long revision) {
		return persistenceId + '@' + revision;
	}

	static PublishedEvent envelope(EventEnvelope event, int part) {
		return Envelopes.event(event, part);
	}

	static NatsSender.Outgoing event(EventEnvelope event, int part) {
		PublishedEvent envelope = envelope(event, part);
		return new NatsSender.Outgoing(eventId(event.persistenceId(), event.sequenceNr(), part), event.persistenceId(),
				event.entityType(), headers(Envelopes.headers(envelope)), envelope.toByteArray());
	}

	static NatsSender.Outgoing state(DurableStateEnvelope state) {
		PublishedState envelope = Envelopes.state(state);
		return new NatsSender.Outgoing(stateId(state.persistenceId(), state.revision()), state.persistenceId(),
				state.entityType(), headers(Envelopes.headers(envelope)), envelope.toByteArray());
	}

	private static Headers headers(Map<String, String> values) {
		Headers headers = new Headers();
		values.forEach(headers::put);
		return headers;
	}

}
