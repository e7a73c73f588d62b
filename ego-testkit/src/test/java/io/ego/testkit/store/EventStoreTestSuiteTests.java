package io.ego.testkit.store;

import java.util.Set;
import java.util.TreeSet;

import io.ego.core.store.EventStore;
import io.ego.testkit.store.FaultyEventStore.Fault;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs the event store TCK against stores with one deliberate bug each, to show that it
 * catches them.
 */
class EventStoreTestSuiteTests {

	@Test
	void aCorrectStorePassesTheWholeSuite() {
		assertThat(failedTests(CorrectStore.class)).isEmpty();
	}

	@Test
	void readersThatSkipLateCommitsFailTheTailingTest() {
		assertThat(failedTests(SkipsLateCommits.class))
			.contains("tailingReadersSeeEveryEventExactlyOnceInPositionOrder()");
	}

	@Test
	void aRacyConflictCheckFailsTheConcurrencyTests() {
		assertThat(failedTests(RacyConflictCheck.class)).contains(
				"onlyOneOfConcurrentAppendsWithTheSameExpectedSequenceNrWins()",
				"concurrentAppendsLoseNothingAndDuplicateNothing()");
	}

	@Test
	void aPartiallyWrittenBatchFailsTheAtomicityTest() {
		assertThat(failedTests(PartialBatch.class)).contains("appendRejectsEventsThatDoNotContinueTheHistory()");
	}

	@Test
	void anAppendBeyondTheHistoryThatDoesNotConflictFailsTheConflictTest() {
		assertThat(failedTests(NoConflictBeyondHistory.class))
			.containsExactly("appendWithAnExpectedSequenceNrBeyondTheHistoryConflicts()");
	}

	@Test
	void aHighestSequenceNrLostWhenAllEventsAreDeletedFailsTheDeletionTest() {
		assertThat(failedTests(HighestFromRemainingEvents.class)).containsExactly(
				"appendsContinueAfterTheWholeHistoryWasDeleted()",
				"highestSequenceNrsAnswersEveryEntityLikeHighestSequenceNr()",
				"raiseHighestSequenceNrLetsACopiedHistoryContinueAfterItsDeletedEvents()");
	}

	private static Set<String> failedTests(Class<? extends EventStoreTestSuite> suite) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(selectClass(suite))
			.build();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		LauncherFactory.create().execute(request, listener);
		TestExecutionSummary summary = listener.getSummary();
		assertThat(summary.getTestsStartedCount()).as("tests run of %s", suite.getSimpleName()).isGreaterThan(20);
		Set<String> failed = new TreeSet<>();
		summary.getFailures().forEach((failure) -> failed.add(failure.getTestIdentifier().getDisplayName()));
		return failed;
	}

	static class CorrectStore extends EventStoreTestSuite {

		@Override
		protected EventStore createStore() {
			return new FaultyEventStore(Fault.NONE);
		}

	}

	static class SkipsLateCommits extends EventStoreTestSuite {

		@Override
		protected EventStore createStore() {
			return new FaultyEventStore(Fault.READERS_SKIP_LATE_COMMITS);
		}

	}

	static class RacyConflictCheck extends EventStoreTestSuite {

		@Override
		protected EventStore createStore() {
			return new FaultyEventStore(Fault.RACY_CONFLICT_CHECK);
		}

	}

	static class PartialBatch extends EventStoreTestSuite {

		@Override
		protected EventStore createStore() {
			return new FaultyEventStore(Fault.PARTIAL_BATCH);
		}

	}

	static class NoConflictBeyondHistory extends EventStoreTestSuite {

		@Override
		protected EventStore createStore() {
			return new FaultyEventStore(Fault.NO_CONFLICT_BEYOND_HISTORY);
		}

	}

	static class HighestFromRemainingEvents extends EventStoreTestSuite {

		@Override
		protected EventStore createStore() {
			return new FaultyEventStore(Fault.HIGHEST_FROM_REMAINING_EVENTS);
		}

	}

}
