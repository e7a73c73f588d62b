package io.ego.migration.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import io.ego.migration.CopyProgress;

/**
 * Prints a copy's progress: on a terminal one line redrawn in place with a bar, the rate
 * and the time left; otherwise (a log, a pipe) a line every two seconds and at each phase
 * change.
 *
 * @author eGo team
 */
final class ConsoleProgress implements CopyProgress {

	private static final long PRINT_EVERY_NANOS = Duration.ofSeconds(2).toNanos();

	private final PrintStream out;

	private final boolean terminal;

	private final long started = System.nanoTime();

	private String phase = "";

	private long phaseStarted = this.started;

	private long lastPrinted;

	ConsoleProgress(PrintStream out, boolean terminal) {
		this.out = out;
		this.terminal = terminal;
	}

	@Override
	public void progress(String phase, long done, long total) {
		long now = System.nanoTime();
		boolean newPhase = !phase.equals(this.phase);
		if (newPhase) {
			if (this.terminal && !this.phase.isEmpty()) {
				this.out.println();
			}
			this.phase = phase;
			this.phaseStarted = now;
		}
		if (!this.terminal && !newPhase && now - this.lastPrinted < PRINT_EVERY_NANOS) {
			return;
		}
		this.lastPrinted = now;
		String line = line(phase, done, total, now);
		if (this.terminal) {
			this.out.print("\r" + line);
		}
		else {
			this.out.println(line);
		}
		this.out.flush();
	}

	void finish() {
		if (this.terminal && !this.phase.isEmpty()) {
			this.out.println();
		}
	}

	private String line(String phase, long done, long total, long now) {
		double seconds = Math.max(1e-3, (now - this.phaseStarted) / 1e9);
		double rate = done / seconds;
		if (total <= 0) {
			return String.format(Locale.ROOT, "%-12s %,d  (%,.0f/s)", phase, done, rate);
		}
		double fraction = Math.min(1, (double) done / total);
		int width = 30;
		int filled = (int) Math.round(fraction * width);
		String bar = "#".repeat(filled) + "-".repeat(width - filled);
		long left = (rate > 0) ? Math.round((total - done) / rate) : -1;
		return String.format(Locale.ROOT, "%-12s [%s] %5.1f%%  position %,d of %,d  (%,.0f/s, %s left)", phase, bar,
				fraction * 100, done, total, rate, (left >= 0) ? left + " s" : "?");
	}

}
