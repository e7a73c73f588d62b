package io.ego.spring.boot.test.scenario;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.EventPublisher;

/**
 * An event publisher that keeps what it is given, to assert what an application publishes
 * without a broker: declare it as a bean of an
 * {@link io.ego.spring.boot.test.EgoTest @EgoTest} and the slice registers it with the
 * engine under its name, like a connector's publisher (its own offsets, at least once,
 * each entity's events in order); then
 * {@link EgoScenario#thenPublished(String, com.google.protobuf.Message...)} waits for it
 * by the engine's positions and compares.
 *
 * <pre class="code">
 * &#64;Bean
 * EgoTestPublisher accountEvents() {
 *     return new EgoTestPublisher("account-events");
 * }
 * </pre>
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EgoTestPublisher implements EventPublisher {

	private final String name;

	private final List<EventEnvelope> published = new CopyOnWriteArrayList<>();

	private int taken;

	/**
	 * Creates a publisher.
	 * @param name its name, the engine's name of its consumer
	 */
	public EgoTestPublisher(String name) {
		this.name = Objects.requireNonNull(name, "name");
	}

	/**
	 * @return its name
	 */
	public String name() {
		return this.name;
	}

	@Override
	public void publish(List<EventEnvelope> events) {
		this.published.addAll(events);
	}

	/**
	 * @return what it was given so far, in the order it was given
	 */
	public List<EventEnvelope> events() {
		return List.copyOf(this.published);
	}

	/**
	 * @return what it was given since the previous call, in the order it was given
	 */
	synchronized List<EventEnvelope> takeNew() {
		List<EventEnvelope> all = events();
		List<EventEnvelope> fresh = List.copyOf(all.subList(this.taken, all.size()));
		this.taken = all.size();
		return fresh;
	}

}
