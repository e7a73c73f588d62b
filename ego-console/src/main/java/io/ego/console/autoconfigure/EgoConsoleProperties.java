package io.ego.console.autoconfigure;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the operator console ({@code ego.console.*}).
 *
 * @author eGo team
 * @since 0.1.0
 */
@ConfigurationProperties("ego.console")
public class EgoConsoleProperties {

	private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

	/**
	 * Whether the console is served. Off by default; its write actions need the
	 * Actuator's write access too (management.endpoint.ego.access=unrestricted).
	 */
	private boolean enabled;

	/**
	 * Where the console is served: one or more path segments, starting with '/', without
	 * a trailing '/' or wildcards.
	 */
	private String path = "/ego";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	/**
	 * Checks the settings, naming the property that is wrong.
	 * @throws IllegalStateException when the path is not one or more plain segments
	 */
	void validate() {
		if (!PATH.matcher(this.path).matches()) {
			throw new IllegalStateException("ego.console.path must be one or more path segments starting with '/', "
					+ "without a trailing '/' or wildcards (such as /ego or /ops/ego), but was '" + this.path + "'");
		}
	}

}
