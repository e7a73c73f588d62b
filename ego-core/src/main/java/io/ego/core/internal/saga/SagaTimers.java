package io.ego.core.internal.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ego.core.CommandOptions;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.store.TimerClaim;
import io.ego.core.store.TimerStore;
import io.ego.core.v1.FireSagaTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the sagas' due timers: claims them from the timer store (one claimant among the
 * instances sharing it), tells the owning saga instance, and completes the timer once the
 * instance recorded it. A claimant that dies lets its claim expire and another instance
 * fires the timer; the saga instance ignores a timer it no longer has.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class SagaTimers implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SagaTimers.class);

	private static final int BATCH = 100;

	private static final Duration CLAIM = Duration.ofSeconds(30);

	private final TimerStore store;

	private final Map<String, SagaRuntime> sagas;

	private final Clock clock;

	private final Duration interval;

	private final EgoEngine engine;

	private final Thread poller;

	private volatile boolean running = true;

	SagaTimers(TimerStore store, Map<String, SagaRuntime> sagasByType, Clock clock, Duration interval,
			EgoEngine engine) {
		this.store = store;
		this.sagas = Map.copyOf(sagasByType);
		this.clock = clock;
		this.interval = interval;
		this.engine = engine;
		this.poller = Thread.ofVirtual().name("ego-saga-timers").unstarted(this::run);
	}

	void start() {
		this.poller.start();
	}

	private void run() {
		while (this.running) {
			int claimed = 0;
			try {
				claimed = poll();
			}
			catch (Throwable ex) {
				logger.warn("could not fire the sagas' due timers; trying again in {}", this.interval, ex);
			}
			if (claimed < BATCH) {
				try {
					Thread.sleep(this.interval.toMillis());
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}
	}

	private int poll() {
		List<TimerClaim> claims = this.store.claimDue(this.clock.instant(), BATCH, this.engine.instanceId(), CLAIM);
		for (TimerClaim claim : claims) {
			SagaRuntime saga = this.sagas.get(claim.timer().group());
			if (saga == null) {
				// a saga this application does not run: its claim expires for one that
				// does
				continue;
			}
			FireSagaTimer fire = FireSagaTimer.newBuilder()
				.setName(claim.timer().name())
				.setDueAt(SagaCodec.timestamp(claim.timer().dueAt()))
				.build();
			this.engine.entity(saga.entityType(), claim.timer().key())
				.ask(fire, CommandOptions.none())
				.whenComplete((reply, error) -> {
					saga.sendRecorded(this.engine, claim.timer().key(), reply);
					complete(claim, reply);
				});
		}
		return claims.size();
	}

	private void complete(TimerClaim claim, CommandReply<?> reply) {
		if (reply == null || !reply.isAccepted()) {
			return;
		}
		try {
			this.store.complete(claim);
		}
		catch (Throwable ex) {
			// the claim expires and the timer fires again; the instance ignores it then
			logger.debug("could not complete fired timer {}", claim.timer(), ex);
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.poller.interrupt();
		try {
			this.poller.join(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
