package io.ego.core.internal.runtime;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.ego.core.EngineConfigurationException;

/**
 * Ids of application instances, which own projection leases: the host name, the process
 * id and a random part (two engines in one process, or a restarted process, never share
 * an id).
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InstanceIds {

	/**
	 * The longest instance id, in characters (it is stored in the offset store's lease
	 * rows).
	 */
	public static final int MAX_LENGTH = 200;

	private InstanceIds() {
	}

	/**
	 * @return a new id: {@code <host>-<pid>-<6 random hex digits>}
	 */
	public static String generate() {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (Exception ex) {
				host = "localhost";
			}
		}
		byte[] random = new byte[3];
		ThreadLocalRandom.current().nextBytes(random);
		String id = host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
		return (id.length() <= MAX_LENGTH) ? id : id.substring(id.length() - MAX_LENGTH);
	}

	/**
	 * Checks an instance id given by the application.
	 * @param id the id
	 * @return the id
	 * @throws EngineConfigurationException when it is blank, too long, or has control
	 * characters
	 */
	public static String check(String id) {
		if (id == null || id.isBlank() || id.length() > MAX_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
			throw new EngineConfigurationException("invalid instance id '" + id + "': use 1 to " + MAX_LENGTH
					+ " printable characters, unique among the instances sharing the offset store");
		}
		return id;
	}

}
