package io.ego.connector.kafka.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the Kafka event publisher and, with {@code states.enabled}, the Kafka state publisher
 * ({@code ego.publishers.kafka.*}); entity types, parallelism, retries, send timeout and topic creation apply to
 * both. The connection and producer
 * tuning come from Boot's {@code spring.kafka.*} properties.
 *
 * @author eGo team
 * @since 0.1.0
 */
@ConfigurationProperties("ego.publishers.kafka")
public class EgoKafkaProperties {

	/**
	 * Whether to publish the journal's events to Kafka.
	 */
	private boolean enabled;

	/**
	 * Name of the publisher: the key of its offsets and its name among the engine's projections.
	 */
	private String name = "kafka";

	/**
	 * Topic the events are published to.
	 */
	private String topic = "ego-events";

	/**
	 * Entity types whose events are published. All types when empty.
	 */
	private Set<String> entityTypes = new LinkedHashSet<>();

	/**
	 * Publishing of durable-state entities' states (from the durable-state change feed) to their own topic.
	 */
	private final States states = new States();

	/**
	 * Topic the states of durable-state entities are published to (with states.enabled=true).
	 */
	private String stateTopic = "ego-states";

	/**
	 * Name of the state publisher: the key of its offsets and its name among the engine's projections.
	 */
	private String stateName = "kafka-states";

	/**
	 * Number of publishing workers, each reading its own range of journal slices (1 to 1024).
	 */
	private int parallelism = 1;

	/**
	 * Attempts after the first for an event Kafka refuses for good (e.g. too large), before it is dead-lettered.
	 * Outages and timeouts are retried until they pass.
	 */
	private int retries = 3;

	/**
	 * Delay before the first retry of a failed send, doubled for each further retry up to 30 seconds.
	 */
	private Duration retryDelay = Duration.ofSeconds(1);

	/**
	 * How long to wait for Kafka to acknowledge a batch of records before sending it again.
	 */
	private Duration sendTimeout = Duration.ofSeconds(30);

	/**
	 * Whether to create the topic at startup when it does not exist.
	 */
	private boolean createTopic;

	/**
	 * Number of partitions of the created topic. The broker's default when not set.
	 */
	private @Nullable Integer partitions;

	/**
	 * Replication factor of the created topic. The broker's default when not set.
	 */
	private @Nullable Short replicas;

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
	}

	public String getTopic() {
		return this.topic;
	}

	public void setTopic(String topic) {
		this.topic = topic;
	}

	public States getStates() {
		return this.states;
	}

	public String getStateTopic() {
		return this.stateTopic;
	}

	public void setStateTopic(String stateTopic) {
		this.stateTopic = stateTopic;
	}

	public String getStateName() {
		return this.stateName;
	}

	public void setStateName(String stateName) {
		this.stateName = stateName;
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

	/**
	 * Publishing of durable states ({@code ego.publishers.kafka.states.*}).
	 */
	public static class States {

		/**
		 * Whether to also publish the latest states of durable-state entities to the state topic.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
