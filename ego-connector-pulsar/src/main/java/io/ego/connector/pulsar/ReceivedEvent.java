package io.ego.connector.pulsar;

import com.google.protobuf.Message;
import io.ego.connector.v1.PublishedEvent;

/**
 * An event read back from a message {@link PulsarEventPublisher} sent.
 *
 * @param envelope the envelope (persistence id, sequence number, position, metadata, ...)
 * @param event the typed event the envelope's payload holds
 * @author eGo team
 * @since 0.2.0
 */
public record ReceivedEvent(PublishedEvent envelope, Message event) {
}
