package io.ego.migration.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's progress: on a terminal one line redrawn in place with a bar, the
 * rate and the time left, a new line per phase; in a log a line per phase (and every two
 * seconds).
 */
class ConsoleProgressTests {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final PrintStream out = new PrintStream(this.bytes, true, StandardCharsets.UTF_8);

	@Test
	void onATerminalOneLineIsRedrawnWithABarTheRateAndTheTimeLeft() {
		ConsoleProgress progress = new ConsoleProgress(this.out, true);
		progress.progress("events", 1_000, 4_000);
		progress.progress("events", 2_000, 4_000);
		progress.progress("snapshots", 72, -1);
		progress.finish();

		String text = this.bytes.toString(StandardCharsets.UTF_8);
		assertThat(text)
			.startsWith("\revents       [########----------------------]  25.0%  position 1,000 of 4,000  (")
			.contains("\revents       [###############---------------]  50.0%  position 2,000 of 4,000  (")
			.containsPattern("\\(\\d[\\d,]*/s, \\d+ s left\\)")
			.contains("\n\rsnapshots    72  (")
			.endsWith("/s)\n");
	}

	@Test
	void inALogEachPhaseHasItsOwnLine() {
		ConsoleProgress progress = new ConsoleProgress(this.out, false);
		progress.progress("events", 10, 100);
		progress.progress("events", 20, 100); // within two seconds: not printed
		progress.progress("offsets", 6, -1);

		assertThat(this.bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
			.satisfiesExactly((line) -> assertThat(line).startsWith("events       [###"),
					(line) -> assertThat(line).startsWith("offsets      6  ("));
	}

}
