package io.ego.connector.kafka.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the Kafka publishers ({@code ego.publishers.kafka.*}): with
 * {@code enabled}, the event publisher ({@code events.*}, on by default) and the
 * durable-state publisher ({@code states.*}, off by default). Entity types, parallelism,
 * retries, send timeout and topic creation apply to both. The connection and producer
 * tuning come from Boot's {@code spring.kafka.*} properties.
 *
 * @author eGo team
 * @since 0.1.0
 */
@ConfigurationProperties("ego.publishers.kafka")
public class EgoKafkaProperties {

	/**
	 * Whether to publish to Kafka: the journal's events (events.enabled) and the durable
	 * states (states.enabled).
	 */
	private boolean enabled;

	/**
	 * Publishing of the journal's events.
	 */
	private final Events events = new Events();

	/**
	 * Publishing of durable-state entities' states (from the durable-state change feed)
	 * to their own topic.
	 */
	private final States states = new States();

	/**
	 * Entity types whose events and states are published. All types when empty.
	 */
	private Set<String> entityTypes = new LinkedHashSet<>();

	/**
	 * Number of workers of each publisher, each reading its own range of slices (1 to
	 * 1024).
	 */
	private int parallelism = 1;

	/**
	 * Attempts after the first for a record Kafka refuses for good (e.g. too large),
	 * before it is dead-lettered. Outages and timeouts are retried until they pass.
	 */
	private int retries = 3;

	/**
	 * Delay before the first retry of a failed send, doubled for each further retry up to
	 * 30 seconds.
	 */
	private Duration retryDelay = Duration.ofSeconds(1);

	/**
	 * How long to wait for Kafka to acknowledge a batch of records before sending it
	 * again.
	 */
	private Duration sendTimeout = Duration.ofSeconds(30);

	/**
	 * Whether to create the topics when they do not exist, in the background after
	 * start-up.
	 */
	private boolean createTopic;

	/**
	 * Number of partitions of the created topics. The broker's default when not set.
	 */
	private @Nullable Integer partitions;

	/**
	 * Replication factor of the created topics. The broker's default when not set.
	 */
	private @Nullable Short replicas;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Events getEvents() {
		return this.events;
	}

	public States getStates() {
		return this.states;
	}

	public Set<String> getEntityTypes() {
		return this.entityTypes;
	}

	public void setEntityTypes(Set<String> entityTypes) {
		this.entityTypes = entityTypes;
	}

	public int getParallelism() {
		return this.parallelism;
	}

	public void setParallelism(int parallelism) {
		this.parallelism = parallelism;
	}

	public int getRetries() {
		return this.retries;
	}

	public void setRetries(int retries) {
		this.retries = retries;
	}

	public Duration getRetryDelay() {
		return this.retryDelay;
	}

	public void setRetryDelay(Duration retryDelay) {
		this.retryDelay = retryDelay;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	public boolean isCreateTopic() {
		return this.createTopic;
	}

	public void setCreateTopic(boolean createTopic) {
		this.createTopic = createTopic;
	}

	public @Nullable Integer getPartitions() {
		return this.partitions;
	}

	public void setPartitions(@Nullable Integer partitions) {
		this.partitions = partitions;
	}

	public @Nullable Short getReplicas() {
		return this.replicas;
	}

	public void setReplicas(@Nullable Short replicas) {
		this.replicas = replicas;
	}

	// The keys before events.* and states.*: aliases that give way to the new key when
	// both are set.

	/**
	 * @return {@code events.name}
	 * @deprecated since 0.1.0 for {@code ego.publishers.kafka.events.name}
	 */
	@Deprecated(since = "0.1.0")
	public String getName() {
		return this.events.getName();
	}

	/**
	 * @param name the event publisher's name
	 * @deprecated since 0.1.0 for {@code ego.publishers.kafka.events.name}
	 */
	@Deprecated(since = "0.1.0")
	public void setName(String name) {
		if (!this.events.nameSet) {
			this.events.name = name;
		}
	}

	/**
	 * @return {@code events.topic}
	 * @deprecated since 0.1.0 for {@code ego.publishers.kafka.events.topic}
	 */
	@Deprecated(since = "0.1.0")
	public String getTopic() {
		return this.events.getTopic();
	}

	/**
	 * @param topic the event topic
	 * @deprecated since 0.1.0 for {@code ego.publishers.kafka.events.topic}
	 */
	@Deprecated(since = "0.1.0")
	public void setTopic(String topic) {
		if (!this.events.topicSet) {
			this.events.topic = topic;
		}
	}

	/**
	 * @return {@code states.name}
	 * @deprecated since 0.1.0 for {@code ego.publishers.kafka.states.name}
	 */
	@Deprecated(since = "0.1.0")
	public String getStateName() {
		return this.states.getName();
	}

	/**
	 * @param name the state publisher's name
	 * @deprecated since 0.1.0 for {@code ego.publishers.kafka.states.name}
	 */
	@Deprecated(since = "0.1.0")
	public void setStateName(String name) {
		if (!this.states.nameSet) {
			this.states.name = name;
		}
	}

	/**
	 * @return {@code states.topic}
	 * @deprecated since 0.1.0 for {@code ego.publishers.kafka.states.topic}
	 */
	@Deprecated(since = "0.1.0")
	public String getStateTopic() {
		return this.states.getTopic();
	}

	/**
	 * @param topic the state topic
	 * @deprecated since 0.1.0 for {@code ego.publishers.kafka.states.topic}
	 */
	@Deprecated(since = "0.1.0")
	public void setStateTopic(String topic) {
		if (!this.states.topicSet) {
			this.states.topic = topic;
		}
	}

	/**
	 * Publishing of the journal's events ({@code ego.publishers.kafka.events.*}).
	 */
	public static class Events {

		/**
		 * Whether to publish the journal's events (with
		 * ego.publishers.kafka.enabled=true).
		 */
		private boolean enabled = true;

		/**
		 * Name of the event publisher: the key of its offsets and its name among the
		 * engine's projections.
		 */
		private String name = "kafka";

		/**
		 * Topic the events are published to.
		 */
		private String topic = "ego-events";

		private boolean nameSet;

		private boolean topicSet;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
			this.nameSet = true;
		}

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
			this.topicSet = true;
		}

	}

	/**
	 * Publishing of durable states ({@code ego.publishers.kafka.states.*}).
	 */
	public static class States {

		/**
		 * Whether to publish the latest states of durable-state entities (with
		 * ego.publishers.kafka.enabled=true).
		 */
		private boolean enabled;

		/**
		 * Name of the state publisher: the key of its offsets and its name among the
		 * engine's projections.
		 */
		private String name = "kafka-states";

		/**
		 * Topic the states are published to.
		 */
		private String topic = "ego-states";

		private boolean nameSet;

		private boolean topicSet;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
			this.nameSet = true;
		}

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
			this.topicSet = true;
		}

	}

}
