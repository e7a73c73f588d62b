package io.ego.cluster.hazelcast.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.ego.cluster.hazelcast.HazelcastCommandRouter;
import io.ego.cluster.hazelcast.MemberStatus;
import io.ego.core.EgoEngine;
import io.ego.core.projection.ProjectionStatus;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint;
import io.ego.spring.boot.actuate.endpoint.EgoEndpointSection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The {@code cluster} section of the {@link EgoEndpoint}, read at
 * {@code GET /actuator/ego/cluster}: this member of eGo's cluster, the members, the
 * partitions this member owns, the entities live here per entity type, the cells still
 * finishing here after their partition moved, and the projection (and publisher) workers
 * this instance runs (holds the lease of).
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class EgoClusterEndpointSection implements EgoEndpointSection {

	/** The name under {@code /actuator/ego} of the cluster's description. */
	public static final String SECTION = "cluster";

	private static final Executor VIRTUAL_THREADS = (
			task) -> Thread.ofVirtual().name("ego-cluster-endpoint").start(task);

	private final HazelcastCommandRouter router;

	private final EgoEngine engine;

	private final Duration storeTimeout;

	/**
	 * Creates the section.
	 * @param router the cluster's router
	 * @param engine the engine, whose projections' workers are listed
	 * @param storeTimeout the bound of the read of the projections' owners
	 */
	public EgoClusterEndpointSection(HazelcastCommandRouter router, EgoEngine engine, Duration storeTimeout) {
		this.router = router;
		this.engine = engine;
		this.storeTimeout = storeTimeout;
	}

	@Override
	public String name() {
		return SECTION;
	}

	@Override
	public OperationResponseBody read() {
		return cluster();
	}

	/**
	 * Describes this member of the cluster.
	 * @return the description
	 */
	public ClusterDescriptor cluster() {
		HazelcastInstance hazelcast = this.router.hazelcast();
		Member local = hazelcast.getCluster().getLocalMember();
		PartitionsDescriptor partitions = new PartitionsDescriptor(
				hazelcast.getPartitionService().getPartitions().size(), this.router.ownedPartitions());
		String instance = this.engine.instanceId();
		Map<String, List<WorkerDescriptor>> workersByOwner = new LinkedHashMap<>();
		String workersFailure = null;
		try {
			for (ProjectionStatus projection : projections()) {
				for (ProjectionStatus.Worker worker : projection.workers()) {
					String owner = worker.owner();
					if (owner != null) {
						workersByOwner.computeIfAbsent(owner, (key) -> new ArrayList<>())
							.add(new WorkerDescriptor(projection.name(), worker.partition()));
					}
				}
			}
		}
		catch (RuntimeException ex) {
			workersFailure = ex.getMessage();
		}
		List<MemberStateDescriptor> members = new ArrayList<>();
		for (Map.Entry<Member, @Nullable MemberStatus> entry : this.router.memberStatuses(this.storeTimeout)
			.entrySet()) {
			MemberDescriptor member = MemberDescriptor.of(entry.getKey());
			MemberStatus status = entry.getValue();
			members.add((status != null)
					? new MemberStateDescriptor(member.uuid(), member.address(), member.local(), status.instanceId(),
							status.ownedPartitions(), status.liveEntities(), status.liveElsewhere(),
							workersByOwner.getOrDefault(status.instanceId(), List.of()), null)
					: new MemberStateDescriptor(member.uuid(), member.address(), member.local(), null, null, Map.of(),
							null, List.of(), "no answer within " + this.storeTimeout));
		}
		return new ClusterDescriptor(hazelcast.getConfig().getClusterName(), MemberDescriptor.of(local), instance,
				members, partitions, this.router.liveEntities(), this.router.liveElsewhere(),
				workersByOwner.getOrDefault(instance, List.of()), workersFailure);
	}

	private List<ProjectionStatus> projections() {
		CompletableFuture<List<ProjectionStatus>> read = CompletableFuture
			.supplyAsync(() -> this.engine.projections().list(), VIRTUAL_THREADS);
		try {
			return read.get(this.storeTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			read.cancel(true);
			throw new IllegalStateException("the projections' owners: no answer within " + this.storeTimeout, ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("the projections' owners could not be read: " + ex.getCause(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while reading the projections' owners", ex);
		}
	}

	/**
	 * This member of the cluster.
	 *
	 * @param name the Hazelcast cluster's name
	 * @param member this member
	 * @param instance the engine's instance id, which names the holder of a projection
	 * worker's lease
	 * @param members the cluster's members, this one included, each with what it runs
	 * @param partitions the partitions, and those this member owns
	 * @param liveEntities the entities live on this member, per entity type
	 * @param liveElsewhere the entities live on this member whose partition another
	 * member owns (cells still finishing after a migration, passivated soon)
	 * @param workers the projection (and publisher) workers this instance runs
	 * @param workersFailure why the workers could not be listed, or {@code null}
	 */
	public record ClusterDescriptor(String name, MemberDescriptor member, String instance,
			List<MemberStateDescriptor> members, PartitionsDescriptor partitions, Map<String, Integer> liveEntities,
			int liveElsewhere, List<WorkerDescriptor> workers,
			@Nullable String workersFailure) implements OperationResponseBody {

	}

	/**
	 * A member of the cluster.
	 *
	 * @param uuid its Hazelcast member id
	 * @param address its address ({@code host:port})
	 * @param local whether it is this member
	 */
	public record MemberDescriptor(String uuid, String address, boolean local) {

		static MemberDescriptor of(Member member) {
			return new MemberDescriptor(member.getUuid().toString(),
					member.getAddress().getHost() + ":" + member.getAddress().getPort(), member.localMember());
		}

	}

	/**
	 * A member of the cluster and what it runs, as it answered.
	 *
	 * @param uuid its Hazelcast member id
	 * @param address its address ({@code host:port})
	 * @param local whether it is this member
	 * @param instance its engine's instance id, or {@code null} when it did not answer
	 * @param ownedPartitions the partitions it owns, or {@code null} when it did not
	 * answer
	 * @param liveEntities its live entities per entity type
	 * @param liveElsewhere its live entities whose partition another member owns, or
	 * {@code null} when it did not answer
	 * @param workers the projection (and publisher) workers it runs
	 * @param failure why it is not described, or {@code null}
	 */
	public record MemberStateDescriptor(String uuid, String address, boolean local, @Nullable String instance,
			@Nullable Integer ownedPartitions, Map<String, Integer> liveEntities, @Nullable Integer liveElsewhere,
			List<WorkerDescriptor> workers, @Nullable String failure) {

	}

	/**
	 * The partitions of the cluster.
	 *
	 * @param total how many there are
	 * @param owned how many this member owns (none are owned before the first use of the
	 * partitions)
	 */
	public record PartitionsDescriptor(int total, int owned) {

	}

	/**
	 * A projection worker this instance runs.
	 *
	 * @param projection the projection's (or publisher's) name
	 * @param slices the worker's slice range ({@code min-max})
	 */
	public record WorkerDescriptor(String projection, String slices) {

	}

}
