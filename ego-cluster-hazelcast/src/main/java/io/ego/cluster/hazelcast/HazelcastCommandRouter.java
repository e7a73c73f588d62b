package io.ego.cluster.hazelcast;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.executor.impl.DistributedExecutorService;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.spi.impl.AbstractDistributedObject;
import com.hazelcast.spi.impl.operationservice.OperationService;
import io.ego.core.cluster.CommandNotForwardedException;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.cluster.ForwardedCommand;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.cluster.LocalCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CommandRouter} of a Hazelcast cluster: an entity lives on the owner of a
 * Hazelcast partition, the one its persistence id's hash names ({@link #partitionOf}); a
 * command sent on another member travels to that owner through Hazelcast's executor
 * ({@code submitToMember}), and its reply comes back. A member that no longer owns an
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

	/** 31 to the power of each index: the factor of a string's hash by its length. */
	private static final int[] POWERS_OF_31 = new int[257];

	static {
		POWERS_OF_31[0] = 1;
		for (int i = 1; i < POWERS_OF_31.length; i++) {
			POWERS_OF_31[i] = POWERS_OF_31[i - 1] * 31;
		}
	}

	/**
	 * The Hazelcast service the forwarded commands' operations are addressed to (one each
	 * member has; they use nothing of it).
	 */
	private static final String SERVICE_NAME = DistributedExecutorService.SERVICE_NAME;

	/** The key of the router itself in the member's user context. */
	static final String ROUTER_KEY = "io.ego.cluster.router";

	/** The key of the engine's {@link LocalCommands} in the member's user context. */
	static final String USER_CONTEXT_KEY = "io.ego.cluster.local-commands";

	private static final Logger logger = LoggerFactory.getLogger(HazelcastCommandRouter.class);

	private final HazelcastInstance hazelcast;

	private final PartitionService partitions;

	private final IExecutorService executor;

	/** Sends the forwarded commands, as Hazelcast operations. */
	private final OperationService operations;

	private final Duration sweepInterval;

	/** The cluster's partitions by id: each owner is read live from Hazelcast. */
	private final Partition[] table;

	private volatile @Nullable LocalCommands local;

	/**
	 * Whether this member owned each partition when the owners were last read (at start,
	 * after every migration, which a member joining or leaving causes, and by the sweeper
	 * every round): what {@link #isLocal} reads, so that the local path costs a hash and
	 * an array read. A view behind by a moment sends a command to a member that answers
	 * "not the owner" (sent again), or runs it on the member that just gave the partition
	 * up (fenced by the store's optimistic check).
	 */
	private volatile boolean[] owned;

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
		if (!(this.executor instanceof AbstractDistributedObject<?> member)) {
			throw new IllegalArgumentException("HazelcastInstance '" + hazelcast.getName()
					+ "' is not a member (a client?): eGo's cluster runs on members");
		}
		this.operations = member.getNodeEngine().getOperationService();
		this.sweepInterval = sweepInterval;
		Set<Partition> all = this.partitions.getPartitions();
		Partition[] byId = new Partition[all.size()];
		for (Partition partition : all) {
			byId[partition.getPartitionId()] = partition;
		}
		this.table = byId;
		this.owned = new boolean[byId.length];
		refreshOwners();
	}

	/** Reads every partition's owner again. */
	private void refreshOwners() {
		boolean[] next = new boolean[this.table.length];
		try {
			for (int id = 0; id < next.length; id++) {
				Member owner = this.table[id].getOwner();
				next[id] = owner == null || owner.localMember();
			}
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// this member left the cluster: what still runs here runs alone, fenced by
			// the
			// store's optimistic check
			Arrays.fill(next, true);
		}
		this.owned = next;
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
		this.hazelcast.getUserContext().put(ROUTER_KEY, this);
		// Hazelcast assigns the partitions on their first use: now, not on the first
		// command
		this.partitions.getPartition(USER_CONTEXT_KEY).getOwner();
		this.migrationListener = this.partitions.addMigrationListener(new Moves());
		Thread thread = Thread.ofPlatform().daemon().name("ego-cluster-sweeper").unstarted(this::sweep);
		this.sweeper = thread;
		thread.start();
	}

	@Override
	public boolean isLocal(String persistenceId) {
		return this.owned[partition(persistenceId.hashCode())];
	}

	@Override
	public boolean isLocal(String entityType, String entityId) {
		return this.owned[partition(persistenceIdHash(entityType, entityId))];
	}

	/**
	 * @return {@code (entityType + "|" + entityId).hashCode()}, without building the
	 * string: both strings cache their own hashes
	 */
	static int persistenceIdHash(String entityType, String entityId) {
		int length = entityId.length();
		int power = (length < POWERS_OF_31.length) ? POWERS_OF_31[length] : power(length);
		return (entityType.hashCode() * 31 + '|') * power + entityId.hashCode();
	}

	private static int power(int exponent) {
		int result = 1;
		for (int i = 0; i < exponent; i++) {
			result *= 31;
		}
		return result;
	}

	/**
	 * The partition of an entity: its persistence id's hash (specified by
	 * {@link String#hashCode()}, so the same on every member, and cached by the string),
	 * spread, modulo the partition count. Cheaper than Hazelcast's own key partitioning
	 * (which serializes the key): the local path costs a hash and an array read.
	 * @param persistenceId the entity's persistence id
	 * @return its partition's id
	 */
	int partitionOf(String persistenceId) {
		return partition(persistenceId.hashCode());
	}

	private int partition(int hash) {
		return Math.floorMod(hash ^ (hash >>> 16), this.table.length);
	}

	private @Nullable Member ownerOf(String persistenceId) {
		return this.table[partitionOf(persistenceId)].getOwner();
	}

	@Override
	public CompletableFuture<ForwardedReply> forward(ForwardedCommand command) {
		Member owner;
		Future<ReplyMessage> sent;
		try {
			owner = ownerOf(command.persistenceId());
			if (owner == null) {
				return CompletableFuture.failedFuture(new CommandNotForwardedException(
						"the partition of '" + command.persistenceId() + "' has no owner yet"));
			}
			sent = send(command, owner);
		}
		catch (RejectedExecutionException | HazelcastInstanceNotActiveException ex) {
			return CompletableFuture.failedFuture(new CommandNotForwardedException(
					"'" + command.persistenceId() + "' could not be forwarded to its owner: " + ex));
		}
		CompletableFuture<ForwardedReply> reply = new CompletableFuture<>();
		if (!(sent instanceof CompletionStage<?> stage)) {
			throw new IllegalStateException("Hazelcast's executor futures are completion stages (since 4.0), but "
					+ sent.getClass().getName() + " is not");
		}
		// completed on the thread that receives the response: no hand-off to a callback
		// executor
		stage.whenComplete((response, failure) -> answer(reply, (ReplyMessage) response, failure, command, owner));
		return reply;
	}

	@Override
	public ForwardedReply forwardAndWait(ForwardedCommand command)
			throws InterruptedException, TimeoutException, ExecutionException {
		Member owner;
		Future<ReplyMessage> sent;
		try {
			owner = ownerOf(command.persistenceId());
			if (owner == null) {
				throw new CommandNotForwardedException(
						"the partition of '" + command.persistenceId() + "' has no owner yet");
			}
			sent = send(command, owner);
		}
		catch (RejectedExecutionException | HazelcastInstanceNotActiveException ex) {
			throw new CommandNotForwardedException(
					"'" + command.persistenceId() + "' could not be forwarded to its owner: " + ex);
		}
		try {
			// the thread that receives the response wakes this one: no hand-off between
			return sent.get(command.timeoutNanos(), TimeUnit.NANOSECONDS).reply();
		}
		catch (MemberLeftException ex) {
			throw ex; // it may have run there before the member left
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TargetNotMemberException
					|| ex.getCause() instanceof RejectedExecutionException) {
				throw new CommandNotForwardedException(
						"'" + command.persistenceId() + "' could not be forwarded to " + owner + ": " + ex.getCause());
			}
			throw ex;
		}
	}

	/**
	 * Sends a command to its owner as an operation that the owner's generic operation
	 * thread hands to its engine (no executor's thread in between).
	 */
	private Future<ReplyMessage> send(ForwardedCommand command, Member owner) {
		return this.operations.invokeOnTarget(SERVICE_NAME, new CommandOperation(command), owner.getAddress());
	}

	private static void answer(CompletableFuture<ForwardedReply> reply, @Nullable ReplyMessage response,
			@Nullable Throwable failure, ForwardedCommand command, Member owner) {
		if (response != null) {
			reply.complete(response.reply());
			return;
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof ExecutionException && cause.getCause() != null
				&& !(cause instanceof MemberLeftException)) {
			cause = cause.getCause();
		}
		if (cause instanceof TargetNotMemberException || cause instanceof RejectedExecutionException) {
			// it never reached the member: gone before it was sent, or its queue full
			reply.completeExceptionally(new CommandNotForwardedException(
					"'" + command.persistenceId() + "' could not be forwarded to " + owner + ": " + cause));
			return;
		}
		reply.completeExceptionally((cause != null) ? cause : new IllegalStateException("no response"));
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
	 * @return what this member runs, as {@link #memberStatuses} reports it
	 */
	public MemberStatus localStatus() {
		LocalCommands commands = this.local;
		return new MemberStatus((commands != null) ? commands.instanceId() : null, ownedPartitions(), liveEntities(),
				liveElsewhere());
	}

	/**
	 * Asks every member what it runs, waiting at most the timeout for each.
	 * @param timeout how long to wait for the answers
	 * @return each member's status, or {@code null} for one that did not answer in time
	 */
	public Map<Member, @Nullable MemberStatus> memberStatuses(Duration timeout) {
		Map<Member, Future<MemberStatus>> asked = this.executor.submitToAllMembers(new StatusTask());
		long deadline = System.nanoTime() + timeout.toNanos();
		Map<Member, @Nullable MemberStatus> statuses = new LinkedHashMap<>();
		for (Member member : this.hazelcast.getCluster().getMembers()) {
			Future<MemberStatus> answer = asked.get(member);
			MemberStatus status = null;
			if (answer != null) {
				try {
					status = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (ExecutionException | TimeoutException ex) {
					// no answer: reported as such
				}
			}
			statuses.put(member, status);
		}
		return statuses;
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
			this.hazelcast.getUserContext().remove(ROUTER_KEY, this);
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
			try {
				refreshOwners();
			}
			catch (Throwable ex) {
				// the sweeper must survive anything; it reads them again next round
				logger.warn("Reading the partitions' owners failed (retrying in {}): {}", this.sweepInterval,
						ex.toString());
			}
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
			refreshOwners();
			HazelcastCommandRouter.this.moved = true;
		}

		@Override
		public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
			if (event.getReplicaIndex() == 0) {
				refreshOwners();
				HazelcastCommandRouter.this.moved = true;
			}
		}

		@Override
		public void replicaMigrationFailed(ReplicaMigrationEvent event) {
		}

	}

}
