package io.ego.connector.pulsar;

import com.google.protobuf.Message;
import io.ego.connector.v1.PublishedState;

/**
 * A durable state read back from a message {@link PulsarStatePublisher} sent.
 *
 * @param envelope the envelope (persistence id, revision, position, ...)
 * @param state the typed state the envelope's payload holds
 * @author eGo team
 * @since 0.2.0
 */
public record ReceivedState(PublishedState envelope, Message state) {
}
