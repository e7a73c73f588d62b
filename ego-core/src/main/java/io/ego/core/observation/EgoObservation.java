package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The engine's observations. Each yields a span (with a tracing handler) and a timer
 * (with a meter handler) named after its convention, tagged with low-cardinality key
 * values only (entity type, projection, worker, outcome — never an entity id).
 *
 * @author eGo team
 * @since 0.1.0
 */
public enum EgoObservation implements ObservationDocumentation {

	/**
	 * Handling one command, from the ask to the reply; an event marks when the entity
	 * took it from its mailbox. Its trace context travels in the metadata of the events
	 * the command persists.
	 */
	COMMAND {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultCommandObservationConvention.class;
		}
	},

	/** One journal write of an entity: the events of one or more commands. */
	PERSIST {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPersistObservationConvention.class;
		}
	},

	/** Recovering an entity from its snapshot and events, or its durable state. */
	RECOVERY {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultRecoveryObservationConvention.class;
		}
	},

	/** Writing a snapshot, off the command path. */
	SNAPSHOT {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultSnapshotObservationConvention.class;
		}
	},

	/** Deleting events and snapshots after a snapshot. */
	RETENTION {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultRetentionObservationConvention.class;
		}
	},

	/** A projection worker handling one batch read from the journal. */
	PROJECTION_BATCH {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultProjectionBatchObservationConvention.class;
		}
	},

	/**
	 * A projection handling one event; it continues the trace of the command that
	 * persisted the event.
	 */
	PROJECTION_EVENT {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultProjectionEventObservationConvention.class;
		}
	},

	/** A publisher sending events to its sink until acknowledged. */
	PUBLISH {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPublishObservationConvention.class;
		}
	},

	/** An event a projection or publisher gave up on and put in the dead-letter store. */
	DEAD_LETTER {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDeadLetterObservationConvention.class;
		}
	},

	/**
	 * One attempt of a saga step, from sending its command to its outcome; a child of the
	 * trace of the saga event that recorded the step.
	 */
	SAGA_STEP {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultSagaStepObservationConvention.class;
		}
	}

}
