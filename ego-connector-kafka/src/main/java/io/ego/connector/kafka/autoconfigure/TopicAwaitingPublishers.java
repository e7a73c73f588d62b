package io.ego.connector.kafka.autoconfigure;

import java.time.Duration;
import java.util.List;

import com.google.protobuf.Message;
import io.ego.connector.kafka.autoconfigure.TopicCreation.TopicNotReadyException;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.publisher.StatePublisher;

/**
 * Publishers that wait for their topics ({@link TopicCreation}) before each batch, at
 * most the send timeout: until the topics exist, a batch fails with a
 * {@link TopicNotReadyException}, which is never poison, so the engine retries it (with
 * its backoff) and nothing is dead-lettered or skipped.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class TopicAwaitingPublishers {

	private TopicAwaitingPublishers() {
	}

	static EventPublisher events(EventPublisher delegate, TopicCreation topics, Duration wait) {
		return new EventPublisher() {

			@Override
			public void publish(List<EventEnvelope> events) throws Exception {
				topics.awaitReady(wait);
				delegate.publish(events);
			}

			@Override
			public boolean isPoison(Exception failure) {
				return !(failure instanceof TopicNotReadyException) && delegate.isPoison(failure);
			}

			@Override
			public boolean receivesErasures() {
				return delegate.receivesErasures();
			}

			@Override
			public List<? extends Message> messageTypes() {
				return delegate.messageTypes();
			}

		};
	}

	static StatePublisher states(StatePublisher delegate, TopicCreation topics, Duration wait) {
		return new StatePublisher() {

			@Override
			public void publish(List<DurableStateEnvelope> states) throws Exception {
				topics.awaitReady(wait);
				delegate.publish(states);
			}

			@Override
			public boolean isPoison(Exception failure) {
				return !(failure instanceof TopicNotReadyException) && delegate.isPoison(failure);
			}

			@Override
			public List<? extends Message> messageTypes() {
				return delegate.messageTypes();
			}

		};
	}

}
