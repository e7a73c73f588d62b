package io.ego.core.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ego.core.internal.consumer.ProjectionRunner;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.DeadLetterStore;
import org.jspecify.annotations.Nullable;

/**
 * Operations on the engine's projections: status and lag, start, stop, pause, resume, rebuild, and dead letters.
 * Obtained from {@link io.ego.core.EgoEngine#projections()}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class Projections {

	private final Map<String, ProjectionRunner> runners;

	private final @Nullable DeadLetterStore deadLetters;

	/**
	 * Creates the operations over a set of runners (the engine does).
	 * @param runners the runners by name
	 * @param deadLetters the dead-letter store, if any
	 */
	public Projections(Map<String, ProjectionRunner> runners, @Nullable DeadLetterStore deadLetters) {
		this.runners = runners;
		this.deadLetters = deadLetters;
	}

	/** @return the projections' names, in registration order */
	public List<String> names() {
		return List.copyOf(this.runners.keySet());
	}

	/** @return every projection's status */
	public List<ProjectionStatus> list() {
		List<ProjectionStatus> result = new ArrayList<>();
		for (ProjectionRunner runner : this.runners.values()) {
			result.add(runner.status());
		}
		return result;
	}

	/**
	 * @param name a projection's name
	 * @return its status, with lag per worker
	 * @throws UnknownProjectionException when there is no projection with that name
	 */
	public ProjectionStatus status(String name) {
		return runner(name).status();
	}

	/**
	 * Starts a stopped or failed projection on this instance (a persisted pause is honoured). When workers of the
	 * failed run are still finishing their batch, waits for them first (no time limit).
	 * @param name the projection's name
	 */
	public void start(String name) {
		runner(name).start();
	}

	/**
	 * Stops a projection on this instance after the batch each of its workers is handling (waiting for it, with no
	 * time limit); the workers' leases are given back, so that other instances running it take them over.
	 * @param name the projection's name
	 */
	public void stop(String name) {
		runner(name).stop();
	}

	/**
	 * Pauses a projection; the pause survives restarts, and other instances running it pause within a lease renewal
	 * interval.
	 * @param name the projection's name
	 */
	public void pause(String name) {
		runner(name).pause();
	}

	/**
	 * Resumes a paused projection.
	 * @param name the projection's name
	 */
	public void resume(String name) {
		runner(name).resume();
	}

	/**
	 * Rebuilds a projection while the application runs: its offsets move back and it reads again (workers on other
	 * instances within a lease renewal interval).
	 * @param name the projection's name
	 * @param from where to read again
	 * @return the position after which it reads again
	 * @throws InvalidRebuildPositionException when the position is negative or beyond the head of what the
	 * projection reads
	 */
	public long rebuild(String name, RebuildFrom from) {
		return runner(name).rebuild(from);
	}

	/**
	 * Lists a projection's dead letters, oldest first.
	 * @param name the projection's name
	 * @param limit the most to return
	 * @return the dead letters
	 */
	public List<DeadLetter> deadLetters(String name, int limit) {
		runner(name);
		return (this.deadLetters != null) ? this.deadLetters.list(name, limit) : List.of();
	}

	/**
	 * Hands a dead letter to its projection's handler again; deletes it when the handler succeeds, else keeps it.
	 * The retry waits for the batch the worker of the letter's slices is handling, so that it never runs beside it;
	 * for a transactional projection the handler runs in the projection's transaction, which deletes the letter too
	 * (atomically when the dead-letter store shares the read model's database).
	 * @param id the dead letter's id
	 * @return whether the handler succeeded
	 * @throws IllegalArgumentException when there is no dead letter with that id
	 * @throws IllegalStateException when another application instance runs the worker of the letter's slices (the
	 * message names it): retry it there
	 */
	public boolean retryDeadLetter(long id) {
		DeadLetterStore store = requireDeadLetters();
		DeadLetter letter = store.get(id);
		if (letter == null) {
			throw new IllegalArgumentException("no dead letter with id " + id);
		}
		return runner(letter.consumer()).retry(id, store);
	}

	/**
	 * Deletes a dead letter.
	 * @param id its id
	 */
	public void deleteDeadLetter(long id) {
		requireDeadLetters().delete(id);
	}

	private DeadLetterStore requireDeadLetters() {
		if (this.deadLetters == null) {
			throw new IllegalStateException("no dead-letter store is configured");
		}
		return this.deadLetters;
	}

	private ProjectionRunner runner(String name) {
		ProjectionRunner runner = this.runners.get(name);
		if (runner == null) {
			throw new UnknownProjectionException("unknown projection '" + name + "'; registered: " + this.runners.keySet());
		}
		return runner;
	}

}
