package io.ego.cluster.hazelcast;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import org.jspecify.annotations.Nullable;

/**
 * Asks a member for its {@link MemberStatus}, run there by Hazelcast's executor.
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class StatusTask implements Callable<MemberStatus>, IdentifiedDataSerializable, HazelcastInstanceAware {

	private transient @Nullable HazelcastInstance instance;

	/** For Hazelcast's deserialization. */
	public StatusTask() {
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance instance) {
		this.instance = instance;
	}

	@Override
	public MemberStatus call() {
		HazelcastInstance member = this.instance;
		if (member != null && member.getUserContext()
			.get(HazelcastCommandRouter.ROUTER_KEY) instanceof HazelcastCommandRouter router) {
			return router.localStatus();
		}
		return new MemberStatus(null, 0, Map.of(), 0);
	}

	@Override
	public int getFactoryId() {
		return ClusterSerializerHook.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return ClusterSerializerHook.STATUS_TASK;
	}

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
	}

	@Override
	public void readData(ObjectDataInput in) throws IOException {
	}

}
