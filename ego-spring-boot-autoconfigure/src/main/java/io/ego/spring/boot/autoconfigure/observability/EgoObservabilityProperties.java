package io.ego.spring.boot.autoconfigure.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of eGo's observability, bound to the {@code ego.observability}
 * prefix. Both kinds of telemetry are on by default and cost nothing without the matching
 * registry.
 *
 * @author eGo team
 * @since 0.1.0
 */
@ConfigurationProperties("ego.observability")
public class EgoObservabilityProperties {

	private final Observations observations = new Observations();

	private final Metrics metrics = new Metrics();

	public Observations getObservations() {
		return this.observations;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * The engine's observations.
	 */
	public static class Observations {

		/**
		 * Whether the engine records its observations (command, persist, recovery,
		 * snapshot, retention, projection batch and event, publish, dead letter) on the
		 * application's ObservationRegistry: spans with a tracer, timers such as
		 * ego.command with a meter registry, and the trace context stored with the
		 * events.
		 */
		private boolean enabled = true;

		/**
		 * How commands and their writes are timed: 'observations' (an observation per
		 * command and per write: spans with a tracer, the ego.command and ego.persist
		 * timers through the meter handler), 'meters' (the same timers, with the same
		 * tags, recorded directly on the MeterRegistry: no observation per command,
		 * several times cheaper), or 'auto': observations when the application has a
		 * tracer (a micrometer-tracing Tracer bean) or its own command or persist
		 * convention, else meters.
		 */
		private CommandTiming commands = CommandTiming.AUTO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public CommandTiming getCommands() {
			return this.commands;
		}

		public void setCommands(CommandTiming commands) {
			this.commands = commands;
		}

	}

	/**
	 * How commands and their writes are timed.
	 */
	public enum CommandTiming {

		/**
		 * Observations with a tracer or a custom command or persist convention, else
		 * meters.
		 */
		AUTO,

		/** An observation per command and per write. */
		OBSERVATIONS,

		/** The ego.command and ego.persist timers, recorded directly. */
		METERS

	}

	/**
	 * The engine's meters.
	 */
	public static class Metrics {

		/**
		 * Whether the engine's meters are recorded on the application's MeterRegistry:
		 * its counters and gauges (live entities, activations, passivations, events
		 * persisted, write batch sizes, projection lag per worker). When false, every
		 * ego.* meter is denied, the timers of the observations too, so that only traces
		 * remain.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
