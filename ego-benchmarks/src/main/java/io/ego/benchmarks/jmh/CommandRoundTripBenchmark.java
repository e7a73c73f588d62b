package io.ego.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import io.ego.benchmarks.BenchAccountBehavior;
import io.ego.benchmarks.BenchTypedAccountBehavior;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.OpenAccount;
import io.ego.core.EgoEngine;
import io.ego.core.EntityRef;
import io.ego.core.EventSourcedBehavior;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One command round trip on one in-memory entity: ask, handle, fold, append, reply; with
 * the behaviour written against the interface ({@link BenchAccountBehavior}) or with
 * typed handlers ({@link BenchTypedAccountBehavior}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class CommandRoundTripBenchmark {

	/** The behaviour's style: {@code interface} or {@code typed}. */
	@Param({ "interface", "typed" })
	public String style;

	private EgoEngine engine;

	private EntityRef<Account> account;

	private CreditAccount credit;

	@Setup(Level.Trial)
	public void setUp() {
		EventSourcedBehavior<Account> behavior = "typed".equals(this.style) ? new BenchTypedAccountBehavior()
				: new BenchAccountBehavior();
		this.engine = EgoEngine.builder().inMemoryStores().eventSourced("account", behavior).build();
		this.account = this.engine.entity("account", "acc-00000");
		this.account.askAndWait(OpenAccount.newBuilder().setAccountId("acc-00000").setInitialBalance(1000).build());
		this.credit = CreditAccount.newBuilder().setAccountId("acc-00000").setAmount(1).build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.engine.close();
	}

	@Benchmark
	public long askAndWait() {
		return this.account.askAndWait(this.credit).revision();
	}

}
