package io.ego.spring.boot.test.scenario;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's clock in an {@link io.ego.spring.boot.test.EgoTest @EgoTest}: the system
 * time plus an offset that {@link #advance(Duration)} moves forward, so a test can reach
 * a timer, a passivation or a lease expiry without waiting, while time never goes back
 * for the engine's leases and write times.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EgoTestClock extends Clock {

	private final Clock base;

	private final AtomicReference<Duration> offset;

	/** Creates a clock at the system time in UTC. */
	public EgoTestClock() {
		this(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO));
	}

	private EgoTestClock(Clock base, AtomicReference<Duration> offset) {
		this.base = base;
		this.offset = offset;
	}

	/**
	 * Moves the clock forward.
	 * @param amount how far, zero or positive
	 * @return the clock's new instant
	 * @throws IllegalArgumentException if {@code amount} is negative
	 */
	public Instant advance(Duration amount) {
		if (amount.isNegative()) {
			throw new IllegalArgumentException("the test clock only moves forward: cannot advance by " + amount);
		}
		this.offset.accumulateAndGet(amount, Duration::plus);
		return instant();
	}

	/**
	 * @return how far the clock has been advanced in all
	 */
	public Duration offset() {
		return this.offset.get();
	}

	@Override
	public Instant instant() {
		return this.base.instant().plus(this.offset.get());
	}

	@Override
	public ZoneId getZone() {
		return this.base.getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new EgoTestClock(this.base.withZone(zone), this.offset);
	}

	@Override
	public String toString() {
		return "EgoTestClock[" + instant() + ", advanced " + this.offset.get() + "]";
	}

}
