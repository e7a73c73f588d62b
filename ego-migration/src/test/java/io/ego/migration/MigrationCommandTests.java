package io.ego.migration;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.ego.migration.cli.MigrationCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line on real databases: a dry run writes nothing, a copy from H2 to
 * PostgreSQL reports and verifies, a second run has nothing left to copy, bad arguments
 * name the option.
 */
class MigrationCommandTests {

	private TestDatabase source;

	private TestDatabase target;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@BeforeEach
	void createDatabases() throws Exception {
		this.source = TestDatabase.h2();
		this.target = TestDatabase.postgres();
		Deployment.write(this.source.stores(), 50, 10);
	}

	@AfterEach
	void dropDatabases() throws Exception {
		this.source.close();
		this.target.close();
	}

	@Test
	void aDryRunWritesNothingThenTheCopyVerifiesAndASecondRunHasNothingToCopy() {
		assertThat(run("copy", "--dry-run")).as(this::errors).isZero();
		assertThat(output()).contains("dry run, nothing written: the source holds 50 entities")
			.contains("the target has no eGo tables yet");

		assertThat(run("copy")).as(this::errors).isZero();
		assertThat(output()).contains("copied in")
			.contains("events (0 already there)")
			.contains("verified: 50 entities")
			.contains("durable states: identical");

		assertThat(run("copy")).as(this::errors).isZero();
		assertThat(output()).contains("copied in").contains(": 0 events (");

		assertThat(run("verify")).as(this::errors).isZero();
		assertThat(output()).contains("verified: 50 entities");
	}

	@Test
	void badArgumentsNameTheOption() {
		int status = MigrationCommand.run(new String[] { "copy", "--from-url", this.source.url() }, stream(this.out),
				stream(this.err));
		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--to-url");
		this.err.reset();
		status = MigrationCommand.run(new String[] { "import-go", "--from-url", this.source.url(), "--to-url",
				this.target.url(), "--type", "acc-" }, stream(this.out), stream(this.err));
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--type acc-: expected PREFIX=TYPE");
		assertThat(status).isEqualTo(2);
	}

	private int run(String... command) {
		this.out.reset();
		String[] args = new String[command.length + 8];
		System.arraycopy(command, 0, args, 0, command.length);
		int i = command.length;
		args[i++] = "--from-url";
		args[i++] = this.source.url();
		args[i++] = "--from-user";
		args[i++] = this.source.user();
		args[i++] = "--to-url";
		args[i++] = this.target.url();
		args[i++] = "--to-user";
		args[i] = this.target.user();
		return MigrationCommand.run(args, stream(this.out), stream(this.err));
	}

	private String errors() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	private String output() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private static PrintStream stream(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

}
