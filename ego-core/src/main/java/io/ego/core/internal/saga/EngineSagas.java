package io.ego.core.internal.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntityBehavior;
import io.ego.core.EntityNotFoundException;
import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.projection.Projections;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaStatus;
import io.ego.core.saga.SagaSummary;
import io.ego.core.saga.Sagas;
import io.ego.core.saga.UnknownSagaException;
import io.ego.core.store.SagaIndexEntry;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.TimerStore;
import io.ego.core.v1.CancelSaga;
import io.ego.core.v1.EntityErased;
import io.ego.core.v1.RetrySaga;
import io.ego.core.v1.SagaInstanceState;
import io.ego.core.v1.StartSaga;
import org.jspecify.annotations.Nullable;

/**
 * The engine's sagas: their runtimes, the timer poller they share, and the operations of
 * {@link Sagas}.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EngineSagas implements Sagas, AutoCloseable {

	private final Map<String, SagaRuntime> byName;

	private final @Nullable TimerStore timers;

	private final @Nullable SagaIndexStore index;

	private final Clock clock;

	private @Nullable EgoEngine engine;

	private @Nullable SagaTimers poller;

	private final List<AutoCloseable> gauges = new ArrayList<>();

	private EngineSagas(Map<String, SagaRuntime> byName, @Nullable TimerStore timers, @Nullable SagaIndexStore index,
			Clock clock) {
		this.byName = byName;
		this.timers = timers;
		this.index = index;
		this.clock = clock;
	}

	/**
	 * Creates the runtimes of the registered sagas.
	 * @param sagas the registrations
	 * @param entities the behaviours of the registered entity types, whose messages sagas
	 * send and read
	 * @param clock the engine's clock
	 * @param timers the timer store, required when there is a saga
	 * @param index the saga index store, required when there is a saga
	 * @return the sagas, not started
	 * @throws EngineConfigurationException when a saga is invalid or there is no timer or
	 * saga index store
	 */
	public static EngineSagas create(List<SagaRegistration> sagas, List<EntityBehavior<?>> entities, Clock clock,
			@Nullable TimerStore timers, @Nullable SagaIndexStore index) {
		Map<String, SagaRuntime> byName = new LinkedHashMap<>();
		if (!sagas.isEmpty() && timers == null) {
			throw new EngineConfigurationException("sagas " + names(sagas)
					+ " need a timer store: set EgoEngineBuilder.timerStore(...) (a JdbcTimerStore, or in-memory "
					+ "stores)");
		}
		if (!sagas.isEmpty() && index == null) {
			throw new EngineConfigurationException("sagas " + names(sagas)
					+ " need a saga index store: set EgoEngineBuilder.sagaIndexStore(...) (a JdbcSagaIndexStore, or "
					+ "in-memory stores)");
		}
		for (SagaRegistration saga : sagas) {
			Message initial = saga.behavior().initialState();
			if (initial == null) {
				throw new EngineConfigurationException("saga '" + saga.name() + "' ("
						+ saga.behavior().getClass().getName() + ") returned a null initial state");
			}
			MessageTypes types = new MessageTypes();
			types.registerFileOf(SagaInstanceState.getDefaultInstance());
			// the markers of erased entities reach sagas too
			types.registerFileOf(EntityErased.getDefaultInstance());
			types.registerFileOf(initial);
			for (Message type : saga.behavior().messageTypes()) {
				types.registerFileOf(type);
			}
			for (EntityBehavior<?> entity : entities) {
				types.registerFileOf(entity.initialState());
				for (Message type : entity.messageTypes()) {
					types.register(type);
				}
			}
			byName.put(saga.name(), new SagaRuntime(saga.name(), saga.behavior(), saga.settings(), new SagaCodec(types),
					clock, Objects.requireNonNull(timers), Objects.requireNonNull(index)));
		}
		return new EngineSagas(byName, timers, index, clock);
	}

	private static List<String> names(List<SagaRegistration> sagas) {
		List<String> names = new ArrayList<>(sagas.size());
		for (SagaRegistration saga : sagas) {
			names.add(saga.name());
		}
		return names;
	}

	/**
	 * @return the runtimes, by registration order
	 */
	public List<SagaRuntime> runtimes() {
		return List.copyOf(this.byName.values());
	}

	/**
	 * Starts the sagas on the running engine.
	 * @param running the engine
	 * @param telemetry the engine's observations and meters
	 */
	public synchronized void bind(EgoEngine running, Telemetry telemetry) {
		this.engine = running;
		Map<String, SagaRuntime> byType = new LinkedHashMap<>();
		Duration interval = null;
		for (SagaRuntime saga : this.byName.values()) {
			saga.bind(running, telemetry);
			this.gauges.add(telemetry.metrics().saga(saga.name(), () -> counts(saga.name()), () -> overdue(saga)));
			byType.put(saga.entityType(), saga);
			Duration own = saga.settings().timerPollInterval();
			interval = (interval == null || own.compareTo(interval) < 0) ? own : interval;
		}
		if (this.timers != null && interval != null) {
			SagaTimers started = new SagaTimers(this.timers, byType, this.clock, interval, running);
			started.start();
			this.poller = started;
		}
	}

	/**
	 * Guards the engine's projection operations: the sagas' readers and dispatchers
	 * cannot be rebuilt.
	 * @param projections the engine's operations
	 * @return the guarded operations, or the same when there is no saga
	 */
	public Projections guard(Projections projections) {
		if (this.byName.isEmpty()) {
			return projections;
		}
		Map<String, String> sagaByProjection = new LinkedHashMap<>();
		for (SagaRuntime saga : this.byName.values()) {
			sagaByProjection.put(saga.readerName(), saga.name());
			sagaByProjection.put(saga.dispatcherName(), saga.name());
		}
		return new SagaGuardedProjections(projections, sagaByProjection);
	}

	@Override
	public List<String> names() {
		return List.copyOf(this.byName.keySet());
	}

	@Override
	public CompletableFuture<SagaInstance<?>> start(String saga, String sagaId, Message start) {
		SagaRuntime runtime = runtime(saga);
		StartSaga command = StartSaga.newBuilder().setStart(SagaCodec.pack(start)).build();
		EgoEngine running = running();
		return running.<SagaInstanceState>entity(runtime.entityType(), sagaId).ask(command).thenApply((reply) -> {
			runtime.sendRecorded(running, sagaId, reply);
			return runtime.view(sagaId, reply.state());
		});
	}

	@Override
	public SagaInstance<?> status(String saga, String sagaId) {
		SagaRuntime runtime = runtime(saga);
		SagaInstanceState state;
		try {
			state = running().<SagaInstanceState>entity(runtime.entityType(), sagaId).state().state();
		}
		catch (EntityNotFoundException ex) {
			state = SagaInstanceState.getDefaultInstance();
		}
		return runtime.view(sagaId, state);
	}

	@Override
	public SagaInstance<?> retry(String saga, String sagaId) {
		return operate(saga, sagaId, RetrySaga.getDefaultInstance());
	}

	@Override
	public SagaInstance<?> cancel(String saga, String sagaId, String reason) {
		return operate(saga, sagaId, CancelSaga.newBuilder().setReason(reason).build());
	}

	@Override
	public Map<SagaStatus, Long> counts(String saga) {
		runtime(saga);
		Map<SagaStatus, Long> counts = new EnumMap<>(SagaStatus.class);
		if (this.index != null) {
			this.index.counts(saga).forEach((status, count) -> counts.put(SagaStatus.valueOf(status), count));
		}
		return counts;
	}

	@Override
	public List<SagaSummary> list(String saga, SagaStatus status, @Nullable String afterId, int limit) {
		runtime(saga);
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		if (this.index == null) {
			return List.of();
		}
		List<SagaSummary> page = new ArrayList<>();
		for (SagaIndexEntry entry : this.index.list(saga, status.name(), afterId, limit)) {
			page.add(new SagaSummary(entry.sagaId(), SagaStatus.valueOf(entry.status()), entry.updatedAt(),
					entry.reason()));
		}
		return page;
	}

	private SagaInstance<?> operate(String saga, String sagaId, Message command) {
		SagaRuntime runtime = runtime(saga);
		if (status(saga, sagaId).status() == SagaStatus.NEW) {
			throw new CommandRejectedException("saga '" + saga + "' instance '" + sagaId + "' has not started");
		}
		EgoEngine running = running();
		CommandReply<SagaInstanceState> reply = running.<SagaInstanceState>entity(runtime.entityType(), sagaId)
			.askAndWait(command);
		runtime.sendRecorded(running, sagaId, reply);
		return runtime.view(sagaId, reply.state());
	}

	private SagaRuntime runtime(String saga) {
		SagaRuntime runtime = this.byName.get(saga);
		if (runtime == null) {
			throw new UnknownSagaException("no saga named '" + saga + "'; the sagas are " + this.byName.keySet());
		}
		return runtime;
	}

	private synchronized EgoEngine running() {
		EgoEngine running = this.engine;
		if (running == null) {
			throw new IllegalStateException("the sagas are not started");
		}
		return running;
	}

	private long overdue(SagaRuntime saga) {
		if (this.timers == null) {
			return 0;
		}
		Duration interval = saga.settings().timerPollInterval().multipliedBy(2);
		Duration grace = (interval.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : interval;
		return this.timers.countDue(saga.entityType(), this.clock.instant().minus(grace));
	}

	@Override
	public synchronized void close() {
		for (AutoCloseable gauge : this.gauges) {
			try {
				gauge.close();
			}
			catch (Exception ex) {
				// removing a meter does not fail
			}
		}
		this.gauges.clear();
		SagaTimers started = this.poller;
		this.poller = null;
		if (started != null) {
			started.close();
		}
	}

}
