package io.ego.migration.cli;

import java.util.Locale;

import io.ego.migration.CopyReport;
import io.ego.migration.ImportReport;
import io.ego.migration.VerificationReport;

/**
 * The command line's final reports, one block of plain lines each.
 *
 * @author eGo team
 */
final class Reports {

	private Reports() {
	}

	static String copy(CopyReport report) {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
				"copied in %.1f s: %,d events (%,d already there), %,d shortened histories, %,d snapshots, "
						+ "%,d durable states, %,d data keys, %,d erasure markers, %,d saga timers, "
						+ "%,d saga index entries, %,d offsets translated, %,d dead letters",
				report.took().toMillis() / 1000.0, report.eventsCopied(), report.eventsSkipped(),
				report.entitiesRaised(), report.snapshotsCopied(), report.statesCopied(), report.dataKeysCopied(),
				report.erasuresCopied(), report.timersCopied(), report.sagaIndexCopied(), report.offsetsTranslated(),
				report.deadLettersCopied()));
		for (String reset : report.offsetsReset()) {
			text.append("\n  offset reset (the consumer reads from the start): ").append(reset);
		}
		return text.toString();
	}

	static String goImport(ImportReport report) {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
				"imported in %.1f s: %,d entities, %,d events (%,d already there, %,d deleted rows skipped), "
						+ "%,d snapshots, %,d v3 inline states as snapshots, %,d durable states",
				report.took().toMillis() / 1000.0, report.entities(), report.eventsImported(), report.eventsSkipped(),
				report.deletedRowsSkipped(), report.snapshotsImported(), report.inlineStatesAsSnapshots(),
				report.statesImported()));
		for (String left : report.left()) {
			text.append("\n  left out: ").append(left);
		}
		return text.toString();
	}

	static String verification(VerificationReport report) {
		if (report.matches()) {
			return String.format(Locale.ROOT, "verified: %,d entities, %,d events, %,d durable states: identical",
					report.entities(), report.events(), report.states());
		}
		StringBuilder text = new StringBuilder(
				String.format(Locale.ROOT, "verification FAILED: %,d of %,d entities or states differ",
						report.differences().size(), report.entities() + report.states()));
		report.differences().stream().limit(50).forEach((line) -> text.append("\n  ").append(line));
		if (report.differences().size() > 50) {
			text.append("\n  …");
		}
		return text.toString();
	}

}
