package io.ego.benchmarks.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ego.benchmarks.BenchAccountBehavior;
import io.ego.benchmarks.BenchTypedAccountBehavior;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.core.BehaviorContract;
import io.ego.core.CommandContext;
import io.ego.core.EventSourcedBehavior;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The behaviour's share of a command, without the store: one decision of the
 * {@link BehaviorContract} (handle, check, fold), with the behaviour written against the
 * interface or with typed handlers. The round trip ({@link CommandRoundTripBenchmark}) is
 * dominated by the in-memory journal's garbage; this isolates what the style costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class BehaviorDecisionBenchmark {

	/** The behaviour's style: {@code interface} or {@code typed}. */
	@Param({ "interface", "typed" })
	public String style;

	private BehaviorContract<Account> contract;

	private Account state;

	private CreditAccount credit;

	private final CommandContext context = new FixedContext();

	@Setup(Level.Trial)
	public void setUp() {
		EventSourcedBehavior<Account> behavior = "typed".equals(this.style) ? new BenchTypedAccountBehavior()
				: new BenchAccountBehavior();
		this.contract = BehaviorContract.eventSourced("account", behavior);
		this.state = Account.newBuilder().setId("acc-00000").setBalance(1000).build();
		this.credit = CreditAccount.newBuilder().setAccountId("acc-00000").setAmount(1).build();
	}

	@Benchmark
	public Account decide() {
		if (!this.contract.decide(this.credit, this.state, this.context)) {
			throw new IllegalStateException(String.valueOf(this.contract.refusal()));
		}
		return this.contract.state();
	}

	private static final class FixedContext implements CommandContext {

		@Override
		public String entityId() {
			return "acc-00000";
		}

		@Override
		public String persistenceId() {
			return "account|acc-00000";
		}

		@Override
		public long sequenceNr() {
			return 1;
		}

		@Override
		public @Nullable String commandId() {
			return null;
		}

		@Override
		public Map<String, String> metadata() {
			return Map.of();
		}

	}

}
