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

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

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
