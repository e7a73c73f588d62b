package io.ego.connector.kafka.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Creates the publishers' topics off the start-up path ({@code create-topic=true}): in
 * the background once the context has started, retried with a bounded backoff (1 s
 * doubling to 30 s) for as long as Kafka is unreachable, then waits until the partitions
 * have ready leaders ({@link TopicReadiness}). Commands never wait for it; the publishers
 * do ({@link #awaitReady}), so nothing is published to a topic that does not exist yet.
 * The admin client reconnects with a backoff of its own, which bounds what it logs while
 * the broker is down; the outcome is shown by the health indicator
 * {@code egoKafkaTopics}.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class TopicCreation implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TopicCreation.class);

	private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	private static final Duration LAST_RETRY = Duration.ofSeconds(30);

	private final Map<String, Object> adminConfig;

	private final List<NewTopic> topics;

	private final Duration timeout;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private volatile @Nullable String lastFailure;

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Creates the background creation of topics.
	 * @param adminConfig the admin client's configuration (Boot's {@code KafkaAdmin})
	 * @param topics the topics to create when missing
	 * @param timeout how long one attempt may take (the publishers' send timeout)
	 */
	TopicCreation(Map<String, Object> adminConfig, List<NewTopic> topics, Duration timeout) {
		this.adminConfig = bounded(adminConfig, timeout);
		this.topics = List.copyOf(topics);
		this.timeout = timeout;
		if (topics.isEmpty()) {
			this.ready.complete(null);
		}
	}

	/**
	 * The admin client's reconnects and requests bounded, so an outage logs little: each
	 * attempt has an admin client of its own, so it does not rebootstrap (Kafka's
	 * {@code rebootstrap} recovery logs a line each time it finds no broker, many a
	 * second while Kafka is down); the next attempt starts from the bootstrap servers.
	 */
	private static Map<String, Object> bounded(Map<String, Object> config, Duration timeout) {
		Map<String, Object> bounded = new HashMap<>(config);
		bounded.putIfAbsent(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
		bounded.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 1_000);
		bounded.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
		bounded.putIfAbsent(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 1_000);
		bounded.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		bounded.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
		return bounded;
	}

	@Override
	public void start() {
		if (this.executor != null || this.ready.isDone()) {
			return;
		}
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "ego-kafka-topic-creation");
			thread.setDaemon(true);
			return thread;
		});
		this.executor = executor;
		executor.execute(() -> attempt(FIRST_RETRY));
	}

	private void attempt(Duration nextDelay) {
		int attempt = this.attempts.incrementAndGet();
		try {
			create();
			this.lastFailure = null;
			this.ready.complete(null);
			logger.info("Kafka topics {} are ready (attempt {})", names(), attempt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			this.lastFailure = ex.toString();
			if (attempt == 1) {
				logger.warn("Could not create the Kafka topics {} yet (retrying in the background; publishing waits, "
						+ "commands do not): {}", names(), ex.toString());
			}
			else {
				logger.debug("Attempt {} to create the Kafka topics {} failed: {}", attempt, names(), ex.toString());
			}
			ScheduledExecutorService executor = this.executor;
			if (executor != null && !executor.isShutdown()) {
				Duration after = nextDelay.multipliedBy(2);
				executor.schedule(() -> attempt((after.compareTo(LAST_RETRY) > 0) ? LAST_RETRY : after),
						nextDelay.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	private void create() throws Exception {
		long timeoutMs = this.timeout.toMillis();
		try (Admin admin = Admin.create(this.adminConfig)) {
			for (NewTopic topic : this.topics) {
				try {
					admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
		}
		for (NewTopic topic : this.topics) {
			TopicReadiness.awaitLeaders(this.adminConfig, topic.name(), this.timeout);
		}
	}

	/**
	 * Waits until the topics exist and their leaders are ready.
	 * @param wait how long to wait
	 * @throws TopicNotReadyException when they are not ready in time (the publisher
	 * retries the batch)
	 * @throws InterruptedException when interrupted
	 */
	void awaitReady(Duration wait) throws TopicNotReadyException, InterruptedException {
		try {
			this.ready.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			throw new TopicNotReadyException(names(), this.lastFailure);
		}
	}

	/**
	 * @return whether the topics exist and their leaders are ready
	 */
	boolean isReady() {
		return this.ready.isDone() && !this.ready.isCompletedExceptionally();
	}

	/**
	 * @return how many attempts were made
	 */
	int attempts() {
		return this.attempts.get();
	}

	/**
	 * @return the last attempt's failure, {@code null} when none failed or the topics are
	 * ready
	 */
	@Nullable String lastFailure() {
		return this.lastFailure;
	}

	/**
	 * @return the topics to create
	 */
	List<NewTopic> topics() {
		return this.topics;
	}

	/**
	 * @return the topics' names
	 */
	List<String> names() {
		return this.topics.stream().map(NewTopic::name).toList();
	}

	/**
	 * Stops creating the topics; publishers waiting for them stop waiting (their batch
	 * fails and is retried, or the engine is closing).
	 */
	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
		}
		this.ready.completeExceptionally(new CancellationException("the application is stopping"));
	}

	@Override
	public boolean isRunning() {
		ScheduledExecutorService executor = this.executor;
		return executor != null && !executor.isShutdown();
	}

	/** The topics are not created yet: a failure the publisher retries, never poison. */
	static final class TopicNotReadyException extends Exception {

		private static final long serialVersionUID = 1L;

		TopicNotReadyException(List<String> topics, @Nullable String lastFailure) {
			super("the Kafka topics " + topics + " are not created yet"
					+ ((lastFailure != null) ? " (last attempt: " + lastFailure + ")" : ""));
		}

	}

}
