package io.ego.cluster.hazelcast;

import java.util.List;
import java.util.Objects;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;

/**
 * How eGo starts its own Hazelcast member (when the application has none): the cluster's
 * name, how members find each other, where this one listens, and the partitioning.
 *
 * @param name the cluster's name; members with another name do not join
 * @param discovery how members find each other
 * @param members the members' addresses ({@code host:port}) for {@link Discovery#STATIC}
 * @param host the address this member binds and announces
 * @param port the port this member listens on (no auto-increment: a taken port fails the
 * start)
 * @param partitions the number of Hazelcast partitions (the same on every member)
 * @param backupCount the synchronous backups of Hazelcast's own data
 * @author eGo team
 * @since 0.3.0
 */
public record ClusterSettings(String name, Discovery discovery, List<String> members, String host, int port,
		int partitions, int backupCount) {

	/** Checks the settings; each message names the property it comes from. */
	public ClusterSettings {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(discovery, "discovery");
		members = List.copyOf(members);
		if (name.isBlank()) {
			throw new IllegalArgumentException("ego.cluster.name must not be blank");
		}
		if (discovery == Discovery.STATIC && members.isEmpty()) {
			throw new IllegalArgumentException(
					"ego.cluster.members must list the members (host:port) when ego.cluster.discovery is static");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("ego.cluster.port must be in [1, 65535] but was " + port);
		}
		if (partitions < 1) {
			throw new IllegalArgumentException("ego.cluster.partitions must be at least 1 but was " + partitions);
		}
		if (backupCount < 0 || backupCount > 6) {
			throw new IllegalArgumentException("ego.cluster.backup-count must be in [0, 6] but was " + backupCount);
		}
	}

	/**
	 * @return the Hazelcast configuration of a member with these settings
	 */
	public Config toConfig() {
		Config config = new Config();
		config.setClusterName(this.name);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "slf4j");
		config.setProperty("hazelcast.partition.count", Integer.toString(this.partitions));
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(this.port).setPortAutoIncrement(false);
		network.setPublicAddress(this.host + ":" + this.port);
		JoinConfig join = network.getJoin();
		join.getAutoDetectionConfig().setEnabled(false);
		join.getMulticastConfig().setEnabled(this.discovery == Discovery.MULTICAST);
		TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(this.discovery == Discovery.STATIC);
		if (this.discovery == Discovery.STATIC) {
			config.setProperty("hazelcast.socket.bind.any", "false");
			network.getInterfaces().setEnabled(true).addInterface(this.host);
			for (String member : this.members) {
				tcp.addMember(member);
			}
		}
		if (this.discovery == Discovery.KUBERNETES) {
			join.getKubernetesConfig().setEnabled(true);
		}
		config.getMapConfig("default").setBackupCount(this.backupCount);
		return config;
	}

	/** How the members find each other. */
	public enum Discovery {

		/** A fixed list of members ({@code ego.cluster.members}), over TCP. */
		STATIC,

		/** IP multicast on the local network. */
		MULTICAST,

		/** Hazelcast's Kubernetes discovery (the API or DNS lookup of a service). */
		KUBERNETES

	}

}
