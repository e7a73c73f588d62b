package io.ego.migration.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

import io.ego.migration.CopyReport;
import io.ego.migration.EntityTypeRule;
import io.ego.migration.GoEgoImport;
import io.ego.migration.ImportReport;
import io.ego.migration.MigrationStores;
import io.ego.migration.StoreCopy;
import io.ego.migration.StoreVerification;
import io.ego.migration.VerificationReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The migration command line: {@code copy} a deployment between JDBC databases,
 * {@code import-go} the history of an eGo for Go service, {@code verify} a copy. Exit
 * status: 0 done (and verified when asked), 1 the verification found differences, 2 bad
 * arguments, 3 a failure (run again to resume).
 *
 * @author eGo team
 * @since 0.2.0
 */
@Command(name = "ego-migration", mixinStandardHelpOptions = true, version = "ego-migration 0.2.0",
		description = "Copies an eGo deployment between databases, imports one from eGo for Go, verifies a copy.",
		subcommands = { MigrationCommand.Copy.class, MigrationCommand.ImportGo.class, MigrationCommand.Verify.class })
public final class MigrationCommand {

	private PrintStream out = System.out;

	private boolean terminal = System.console() != null;

	/**
	 * Runs the command line and exits with its status.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "io/ego/migration/cli/logback.xml");
		}
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Runs the command line.
	 * @param args the arguments
	 * @param out where reports and progress go
	 * @param err where errors go
	 * @return the exit status
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		MigrationCommand command = new MigrationCommand();
		command.out = out;
		command.terminal = (out == System.out) && System.console() != null;
		CommandLine line = new CommandLine(command);
		line.setOut(new PrintWriter(out, true));
		line.setErr(new PrintWriter(err, true));
		line.setExecutionExceptionHandler((ex, cmd, parsed) -> {
			if (ex instanceof CommandLine.ParameterException) {
				err.println(ex.getMessage());
				return 2;
			}
			err.println("ego-migration " + cmd.getCommandName() + " failed: " + ex.getMessage());
			err.println("nothing is lost: run the same command again to resume");
			return 3;
		});
		return line.execute(args);
	}

	@Command(name = "copy", mixinStandardHelpOptions = true,
			description = "Copies every record of a deployment to another database (resumable), then verifies it.")
	static final class Copy implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationCommand parent;

		@ArgGroup(exclusive = false, multiplicity = "1", heading = "Source (--from-…):%n")
		FromEndpoint from = new FromEndpoint();

		@ArgGroup(exclusive = false, multiplicity = "1", heading = "Target (--to-…):%n")
		ToEndpoint to = new ToEndpoint();

		@Option(names = "--page-size", defaultValue = "1000", description = "records per query (${DEFAULT-VALUE})")
		int pageSize = 1000;

		@Option(names = "--parallelism", defaultValue = "8",
				description = "entities whose events are appended at once (${DEFAULT-VALUE})")
		int parallelism = 8;

		@Option(names = "--state-feed-consumers", split = ",",
				description = "consumers of the durable-state feed (state publishers): their offsets are reset")
		List<String> stateFeedConsumers = new ArrayList<>();

		@Option(names = "--reset-offsets", description = "reset every consumer offset instead of translating them")
		boolean resetOffsets;

		@Option(names = "--dry-run", description = "count what the copy would do, write nothing")
		boolean dryRun;

		@Option(names = "--skip-verify", description = "do not verify the copy entity by entity when it ends")
		boolean skipVerify;

		@Override
		public Integer call() {
			MigrationCommand command = parent(this.parent);
			try (Database source = this.from.open(); Database target = this.to.open()) {
				MigrationStores from = source.stores(this.from.tablePrefix, false);
				if (this.dryRun) {
					command.out.println(DryRun.describe(from, DryRun.existing(target, this.to.tablePrefix)));
					return 0;
				}
				MigrationStores to = target.stores(this.to.tablePrefix, true);
				ConsoleProgress progress = new ConsoleProgress(command.out, command.terminal);
				CopyReport report = StoreCopy.between(from, to)
					.pageSize(this.pageSize)
					.parallelism(this.parallelism)
					.stateFeedConsumers(Set.copyOf(this.stateFeedConsumers))
					.resetOffsets(this.resetOffsets)
					.progress(progress)
					.run();
				progress.finish();
				command.out.println(Reports.copy(report));
				return this.skipVerify ? 0 : verify(command, from, to);
			}
		}

	}

	@Command(name = "import-go", mixinStandardHelpOptions = true,
			description = "Imports the history of an eGo for Go service from its PostgreSQL stores.")
	static final class ImportGo implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationCommand parent;

		@ArgGroup(exclusive = false, multiplicity = "1", heading = "The eGo for Go database (--from-…):%n")
		FromEndpoint from = new FromEndpoint();

		@ArgGroup(exclusive = false, multiplicity = "1", heading = "Target (--to-…):%n")
		ToEndpoint to = new ToEndpoint();

		@Option(names = "--type", required = true, split = ",", paramLabel = "PREFIX=TYPE",
				description = "the entity type of the Go ids that start with PREFIX (an empty prefix matches all)")
		List<String> types = new ArrayList<>();

		@Option(names = "--dry-run", description = "import into memory and report, write nothing to the target")
		boolean dryRun;

		@Spec
		@Nullable CommandSpec spec;

		@Override
		public Integer call() {
			MigrationCommand command = parent(this.parent);
			EntityTypeRule rule = rule(this.types, Objects.requireNonNull(this.spec).commandLine());
			try (Database go = this.from.open(); Database target = this.to.open()) {
				MigrationStores into = this.dryRun ? MigrationStores.inMemory()
						: target.stores(this.to.tablePrefix, true);
				ConsoleProgress progress = new ConsoleProgress(command.out, command.terminal);
				ImportReport report = GoEgoImport.of(go.dataSource(), rule, into).progress(progress).run();
				progress.finish();
				command.out.println((this.dryRun ? "dry run, nothing written: " : "") + Reports.goImport(report));
				return 0;
			}
		}

		private static EntityTypeRule rule(List<String> types, CommandLine line) {
			EntityTypeRule rule = null;
			for (String type : types) {
				int equals = type.indexOf('=');
				if (equals < 0) {
					throw new CommandLine.ParameterException(line,
							"--type " + type + ": expected PREFIX=TYPE, e.g. acc-=account");
				}
				EntityTypeRule next = EntityTypeRule.prefix(type.substring(0, equals), type.substring(equals + 1));
				rule = (rule == null) ? next : rule.or(next);
			}
			if (rule == null) {
				throw new CommandLine.ParameterException(line, "--type is required");
			}
			return rule;
		}

	}

	@Command(name = "verify", mixinStandardHelpOptions = true,
			description = "Compares a copy with its source, entity by entity.")
	static final class Verify implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationCommand parent;

		@ArgGroup(exclusive = false, multiplicity = "1", heading = "Source (--from-…):%n")
		FromEndpoint from = new FromEndpoint();

		@ArgGroup(exclusive = false, multiplicity = "1", heading = "Target (--to-…):%n")
		ToEndpoint to = new ToEndpoint();

		@Override
		public Integer call() {
			MigrationCommand command = parent(this.parent);
			try (Database source = this.from.open(); Database target = this.to.open()) {
				return verify(command, source.stores(this.from.tablePrefix, false),
						target.stores(this.to.tablePrefix, false));
			}
		}

	}

	/** The source's options. */
	static final class FromEndpoint {

		@Option(names = "--from-url", required = true, description = "the source's JDBC URL")
		String url = "";

		@Option(names = "--from-user", description = "its user")
		@Nullable String user;

		@Option(names = "--from-password", description = "its password")
		@Nullable String password;

		@Option(names = "--from-table-prefix", defaultValue = "ego_",
				description = "its eGo tables' prefix (${DEFAULT-VALUE})")
		String tablePrefix = "ego_";

		Database open() {
			return new Database(this.url, this.user, this.password);
		}

	}

	/** The target's options. */
	static final class ToEndpoint {

		@Option(names = "--to-url", required = true, description = "the target's JDBC URL")
		String url = "";

		@Option(names = "--to-user", description = "its user")
		@Nullable String user;

		@Option(names = "--to-password", description = "its password")
		@Nullable String password;

		@Option(names = "--to-table-prefix", defaultValue = "ego_",
				description = "its eGo tables' prefix (${DEFAULT-VALUE})")
		String tablePrefix = "ego_";

		Database open() {
			return new Database(this.url, this.user, this.password);
		}

	}

	private static int verify(MigrationCommand command, MigrationStores from, MigrationStores to) {
		VerificationReport report = StoreVerification.compare(from, to);
		command.out.println(Reports.verification(report));
		return report.matches() ? 0 : 1;
	}

	private static MigrationCommand parent(@Nullable MigrationCommand parent) {
		if (parent == null) {
			throw new IllegalStateException("a subcommand runs under ego-migration");
		}
		return parent;
	}

}
