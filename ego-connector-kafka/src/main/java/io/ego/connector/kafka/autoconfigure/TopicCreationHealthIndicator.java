package io.ego.connector.kafka.autoconfigure;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the publishers' topic creation ({@code egoKafkaTopics}): {@code UP} once the
 * topics exist with ready leaders; {@code UNKNOWN} while they are still being created in
 * the background (Kafka unreachable), with the attempts made and the last failure. Not
 * {@code DOWN}: commands are served meanwhile, only publishing waits.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class TopicCreationHealthIndicator extends AbstractHealthIndicator {

	private final TopicCreation topics;

	TopicCreationHealthIndicator(TopicCreation topics) {
		this.topics = topics;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("topics", this.topics.names()).withDetail("attempts", this.topics.attempts());
		if (this.topics.isReady()) {
			builder.up();
			return;
		}
		builder.unknown().withDetail("state", "creating");
		String failure = this.topics.lastFailure();
		if (failure != null) {
			builder.withDetail("lastFailure", failure);
		}
	}

}
