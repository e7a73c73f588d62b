package io.ego.core.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.DurableStateBehavior;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntityBehavior;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.internal.consumer.ConsumerDefinition;
import io.ego.core.internal.consumer.JournalConsumers;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.entity.EntityType;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.runtime.InstanceRegistry;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.v1.ErasedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Builds the parts of an engine from a validated configuration, in dependency order:
 * message types, data keys, the shared runtime, the entity types, the journal consumers.
 * Starts nothing: {@link EngineCore#start()} does.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EngineAssembler {

	private EngineAssembler() {
	}

	/**
	 * @param configuration a configuration {@link ConfigurationValidator#validate
	 * validated} first
	 * @return the engine, not started
	 * @throws EngineConfigurationException when a behaviour breaks its contract at
	 * registration
	 */
	public static EngineCore assemble(EngineConfiguration configuration) {
		EngineConfiguration.Stores stores = configuration.stores();
		MessageTypes messageTypes = new MessageTypes();
		messageTypes.registerFileOf(ErasedEvent.getDefaultInstance());
		DataKeys dataKeys = (configuration.encryption() != null) ? new DataKeys(configuration.encryption(),
				Objects.requireNonNull(stores.dataKeyStore()), configuration.clock()) : null;
		// retention asks the consumers, which need the runtime: the runtime reads them
		// through this holder
		ConsumersHolder consumers = new ConsumersHolder();
		List<ConsumerProgress> progress = new ArrayList<>(configuration.externalConsumers());
		progress.add(consumers);
		EngineRuntime runtime = new EngineRuntime(stores.eventStore(), stores.snapshotStore(),
				stores.durableStateStore(), LowestProgress.of(progress), messageTypes, configuration.clock(),
				configuration.telemetry(), dataKeys, stores.erasureStore(), configuration.erasureMode(),
				configuration.schema(), configuration.instanceId(), instanceRegistry(configuration),
				configuration.router());
		Map<String, EntityType<?>> types = new LinkedHashMap<>();
		for (EntityRegistration registration : configuration.entities()) {
			registerMessageTypes(registration, messageTypes);
			types.put(registration.name(), create(registration, runtime));
		}
		JournalConsumers journalConsumers = new JournalConsumers(configuration.consumers(), stores.eventStore(),
				stores.durableStateStore(), stores.offsetStore(), stores.deadLetterStore(),
				configuration.transactions(), runtime);
		consumers.consumers = journalConsumers;
		return new EngineCore(configuration, runtime, types, journalConsumers, dataKeys);
	}

	/**
	 * The registry of the instances sharing the stores, read from the leases of this
	 * engine's consumers (the other instances run the same consumers).
	 */
	private static InstanceRegistry instanceRegistry(EngineConfiguration configuration) {
		List<String> leaseConsumers = new ArrayList<>();
		for (ConsumerDefinition consumer : configuration.consumers()) {
			leaseConsumers.addAll(JournalConsumers.leaseConsumers(consumer.name()));
		}
		return new InstanceRegistry(configuration.stores().offsetStore(), leaseConsumers, configuration.instanceId(),
				configuration.clock(), InstanceRegistry.REFRESH);
	}

	private static void registerMessageTypes(EntityRegistration registration, MessageTypes messageTypes) {
		EntityBehavior<?> behavior = registration.behavior();
		Message initial = behavior.initialState();
		if (initial == null) {
			throw new EngineConfigurationException("behaviour of '" + registration.name() + "' ("
					+ behavior.getClass().getName() + ") returned a null initial state");
		}
		messageTypes.registerFileOf(initial);
		for (Message type : behavior.messageTypes()) {
			messageTypes.register(type);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static EntityType<?> create(EntityRegistration registration, EngineRuntime runtime) {
		if (registration.behavior() instanceof EventSourcedBehavior behavior) {
			return EntityType.eventSourced(registration.name(), behavior, registration.resolvedSettings(), runtime);
		}
		return EntityType.durableState(registration.name(), (DurableStateBehavior) registration.behavior(),
				registration.resolvedSettings(), runtime);
	}

	/** The engine's own consumers, as retention sees them once they exist. */
	private static final class ConsumersHolder implements ConsumerProgress {

		/** {@code null} until the consumers are created, after the runtime. */
		private volatile @Nullable JournalConsumers consumers;

		@Override
		public long lowestHandledPosition() {
			JournalConsumers current = this.consumers;
			return (current != null) ? current.lowestHandledPosition() : Long.MAX_VALUE;
		}

		@Override
		public long lowestHandledPosition(int slice) {
			JournalConsumers current = this.consumers;
			return (current != null) ? current.lowestHandledPosition(slice) : Long.MAX_VALUE;
		}

	}

}
