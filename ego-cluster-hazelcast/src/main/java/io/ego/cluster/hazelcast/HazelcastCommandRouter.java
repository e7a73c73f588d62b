package io.ego.cluster.hazelcast;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.ego.core.cluster.CommandNotForwardedException;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.cluster.ForwardedCommand;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.cluster.LocalCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CommandRouter} of a Hazelcast cluster: an entity lives on the owner of the
 * Hazelcast partition of its persistence id; a command sent on another member travels to
 * that owner through Hazelcast's executor ({@code submitToKeyOwner}, which follows the
 * partition when it moves), and its reply comes back. A member that no longer owns an
 * entity answers the commands still sent to it "not the owner" (the sender sends them
 * again, to the new owner, with the same command id), finishes what its cell is running,
 * and passivates it: after each migration, and until every such cell is gone, a sweeper
 * passivates the live cells of partitions owned elsewhere. The store's optimistic check
 * stays the fence: a stale owner's write conflicts and never forks a history.
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class HazelcastCommandRouter implements CommandRouter {

	/** The key of the engine's {@link LocalCommands} in the member's user context. */
	static final String USER_CONTEXT_KEY = "io.ego.cluster.local-commands";

	private static final Logger logger = LoggerFactory.getLogger(HazelcastCommandRouter.class);

	private final HazelcastInstance hazelcast;

	private final PartitionService partitions;

	private final IExecutorService executor;

	private final Duration sweepInterval;

	private volatile @Nullable LocalCommands local;

	/** Set when partitions moved: the sweeper looks for cells to passivate. */
	private volatile boolean moved = true;

	private volatile @Nullable Thread sweeper;

	private @Nullable UUID migrationListener;

	/**
	 * @param hazelcast the member, running
	 * @param executorName the Hazelcast executor that runs forwarded commands
	 * @param sweepInterval how often the sweeper looks for cells of moved partitions
	 */
	public HazelcastCommandRouter(HazelcastInstance hazelcast, String executorName, Duration sweepInterval) {
		this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
		this.partitions = hazelcast.getPartitionService();
		this.executor = hazelcast.getExecutorService(executorName);
		this.sweepInterval = sweepInterval;
	}

	/**
	 * @param hazelcast the member, running
	 */
	public HazelcastCommandRouter(HazelcastInstance hazelcast) {
		this(hazelcast, ClusterDefaults.EXECUTOR, ClusterDefaults.SWEEP_INTERVAL);
	}

	@Override
	public synchronized void start(LocalCommands local) {
		this.local = local;
		this.hazelcast.getUserContext().put(USER_CONTEXT_KEY, local);
		this.migrationListener = this.partitions.addMigrationListener(new Moves());
		Thread thread = Thread.ofPlatform().daemon().name("ego-cluster-sweeper").unstarted(this::sweep);
		this.sweeper = thread;
		thread.start();
	}

	@Override
	public boolean isLocal(String persistenceId) {
		try {
			Member owner = this.partitions.getPartition(persistenceId).getOwner();
			return owner == null || owner.localMember();
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// this member left the cluster: what still runs here runs alone, fenced by
			// the
			// store's optimistic check
			return true;
		}
	}

	@Override
	public CompletableFuture<ForwardedReply> forward(ForwardedCommand command) {
		CompletableFuture<ForwardedReply> reply = new CompletableFuture<>();
		try {
			this.executor.submitToKeyOwner(new CommandTask(command), command.persistenceId(),
					new ExecutionCallback<ReplyMessage>() {

						@Override
						public void onResponse(ReplyMessage response) {
							reply.complete(response.reply());
						}

						@Override
						public void onFailure(Throwable failure) {
							reply.completeExceptionally(failure);
						}

					});
		}
		catch (RejectedExecutionException | HazelcastInstanceNotActiveException ex) {
			reply.completeExceptionally(new CommandNotForwardedException(
					"'" + command.persistenceId() + "' could not be forwarded to its owner: " + ex));
		}
		return reply;
	}

	/**
	 * @return the number of partitions this member owns
	 */
	public int ownedPartitions() {
		int owned = 0;
		for (Partition partition : this.partitions.getPartitions()) {
			Member owner = partition.getOwner();
			if (owner != null && owner.localMember()) {
				owned++;
			}
		}
		return owned;
	}

	/**
	 * @return the live entities here, per entity type (empty before the engine started)
	 */
	public Map<String, Integer> liveEntities() {
		LocalCommands commands = this.local;
		return (commands != null) ? commands.liveEntities() : Map.of();
	}

	/**
	 * @return how many live entities here belong to partitions owned elsewhere (cells
	 * still finishing after a migration)
	 */
	public int liveElsewhere() {
		LocalCommands commands = this.local;
		return (commands != null) ? commands.countLive((id) -> !isLocal(id)) : 0;
	}

	/**
	 * @return the member
	 */
	public HazelcastInstance hazelcast() {
		return this.hazelcast;
	}

	@Override
	public synchronized void stop() {
		Thread thread = this.sweeper;
		this.sweeper = null;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
		UUID listener = this.migrationListener;
		this.migrationListener = null;
		try {
			if (listener != null) {
				this.partitions.removeMigrationListener(listener);
			}
			this.hazelcast.getUserContext().remove(USER_CONTEXT_KEY, this.local);
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// the member is gone already
		}
	}

	private void sweep() {
		Thread me = Thread.currentThread();
		long interval = this.sweepInterval.toNanos();
		while (this.sweeper == me) {
			LockSupport.parkNanos(this, interval);
			LocalCommands commands = this.local;
			if (commands == null || !this.moved) {
				continue;
			}
			this.moved = false;
			try {
				int busy = commands.passivate((id) -> !isLocal(id));
				if (busy > 0) {
					this.moved = true; // their cells are still running: again later
				}
			}
			catch (Throwable ex) {
				// the sweeper must survive anything; it tries again at the next round
				this.moved = true;
				logger.warn("Passivating the entities of moved partitions failed (retrying in {}): {}",
						this.sweepInterval, ex.toString());
			}
		}
	}

	/** Marks that partitions moved, so the sweeper looks for cells to passivate. */
	private final class Moves implements MigrationListener {

		@Override
		public void migrationStarted(MigrationState state) {
		}

		@Override
		public void migrationFinished(MigrationState state) {
			HazelcastCommandRouter.this.moved = true;
		}

		@Override
		public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
			if (event.getReplicaIndex() == 0) {
				HazelcastCommandRouter.this.moved = true;
			}
		}

		@Override
		public void replicaMigrationFailed(ReplicaMigrationEvent event) {
		}

	}

}
