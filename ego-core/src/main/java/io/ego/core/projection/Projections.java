package io.ego.core.projection;

import java.util.List;

import io.ego.core.store.DeadLetter;

/**
 * Operations on the engine's projections and publishers: status and lag, start, stop,
 * pause, resume, rebuild, and dead letters. Obtained from
 * {@link io.ego.core.EgoEngine#projections()}; the engine implements it.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface Projections {

	/**
	 * @return the projections' names, in registration order
	 */
	List<String> names();

	/**
	 * @return every projection's status
	 */
	List<ProjectionStatus> list();

	/**
	 * @param name a projection's name
	 * @return its status, with lag per worker
	 * @throws UnknownProjectionException when there is no projection with that name
	 */
	ProjectionStatus status(String name);

	/**
	 * Starts a stopped or failed projection on this instance (a persisted pause is
	 * honoured). When workers of the failed run are still finishing their batch, waits
	 * for them first (no time limit).
	 * @param name the projection's name
	 * @throws UnknownProjectionException when there is no projection with that name
	 */
	void start(String name);

	/**
	 * Stops a projection on this instance after the batch each of its workers is handling
	 * (waiting for it, with no time limit); the workers' leases are given back, so that
	 * other instances running it take them over.
	 * @param name the projection's name
	 * @throws UnknownProjectionException when there is no projection with that name
	 */
	void stop(String name);

	/**
	 * Pauses a projection; the pause survives restarts, and other instances running it
	 * pause within a lease renewal interval.
	 * @param name the projection's name
	 * @throws UnknownProjectionException when there is no projection with that name
	 */
	void pause(String name);

	/**
	 * Resumes a paused projection.
	 * @param name the projection's name
	 * @throws UnknownProjectionException when there is no projection with that name
	 */
	void resume(String name);

	/**
	 * Rebuilds a projection while the application runs: its offsets move back and it
	 * reads again (workers on other instances within a lease renewal interval).
	 * @param name the projection's name
	 * @param from where to read again
	 * @return the position after which it reads again
	 * @throws InvalidRebuildPositionException when the position is negative or beyond the
	 * head of what the projection reads
	 * @throws UnknownProjectionException when there is no projection with that name
	 * @throws UnsupportedOperationException when it names a saga's reader or dispatcher
	 */
	long rebuild(String name, RebuildFrom from);

	/**
	 * Rebuilds a projection blue/green: version {@code N + 1} (its own offsets, leases
	 * and dead letters) replays from a position beside the active version {@code N},
	 * which keeps serving and consuming; the handler tells them apart by
	 * {@link ProjectionContext#version()}. Once every worker of the new version has
	 * caught up with the journal (checked at each lease renewal), it becomes the active
	 * version in one write, version {@code N} stops on every instance, its offsets are
	 * removed and {@link Projection#onVersionRetired} is called. A rebuild of a version
	 * still being built starts it again. It survives restarts: the new version resumes
	 * where it stood.
	 * @param name the projection's name
	 * @param from where the new version reads from
	 * @return the position after which it reads
	 * @throws InvalidRebuildPositionException when the position is negative or beyond the
	 * head of the journal
	 * @throws UnknownProjectionException when there is no projection with that name
	 * @throws UnsupportedOperationException when it names a publisher, or a saga's reader
	 * or dispatcher
	 * @since 0.2.0
	 */
	long rebuildBlueGreen(String name, RebuildFrom from);

	/**
	 * Returns the version of a projection that serves, the one queries read: 1 until a
	 * blue/green rebuild switched over.
	 * @param name the projection's name
	 * @return the active version
	 * @throws UnknownProjectionException when there is no projection with that name
	 * @since 0.2.0
	 */
	int activeVersion(String name);

	/**
	 * Lists a projection's dead letters, oldest first.
	 * @param name the projection's name
	 * @param limit the most to return
	 * @return the dead letters
	 * @throws UnknownProjectionException when there is no projection with that name
	 */
	List<DeadLetter> deadLetters(String name, int limit);

	/**
	 * Hands a dead letter to its projection's handler again; deletes it when the handler
	 * succeeds, else keeps it. The retry waits for the batch the worker of the letter's
	 * slices is handling, so that it never runs beside it; for a transactional projection
	 * the handler runs in the projection's transaction, which deletes the letter too
	 * (atomically when the dead-letter store shares the read model's database).
	 * @param id the dead letter's id
	 * @return whether the handler succeeded
	 * @throws IllegalArgumentException when there is no dead letter with that id
	 * @throws IllegalStateException when no dead-letter store is configured
	 * @throws IllegalStateException when another application instance runs the worker of
	 * the letter's slices (the message names it): retry it there
	 */
	boolean retryDeadLetter(long id);

	/**
	 * Deletes a dead letter.
	 * @param id its id
	 * @throws IllegalStateException when no dead-letter store is configured
	 */
	void deleteDeadLetter(long id);

}
