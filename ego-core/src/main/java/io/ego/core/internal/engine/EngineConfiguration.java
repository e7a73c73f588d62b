package io.ego.core.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.ego.core.EntitySettings;
import io.ego.core.ErasureMode;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.internal.consumer.ConsumerDefinition;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SnapshotStore;
import org.jspecify.annotations.Nullable;

/**
 * Everything an engine is built from, as the builder collected it: immutable, checked
 * once by {@link ConfigurationValidator}, turned into a running engine by
 * {@link EngineAssembler}.
 *
 * @param stores the stores
 * @param entities the entity types, in registration order
 * @param consumers the projections and publishers, in registration order
 * @param externalConsumers other consumers of the journal retention must wait for
 * @param defaults the settings of entity types registered without their own
 * @param encryption the encryption settings, or {@code null} when nothing is encrypted
 * @param erasureMode what a command to an erased entity does
 * @param schema the message revisions and adapters
 * @param transactions how transactional projections run a transaction, or {@code null}
 * @param clock the clock of write times
 * @param shutdownTimeout how long closing waits for in-flight work
 * @param telemetry the observations and meters
 * @param instanceId this application instance's id
 * @param router the cluster's command router, or {@code null} without a cluster
 * @author eGo team
 * @since 0.1.0
 */
public record EngineConfiguration(Stores stores, List<EntityRegistration> entities, List<ConsumerDefinition> consumers,
		List<ConsumerProgress> externalConsumers, EntitySettings defaults, @Nullable EncryptionSettings encryption,
		ErasureMode erasureMode, SchemaEvolution schema, @Nullable ProjectionTransactions transactions, Clock clock,
		Duration shutdownTimeout, Telemetry telemetry, String instanceId, @Nullable CommandRouter router) {

	/** Copies the lists, so that the configuration cannot change once built. */
	public EngineConfiguration {
		entities = List.copyOf(entities);
		consumers = List.copyOf(consumers);
		externalConsumers = List.copyOf(externalConsumers);
	}

	/**
	 * The stores an engine uses; each may be absent when nothing needs it.
	 *
	 * @param eventStore the journal
	 * @param snapshotStore the snapshots
	 * @param durableStateStore the durable states
	 * @param offsetStore the consumers' offsets and leases
	 * @param deadLetterStore the events consumers skipped
	 * @param dataKeyStore the wrapped data keys
	 * @param erasureStore the erasure markers
	 */
	public record Stores(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, @Nullable OffsetStore offsetStore,
			@Nullable DeadLetterStore deadLetterStore, @Nullable DataKeyStore dataKeyStore,
			@Nullable ErasureStore erasureStore) {
	}

}
