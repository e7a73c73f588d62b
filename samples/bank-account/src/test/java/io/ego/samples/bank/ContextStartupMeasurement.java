package io.ego.samples.bank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextManager;

/**
 * Not a test: measures how long the test contexts of an {@code @EgoTest} and of a
 * {@code @SpringBootTest} take to start, in one warmed-up JVM, alternating, and prints
 * the medians. Run it with
 * {@code ./mvnw -B -ntp -pl samples/bank-account -am verify -Dtest=ContextStartupMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dstartup.measure=true}.
 */
@EnabledIfSystemProperty(named = "startup.measure", matches = "true")
class ContextStartupMeasurement {

	@Test
	void measure() {
		List<Class<?>> tests = List.of(AccountScenarioTests.class, BankAccountApplicationTests.class,
				ReadModelSliceTests.class, BalanceReadModelTests.class);
		int rounds = Integer.getInteger("startup.rounds", 7);
		Map<Class<?>, List<Long>> micros = new LinkedHashMap<>();
		for (int round = -2; round < rounds; round++) {
			for (Class<?> test : tests) {
				TestContext context = new TestContextManager(test).getTestContext();
				long start = System.nanoTime();
				context.getApplicationContext();
				long elapsed = (System.nanoTime() - start) / 1_000;
				context.markApplicationContextDirty(null);
				if (round >= 0) {
					micros.computeIfAbsent(test, (key) -> new ArrayList<>()).add(elapsed);
				}
			}
		}
		StringBuilder report = new StringBuilder(
				"context start-up, median of " + rounds + " (after 2 warm-up rounds):\n");
		micros.forEach((test, times) -> {
			List<Long> sorted = times.stream().sorted().toList();
			report.append(String.format("  %-28s median %7.1f ms  min %7.1f ms  max %7.1f ms%n", test.getSimpleName(),
					sorted.get(sorted.size() / 2) / 1000.0, sorted.get(0) / 1000.0,
					sorted.get(sorted.size() - 1) / 1000.0));
		});
		System.out.println(report);
	}

}
