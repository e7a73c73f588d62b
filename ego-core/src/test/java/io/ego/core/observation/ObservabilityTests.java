package io.ego.core.observation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EntitySettings;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.InstrumentedEventStore;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.debit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's observations and meters after a scripted workload.
 */
class ObservabilityTests {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final List<Observation.Context> started = new CopyOnWriteArrayList<>();

	ObservabilityTests() {
		this.observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public void onStart(Observation.Context context) {
				ObservabilityTests.this.started.add(context);
				// what a propagating tracing handler does: write the trace context into
				// the carrier
				if (context instanceof SenderContext<?> sender && sender.getCarrier() instanceof Map<?, ?> carrier) {
					@SuppressWarnings("unchecked")
					Map<String, String> headers = (Map<String, String>) carrier;
					headers.put("traceparent", "00-trace-of-" + ((CommandContext) context).getEntityId() + "-01");
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
	}

	@Test
	void scriptedWorkloadYieldsEveryMetricWithLowCardinalityTags() {
		List<String> traceparents = new CopyOnWriteArrayList<>();
		InstrumentedEventStore flaky = new InstrumentedEventStore(new InMemoryEventStore());
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventStore(flaky)
			.observationRegistry(this.observations)
			.meterRegistry(this.meters)
			.eventSourced("account", new AccountBehavior(),
					EntitySettings.defaults().withSnapshotInterval(2).withPassivateAfter(Duration.ofMillis(50)))
			.projection("balances", (envelope) -> traceparents.add(envelope.metadata().getOrDefault("traceparent", "")),
					ProjectionSettings.defaults().withPullInterval(Duration.ofMillis(20)))
			.build()) {
			acceptTwiceRejectOnceFailOnce(engine, flaky);
			flaky.failing(0, 0);
			engine.projections().pause("balances");
			engine.entity(AccountBehavior.class, "b").askAndWait(open("b", 1));
			await().untilAsserted(() -> assertThat(
					this.meters.get("ego.projection.lag.events").tag("ego.projection", "balances").gauge().value())
				.isPositive());
			engine.projections().resume("balances");
			await().until(() -> traceparents.size() == 3);
			await().until(() -> engine.entityTypes().get(0).liveEntities() == 0);

			assertThat(count("ego.command", "ego.outcome", "accepted")).isEqualTo(3);
			assertThat(count("ego.command", "ego.outcome", "rejected")).isEqualTo(1);
			assertThat(count("ego.command", "ego.outcome", "failed")).isEqualTo(1);
			assertThat(this.meters.get("ego.command")
				.tag("ego.entity.type", "account")
				.tag("ego.command.type", "ego.test.bank.CreditAccount")
				.timers()).isNotEmpty();
			assertThat(count("ego.persist", "ego.outcome", "success")).isEqualTo(3);
			assertThat(count("ego.persist", "ego.outcome", "failure")).isEqualTo(1);
			assertThat(this.meters.get("ego.events.persisted").counter().count()).isEqualTo(3);
			// an event's counter is named after its observation and the event: not the
			// observation's name twice (was ego_command_ego_command_dequeued_total)
			assertThat(this.meters.find("ego.command.dequeued").counters()).isNotEmpty();
			assertThat(this.meters.find("ego.command.ego.command.dequeued").counters()).isEmpty();
			assertThat(this.meters.get("ego.persist.batch.size").summary().count()).isEqualTo(3);
			// a slow machine may passivate an entity between two commands: then it is
			// activated once more
			double activations = this.meters.get("ego.entities.activations").counter().count();
			assertThat(activations).isGreaterThanOrEqualTo(2);
			assertThat(this.meters.get("ego.entities.passivations").counter().count()).isEqualTo(activations);
			assertThat(this.meters.get("ego.entities.active").gauge().value()).isZero();
			assertThat(count("ego.recovery", "ego.outcome", "success")).isGreaterThanOrEqualTo(2);
			await().until(() -> count("ego.snapshot", "ego.outcome", "success") == 1);
			assertThat(count("ego.projection.event", "ego.outcome", "handled")).isEqualTo(3);
			assertThat(this.meters.get("ego.projection.batch").tag("ego.worker", "0-1023").timers()).isNotEmpty();
			await().untilAsserted(() -> {
				assertThat(this.meters.get("ego.projection.lag.events").gauge().value()).isZero();
				assertThat(this.meters.get("ego.projection.lag").timeGauge().value()).isZero();
			});
			// no entity id ever becomes a tag
			this.meters.getMeters()
				.forEach((meter) -> assertThat(meter.getId().getTags())
					.noneMatch((tag) -> tag.getValue().equals("a") || tag.getValue().contains("account|")));
			// the command's trace context travelled through the journal into the
			// projection
			assertThat(traceparents).containsExactly("00-trace-of-a-01", "00-trace-of-a-01", "00-trace-of-b-01");
			assertThat(this.started).filteredOn(ProjectionEventContext.class::isInstance)
				.extracting((context) -> ((ProjectionEventContext) context).getCarrier().get("traceparent"))
				.containsExactly("00-trace-of-a-01", "00-trace-of-a-01", "00-trace-of-b-01");
			// the persist observation is a child of the command's
			assertThat(this.started).filteredOn(PersistContext.class::isInstance)
				.allSatisfy((context) -> assertThat(context.getParentObservation().getContextView())
					.isInstanceOf(CommandContext.class));
		}
	}

	@Test
	void commandMetersTimeCommandsAndWritesWithTheObservationsTimersWithoutAnObservationPerCommand() {
		MeterRegistry observed = new SimpleMeterRegistry();
		ObservationRegistry viaObservations = ObservationRegistry.create();
		viaObservations.observationConfig().observationHandler(new DefaultMeterObservationHandler(observed));
		runScript(viaObservations, observed, false);
		runScript(this.observations, this.meters, true);

		assertThat(count("ego.command", "ego.outcome", "accepted")).isEqualTo(2);
		assertThat(count("ego.command", "ego.outcome", "rejected")).isEqualTo(1);
		assertThat(count("ego.command", "ego.outcome", "failed")).isEqualTo(1);
		assertThat(count("ego.persist", "ego.outcome", "success")).isEqualTo(2);
		assertThat(count("ego.persist", "ego.outcome", "failure")).isEqualTo(1);
		assertThat(this.meters.get("ego.command").tag("ego.outcome", "accepted").timers())
			.allSatisfy((timer) -> assertThat(timer.getId().getTag("error")).isEqualTo("none"));
		assertThat(this.meters.get("ego.command").tag("ego.outcome", "failed").timer().getId().getTag("error"))
			.isNotEqualTo("none");
		// the same timers, with the same tags, as the observations' meter handler records
		for (String name : List.of("ego.command", "ego.persist")) {
			assertThat(timerIds(this.meters, name)).as(name).isEqualTo(timerIds(observed, name));
		}
		// no observation per command or write; the engine's other observations remain
		assertThat(this.started)
			.noneMatch((context) -> context instanceof CommandContext || context instanceof PersistContext);
		assertThat(this.started).anyMatch(RecoveryContext.class::isInstance);
	}

	private static void runScript(ObservationRegistry observations, MeterRegistry meters, boolean commandMeters) {
		InstrumentedEventStore flaky = new InstrumentedEventStore(new InMemoryEventStore());
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventStore(flaky)
			.observationRegistry(observations)
			.meterRegistry(meters)
			.commandMeters(commandMeters)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			acceptTwiceRejectOnceFailOnce(engine, flaky);
		}
	}

	/**
	 * On account {@code a}: two commands accepted, one rejected, one failed by the store.
	 */
	private static void acceptTwiceRejectOnceFailOnce(EgoEngine engine, InstrumentedEventStore flaky) {
		engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 10));
		engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 5));
		assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(debit("a", 100)))
			.isInstanceOf(CommandReply.Rejected.class);
		flaky.failing(1.0, 0);
		assertThat(engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 1)))
			.isInstanceOf(CommandReply.Failed.class);
	}

	private static List<String> timerIds(MeterRegistry meters, String name) {
		return meters.find(name)
			.timers()
			.stream()
			.map((timer) -> timer.getId().getName() + timer.getId().getTags())
			.sorted()
			.toList();
	}

	@Test
	void withoutRegistriesNothingIsObserved() {
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 10));
		}
		assertThat(this.started).isEmpty();
		assertThat(this.meters.getMeters()).isEmpty();
	}

	@Test
	void aFailedHandlerAttemptIsCountedUnderTheProjectionEventsName() {
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch retried = new CountDownLatch(1);
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.observationRegistry(this.observations)
			.meterRegistry(this.meters)
			.eventSourced("account", new AccountBehavior())
			.projection("flaky", (envelope) -> {
				if (calls.getAndIncrement() == 0) {
					throw new IllegalStateException("first attempt fails");
				}
				retried.countDown();
			}, ProjectionSettings.defaults()
				.withPullInterval(Duration.ofMillis(20))
				.withRecovery(RecoveryPolicy.RETRY_AND_FAIL, 3, Duration.ofMillis(10)))
			.build()) {
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 10));
			assertThat(awaitQuietly(retried)).isTrue();
		}
		// the event is named once: not
		// ego_projection_event_ego_projection_attempt_failed_total
		assertThat(this.meters.find("ego.projection.event.attempt.failed").tag("ego.projection", "flaky").counter())
			.isNotNull()
			.satisfies((counter) -> assertThat(counter.count()).isEqualTo(1.0));
		assertThat(this.meters.find("ego.projection.event.ego.projection.attempt.failed").counters()).isEmpty();
	}

	private static boolean awaitQuietly(CountDownLatch latch) {
		try {
			return latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private double count(String name, String key, String value) {
		return this.meters.find(name).tag(key, value).timers().stream().mapToLong((t) -> t.count()).sum();
	}

}
