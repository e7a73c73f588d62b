package io.ego.connector.nats.autoconfigure;

import java.time.Duration;

import io.ego.connector.nats.NatsEventPublisher;
import io.ego.connector.nats.NatsStatePublisher;
import io.ego.core.projection.ProjectionSettings;
import io.nats.client.api.StorageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoNatsProperties}: the defaults are the publishers' and the engine's
 * own.
 */
class EgoNatsPropertiesTests {

	@Test
	void defaultsMatchThePublishersAndTheEngine() {
		EgoNatsProperties properties = new EgoNatsProperties();
		ProjectionSettings engine = ProjectionSettings.defaults();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getUrl()).isEqualTo("nats://127.0.0.1:4222");
		assertThat(properties.getUsername()).isNull();
		assertThat(properties.getCredentials()).isNull();
		assertThat(properties.getEvents().isEnabled()).isTrue();
		assertThat(properties.getEvents().getName()).isEqualTo("nats");
		assertThat(properties.getEvents().getStream()).isEqualTo(NatsEventPublisher.DEFAULT_STREAM);
		assertThat(properties.getEvents().getSubject()).isEqualTo(NatsEventPublisher.DEFAULT_SUBJECT);
		assertThat(properties.getStates().isEnabled()).isFalse();
		assertThat(properties.getStates().getName()).isEqualTo("nats-states");
		assertThat(properties.getStates().getStream()).isEqualTo(NatsStatePublisher.DEFAULT_STREAM);
		assertThat(properties.getStates().getSubject()).isEqualTo(NatsStatePublisher.DEFAULT_SUBJECT);
		assertThat(properties.getSendTimeout()).isEqualTo(NatsEventPublisher.DEFAULT_SEND_TIMEOUT);
		assertThat(properties.getEntityTypes()).isEmpty();
		assertThat(properties.getParallelism()).isEqualTo(engine.parallelism());
		assertThat(properties.getRetries()).isEqualTo(engine.retries());
		assertThat(properties.getRetryDelay()).isEqualTo(engine.retryDelay());
		assertThat(properties.isCreateStream()).isTrue();
		assertThat(properties.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
		assertThat(properties.getStorage()).isEqualTo(StorageType.File);
		assertThat(properties.getReplicas()).isEqualTo(1);
	}

}
