package io.ego.connector.kafka.autoconfigure;

import io.ego.connector.kafka.KafkaEventPublisher;
import io.ego.connector.kafka.KafkaStatePublisher;
import io.ego.core.projection.ProjectionSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoKafkaProperties}: the defaults are the publisher's and the engine's
 * own.
 */
class EgoKafkaPropertiesTests {

	@Test
	void defaultsMatchThePublisherAndTheEngine() {
		EgoKafkaProperties properties = new EgoKafkaProperties();
		ProjectionSettings engine = ProjectionSettings.defaults();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getEvents().isEnabled()).isTrue();
		assertThat(properties.getEvents().getName()).isEqualTo("kafka");
		assertThat(properties.getEvents().getTopic()).isEqualTo(KafkaEventPublisher.DEFAULT_TOPIC);
		assertThat(properties.getSendTimeout()).isEqualTo(KafkaEventPublisher.DEFAULT_SEND_TIMEOUT);
		assertThat(properties.getEntityTypes()).isEmpty();
		assertThat(properties.getParallelism()).isEqualTo(engine.parallelism());
		assertThat(properties.getRetries()).isEqualTo(engine.retries());
		assertThat(properties.getRetryDelay()).isEqualTo(engine.retryDelay());
		assertThat(properties.isCreateTopic()).isFalse();
		assertThat(properties.getPartitions()).isNull();
		assertThat(properties.getReplicas()).isNull();
		assertThat(properties.getStates().isEnabled()).isFalse();
		assertThat(properties.getStates().getTopic()).isEqualTo(KafkaStatePublisher.DEFAULT_TOPIC);
		assertThat(properties.getStates().getName()).isEqualTo("kafka-states");
	}

}
