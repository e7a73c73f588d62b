package io.ego.cluster.hazelcast;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import org.jspecify.annotations.Nullable;

/**
 * What one member of eGo's cluster runs, as it reports it: its engine's instance id, the
 * partitions it owns, its live entities per entity type and those still finishing after
 * their partition moved. Written field by field (no Java serialization).
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class MemberStatus implements IdentifiedDataSerializable {

	private String instanceId = "";

	private int ownedPartitions;

	private Map<String, Integer> liveEntities = Map.of();

	private int liveElsewhere;

	/** For Hazelcast's deserialization. */
	public MemberStatus() {
	}

	MemberStatus(@Nullable String instanceId, int ownedPartitions, Map<String, Integer> liveEntities,
			int liveElsewhere) {
		this.instanceId = (instanceId != null) ? instanceId : "";
		this.ownedPartitions = ownedPartitions;
		this.liveEntities = Map.copyOf(liveEntities);
		this.liveElsewhere = liveElsewhere;
	}

	/**
	 * @return the member's engine's instance id (empty when no engine runs there yet)
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * @return the partitions the member owns
	 */
	public int ownedPartitions() {
		return this.ownedPartitions;
	}

	/**
	 * @return the member's live entities per entity type
	 */
	public Map<String, Integer> liveEntities() {
		return this.liveEntities;
	}

	/**
	 * @return the member's live entities whose partition another member owns
	 */
	public int liveElsewhere() {
		return this.liveElsewhere;
	}

	@Override
	public int getFactoryId() {
		return ClusterSerializerHook.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return ClusterSerializerHook.MEMBER_STATUS;
	}

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
		out.writeString(this.instanceId);
		out.writeInt(this.ownedPartitions);
		out.writeInt(this.liveElsewhere);
		out.writeInt(this.liveEntities.size());
		for (Map.Entry<String, Integer> live : this.liveEntities.entrySet()) {
			out.writeString(live.getKey());
			out.writeInt(live.getValue());
		}
	}

	@Override
	public void readData(ObjectDataInput in) throws IOException {
		String instance = in.readString();
		this.instanceId = (instance != null) ? instance : "";
		this.ownedPartitions = in.readInt();
		this.liveElsewhere = in.readInt();
		int types = in.readInt();
		Map<String, Integer> live = new LinkedHashMap<>();
		for (int i = 0; i < types; i++) {
			String type = in.readString();
			int count = in.readInt();
			if (type != null) {
				live.put(type, count);
			}
		}
		this.liveEntities = Map.copyOf(live);
	}

}
