package io.ego.core.cluster;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The local side of an engine in a cluster, which its {@link CommandRouter} uses: runs
 * the commands forwarded to this member and passivates the entities it no longer owns.
 *
 * @author eGo team
 * @since 0.3.0
 */
public interface LocalCommands {

	/**
	 * Runs a forwarded command or read here, if this member owns its entity (else answers
	 * {@link ForwardedReply.Outcome#NOT_OWNER} without running it). When the stores
	 * answer from memory and the entity is idle, the command runs on the calling thread
	 * and the reply is complete when this returns; else it runs on the engine's threads
	 * and this never blocks.
	 * @param command the command
	 * @return its reply, completed (never exceptionally) within the entity type's ask
	 * timeout
	 */
	CompletableFuture<ForwardedReply> execute(ForwardedCommand command);

	/**
	 * Runs a forwarded command or read here and waits for its reply, like
	 * {@link #execute}: for a router whose transport calls it on a thread that may block
	 * (the command then runs on the calling thread when the stores answer from memory,
	 * with no hand-off).
	 * @param command the command
	 * @return its reply, within the entity type's ask timeout
	 */
	ForwardedReply executeAndWait(ForwardedCommand command);

	/**
	 * Passivates the live entities whose persistence id matches and that are idle; those
	 * still busy stay live (call again later).
	 * @param persistenceIds which entities
	 * @return how many matching entities are still live
	 */
	int passivate(Predicate<String> persistenceIds);

	/**
	 * @return this engine's instance id (the owner of the projection leases it holds)
	 */
	String instanceId();

	/**
	 * @return the number of live entities per entity type
	 */
	Map<String, Integer> liveEntities();

	/**
	 * Tells whether each live entity's persistence id matches, for checks and reports.
	 * @param persistenceIds the test
	 * @return how many live entities match
	 */
	int countLive(Predicate<String> persistenceIds);

}
