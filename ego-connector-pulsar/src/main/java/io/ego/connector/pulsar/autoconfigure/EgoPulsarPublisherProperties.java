package io.ego.connector.pulsar.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ego.connector.pulsar.PulsarEventPublisher;
import io.ego.connector.pulsar.PulsarStatePublisher;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the journal-driven Pulsar publishers, bound to
 * {@code ego.publishers.pulsar}.
 *
 * @author eGo team
 * @since 0.2.0
 */
@ConfigurationProperties("ego.publishers.pulsar")
public class EgoPulsarPublisherProperties {

	/**
	 * Whether to publish to Pulsar; off by default.
	 */
	private boolean enabled;

	/**
	 * The broker's service URL, used when the application has no (single) PulsarClient
	 * bean, e.g. Spring Boot's from spring.pulsar.client.*.
	 */
	private String serviceUrl = "pulsar://localhost:6650";

	/**
	 * The entity types whose events are published; empty for every type.
	 */
	private List<String> entityTypes = new ArrayList<>();

	/**
	 * How long a publish waits for the broker's acknowledgements before the batch is
	 * retried.
	 */
	private Duration sendTimeout = PulsarEventPublisher.DEFAULT_SEND_TIMEOUT;

	/**
	 * Workers of each publisher, each reading its own range of slices.
	 */
	private int parallelism = 1;

	/**
	 * Attempts after the first before a batch that keeps failing is retried with back-off
	 * (a poison message is dead-lettered).
	 */
	private int retries = 3;

	/**
	 * The delay before the first retry, doubled for each further one.
	 */
	private Duration retryDelay = Duration.ofSeconds(1);

	private final Events events = new Events();

	private final States states = new States();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getServiceUrl() {
		return this.serviceUrl;
	}

	public void setServiceUrl(String serviceUrl) {
		this.serviceUrl = serviceUrl;
	}

	public List<String> getEntityTypes() {
		return this.entityTypes;
	}

	public void setEntityTypes(List<String> entityTypes) {
		this.entityTypes = entityTypes;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
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

	public Events getEvents() {
		return this.events;
	}

	public States getStates() {
		return this.states;
	}

	/** The event publisher. */
	public static class Events {

		/**
		 * Whether to publish the journal's events (when ego.publishers.pulsar.enabled).
		 */
		private boolean enabled = true;

		/**
		 * The publisher's name: its offsets, dead letters and Actuator entry.
		 */
		private String name = "pulsar";

		/**
		 * The topic, e.g. persistent://public/default/bank-events.
		 */
		private String topic = PulsarEventPublisher.DEFAULT_TOPIC;

		/**
		 * The prefix of the producers' names (broker deduplication is per producer name).
		 */
		private String producerName = PulsarEventPublisher.DEFAULT_PRODUCER_NAME;

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

		public String getProducerName() {
			return this.producerName;
		}

		public void setProducerName(String producerName) {
			this.producerName = producerName;
		}

	}

	/** The durable-state publisher. */
	public static class States {

		/**
		 * Whether to publish durable states (off by default).
		 */
		private boolean enabled;

		/**
		 * The publisher's name: its offsets, dead letters and Actuator entry.
		 */
		private String name = "pulsar-states";

		/**
		 * The topic.
		 */
		private String topic = PulsarStatePublisher.DEFAULT_TOPIC;

		/**
		 * The prefix of the producers' names.
		 */
		private String producerName = PulsarStatePublisher.DEFAULT_PRODUCER_NAME;

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

		public String getProducerName() {
			return this.producerName;
		}

		public void setProducerName(String producerName) {
			this.producerName = producerName;
		}

	}

}
