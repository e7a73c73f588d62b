package io.ego.benchmarks.jmh;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ego.benchmarks.domain.AccountCredited;
import io.ego.core.store.PersistedEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Turning an event into the journal's envelope and back, as the command path and recovery
 * do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EventCodecBenchmark {

	private final AccountCredited event = AccountCredited.newBuilder().setAccountId("acc-00042").setAmount(17).build();

	private final Instant now = Instant.now();

	private final PersistedEvent stored = encode(this.event, this.now);

	@Benchmark
	public PersistedEvent encode() {
		return encode(this.event, this.now);
	}

	@Benchmark
	public AccountCredited decode() throws InvalidProtocolBufferException {
		return AccountCredited.parser().parseFrom(this.stored.payload());
	}

	// static: the field initializer must not call encode(), which JMH's generated
	// subclass may override
	private static PersistedEvent encode(AccountCredited event, Instant now) {
		return new PersistedEvent("account|acc-00042", "account", 7, 0, 42, event.getDescriptorForType().getFullName(),
				event.toByteArray(), now, Map.of(), null);
	}

}
