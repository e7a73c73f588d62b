package io.ego.cluster.hazelcast.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ego.cluster.hazelcast.ClusterSettings;
import io.ego.cluster.hazelcast.ClusterSettings.Discovery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration of eGo's cluster on Hazelcast ({@code ego.cluster.*}): with
 * {@code enabled}, each entity lives on the owner of its Hazelcast partition and the
 * commands sent elsewhere are forwarded to it. The other properties describe the member
 * eGo starts when the application defines no {@code HazelcastInstance} bean of its own
 * (they are not used when it does).
 *
 * @author eGo team
 * @since 0.3.0
 */
@ConfigurationProperties("ego.cluster")
public class EgoClusterProperties {

	private static final Pattern PROPERTY = Pattern.compile("^(ego\\.cluster\\.[a-z-]+)");

	/**
	 * Whether this application is a member of an eGo cluster on Hazelcast: entities live
	 * on the owner of their partition, commands sent to other members are forwarded.
	 */
	private boolean enabled;

	/**
	 * Name of the Hazelcast cluster; members with another name do not join.
	 */
	private String name = "ego";

	/**
	 * How the members find each other: static (the members list, over TCP), multicast, or
	 * kubernetes (Hazelcast's Kubernetes discovery).
	 */
	private Discovery discovery = Discovery.STATIC;

	/**
	 * Addresses (host:port) of the cluster's members, with static discovery; this member
	 * may be among them.
	 */
	private List<String> members = new ArrayList<>();

	/**
	 * Address this member binds and announces to the others.
	 */
	private String host = "127.0.0.1";

	/**
	 * Port this member listens on (1 to 65535). A taken port fails the start.
	 */
	private int port = 5701;

	/**
	 * Number of Hazelcast partitions the entities are hashed to; the same on every
	 * member.
	 */
	private int partitions = 271;

	/**
	 * Synchronous backups of Hazelcast's own data (0 to 6).
	 */
	private int backupCount = 1;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	public void setDiscovery(Discovery discovery) {
		this.discovery = discovery;
	}

	public List<String> getMembers() {
		return this.members;
	}

	public void setMembers(List<String> members) {
		this.members = members;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public int getPartitions() {
		return this.partitions;
	}

	public void setPartitions(int partitions) {
		this.partitions = partitions;
	}

	public int getBackupCount() {
		return this.backupCount;
	}

	public void setBackupCount(int backupCount) {
		this.backupCount = backupCount;
	}

	/**
	 * Checks these properties and converts them to the settings of the member eGo starts.
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException naming the property in error
	 */
	public ClusterSettings toSettings() {
		if (this.host.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("ego.cluster.host", this.host,
					"ego.cluster.host must name the address this member binds and announces");
		}
		try {
			return new ClusterSettings(this.name, this.discovery, this.members, this.host.strip(), this.port,
					this.partitions, this.backupCount);
		}
		catch (IllegalArgumentException ex) {
			String message = String.valueOf(ex.getMessage());
			Matcher property = PROPERTY.matcher(message);
			String name = property.find() ? property.group(1) : "ego.cluster";
			throw new InvalidConfigurationPropertyValueException(name, valueOf(name), message);
		}
	}

	private Object valueOf(String property) {
		return switch (property) {
			case "ego.cluster.name" -> this.name;
			case "ego.cluster.discovery" -> this.discovery;
			case "ego.cluster.members" -> this.members;
			case "ego.cluster.host" -> this.host;
			case "ego.cluster.port" -> this.port;
			case "ego.cluster.partitions" -> this.partitions;
			case "ego.cluster.backup-count" -> this.backupCount;
			default -> "";
		};
	}

}
