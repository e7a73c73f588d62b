package io.ego.core.internal.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.Projections;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.projection.UnknownProjectionException;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.DeadLetterStore;
import org.jspecify.annotations.Nullable;

/**
 * The operations view of the engine's consumers ({@link Projections}), by name.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class ProjectionOperations implements Projections {

	private final Map<String, VersionedConsumer> runners;

	private final @Nullable DeadLetterStore deadLetters;

	ProjectionOperations(Map<String, VersionedConsumer> runners, @Nullable DeadLetterStore deadLetters) {
		this.runners = runners;
		this.deadLetters = deadLetters;
	}

	@Override
	public List<String> names() {
		return List.copyOf(this.runners.keySet());
	}

	@Override
	public List<ProjectionStatus> list() {
		List<ProjectionStatus> result = new ArrayList<>();
		for (VersionedConsumer runner : this.runners.values()) {
			result.add(runner.status());
		}
		return result;
	}

	@Override
	public ProjectionStatus status(String name) {
		return runner(name).status();
	}

	@Override
	public void start(String name) {
		runner(name).start();
	}

	@Override
	public void stop(String name) {
		runner(name).stop();
	}

	@Override
	public void pause(String name) {
		runner(name).pause();
	}

	@Override
	public void resume(String name) {
		runner(name).resume();
	}

	@Override
	public long rebuild(String name, RebuildFrom from) {
		return runner(name).active().rebuild(from);
	}

	@Override
	public long rebuildBlueGreen(String name, RebuildFrom from) {
		return runner(name).rebuildBlueGreen(from);
	}

	@Override
	public int activeVersion(String name) {
		return runner(name).activeVersion();
	}

	@Override
	public List<DeadLetter> deadLetters(String name, int limit) {
		VersionedConsumer consumer = runner(name);
		if (this.deadLetters == null) {
			return List.of();
		}
		List<DeadLetter> letters = new ArrayList<>();
		for (String consumerName : consumer.consumerNames()) {
			letters.addAll(this.deadLetters.list(consumerName, limit - letters.size()));
			if (letters.size() >= limit) {
				break;
			}
		}
		return letters;
	}

	@Override
	public boolean retryDeadLetter(long id) {
		DeadLetterStore store = requireDeadLetters();
		DeadLetter letter = store.get(id);
		if (letter == null) {
			throw new IllegalArgumentException("no dead letter with id " + id);
		}
		return byConsumerName(letter.consumer()).deadLettering.retry(id, store);
	}

	@Override
	public void deleteDeadLetter(long id) {
		requireDeadLetters().delete(id);
	}

	private DeadLetterStore requireDeadLetters() {
		if (this.deadLetters == null) {
			throw new IllegalStateException("no dead-letter store is configured");
		}
		return this.deadLetters;
	}

	private ConsumerRunner byConsumerName(String consumer) {
		for (VersionedConsumer versions : this.runners.values()) {
			ConsumerRunner runner = versions.byConsumerName(consumer);
			if (runner != null) {
				return runner;
			}
		}
		throw new UnknownProjectionException("the dead letter's consumer '" + consumer
				+ "' is no version of a projection or publisher; registered: " + this.runners.keySet());
	}

	private VersionedConsumer runner(String name) {
		VersionedConsumer runner = this.runners.get(name);
		if (runner == null) {
			throw new UnknownProjectionException(
					"unknown projection '" + name + "'; registered: " + this.runners.keySet());
		}
		return runner;
	}

}
