package io.ego.samples.bank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.samples.bank.balance.BalanceProjection;
import io.ego.samples.bank.statement.StatementProjection;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's telemetry as its operators see it: one REST command traced with
 * OpenTelemetry (spans caught by an in-memory exporter) from the HTTP request through the
 * command and its journal write into the projections, and the Prometheus scrape serving
 * every metric the Grafana dashboard queries.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:file:./target/test-data/bank-${random.uuid};DB_CLOSE_ON_EXIT=FALSE",
		"management.tracing.sampling.probability=1.0", "management.opentelemetry.tracing.export.schedule-delay=50ms" })
@AutoConfigureTracing
@AutoConfigureMetrics
class AccountObservabilityTests {

	private static final AttributeKey<String> ENTITY_TYPE = AttributeKey.stringKey("ego.entity.type");

	private static final AttributeKey<String> COMMAND_TYPE = AttributeKey.stringKey("ego.command.type");

	private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("ego.outcome");

	private static final AttributeKey<String> ENTITY_ID = AttributeKey.stringKey("ego.entity.id");

	private static final AttributeKey<String> PROJECTION = AttributeKey.stringKey("ego.projection");

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter spans;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void oneRestCommandIsOneTraceThroughTheJournalIntoTheProjection() {
		assertThat(post("/accounts", Map.of("id", "traced-1", "initialBalance", 100))).isEqualTo(HttpStatus.OK);

		Predicate<SpanData> command = (span) -> "traced-1".equals(span.getAttributes().get(ENTITY_ID))
				&& "ego.samples.bank.OpenAccount".equals(span.getAttributes().get(COMMAND_TYPE));
		SpanData commandSpan = awaitSpan(command);
		assertThat(commandSpan.getName()).isEqualTo("command account");
		assertThat(commandSpan.getKind()).isEqualTo(SpanKind.PRODUCER);
		assertThat(commandSpan.getAttributes().get(ENTITY_TYPE)).isEqualTo("account");
		assertThat(commandSpan.getAttributes().get(OUTCOME)).isEqualTo("accepted");
		String traceId = commandSpan.getTraceId();

		// the command is a child of the HTTP request's span
		SpanData httpSpan = awaitSpan((span) -> span.getSpanId().equals(commandSpan.getParentSpanId()));
		assertThat(httpSpan.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(httpSpan.getTraceId()).isEqualTo(traceId);

		// its journal write, in the same trace
		SpanData persistSpan = awaitSpan(
				(span) -> span.getName().equals("persist account") && span.getTraceId().equals(traceId));
		assertThat(persistSpan.getParentSpanId()).isEqualTo(commandSpan.getSpanId());
		assertThat(persistSpan.getAttributes().get(ENTITY_TYPE)).isEqualTo("account");
		assertThat(persistSpan.getAttributes().get(OUTCOME)).isEqualTo("success");

		// the sample's projection handling the event continues the trace, from the
		// event's metadata
		SpanData projectionSpan = awaitSpan((span) -> span.getTraceId().equals(traceId)
				&& StatementProjection.NAME.equals(span.getAttributes().get(PROJECTION)));
		assertThat(projectionSpan.getKind()).isEqualTo(SpanKind.CONSUMER);
		assertThat(projectionSpan.getName()).isEqualTo("project account");
		assertThat(projectionSpan.getAttributes().get(ENTITY_TYPE)).isEqualTo("account");
		assertThat(projectionSpan.getAttributes().get(OUTCOME)).isEqualTo("handled");
		assertThat(projectionSpan.getParentSpanId()).isEqualTo(commandSpan.getSpanId());
		// and so does the transactional balance projection's
		SpanData balanceSpan = awaitSpan((span) -> span.getTraceId().equals(traceId)
				&& BalanceProjection.NAME.equals(span.getAttributes().get(PROJECTION)));
		assertThat(balanceSpan.getName()).isEqualTo("project account");
		assertThat(balanceSpan.getAttributes().get(OUTCOME)).isEqualTo("handled");
		assertThat(balanceSpan.getParentSpanId()).isEqualTo(commandSpan.getSpanId());
	}

	@Test
	void prometheusServesEveryMetricOfTheGrafanaDashboard() throws IOException {
		assertThat(post("/accounts", Map.of("id", "scraped-1", "initialBalance", 100))).isEqualTo(HttpStatus.OK);
		assertThat(post("/accounts/scraped-1/credit", Map.of("amount", 10))).isEqualTo(HttpStatus.OK);
		assertThat(post("/accounts/scraped-1/debit", Map.of("amount", 1000))).isEqualTo(HttpStatus.CONFLICT);
		// the picky projection gives up on this account's event: a dead letter
		assertThat(post("/accounts", Map.of("id", PickyProjection.POISON + "1", "initialBalance", 1)))
			.isEqualTo(HttpStatus.OK);
		String scrape = await().atMost(Duration.ofSeconds(10))
			.until(this::scrape, (text) -> text.contains("ego_dead_letter_seconds_count{"));

		Set<String> metrics = matches(Pattern.compile("^(ego_\\w+)[{ ]", Pattern.MULTILINE), scrape);
		Set<String> labels = matches(Pattern.compile("[{,](ego_\\w+)="), scrape);
		String dashboard = Files.readString(Path.of("grafana/ego-dashboard.json"));
		Set<String> queried = matches(Pattern.compile("(ego_\\w+)\\{"), dashboard);
		Set<String> grouped = matches(Pattern.compile("\\b(ego_\\w+)\\b(?!\\{)"), dashboard);
		grouped.removeAll(queried);
		assertThat(queried).hasSizeGreaterThanOrEqualTo(12);
		assertThat(missing(queried, metrics)).as("metrics the dashboard queries but the scrape lacks").isEmpty();
		assertThat(missing(grouped, labels)).as("labels the dashboard uses but the scrape lacks").isEmpty();

		assertThat(scrape).contains("ego_command_seconds_count{application=\"bank-account\","
				+ "ego_command_type=\"ego.samples.bank.DebitAccount\",ego_entity_type=\"account\","
				+ "ego_outcome=\"rejected\",error=\"none\"} 1");
		assertThat(scrape).contains("ego_dead_letter_seconds_count{application=\"bank-account\","
				+ "ego_consumer=\"picky\",ego_entity_type=\"account\",error=\"none\"} 1");
		String gauge = " \\d";
		assertThat(scrape).containsPattern(
				"ego_entities_active\\{application=\"bank-account\"," + "ego_entity_type=\"account\"\\}" + gauge);
		assertThat(scrape).containsPattern("ego_projection_lag_events\\{application=\"bank-account\","
				+ "ego_projection=\"account-statement\",ego_projection_version=\"1\",ego_worker=\"0-1023\"\\}" + gauge);
		assertThat(scrape).containsPattern("ego_projection_lag_seconds\\{application=\"bank-account\","
				+ "ego_projection=\"account-statement\",ego_projection_version=\"1\",ego_worker=\"0-1023\"\\}" + gauge);
		// low cardinality: no entity id in any label
		assertThat(scrape).doesNotContain("scraped-1").doesNotContain(PickyProjection.POISON);
	}

	@Test
	void theReadmeMetricTableNamesEveryMeterAndTagTheScrapeServes() throws IOException {
		assertThat(post("/accounts", Map.of("id", "tabled-a", "initialBalance", 100))).isEqualTo(HttpStatus.OK);
		assertThat(post("/accounts", Map.of("id", "tabled-b", "initialBalance", 1))).isEqualTo(HttpStatus.OK);
		// a transfer, so that the saga's step timers are served too
		assertThat(post("/transfers", Map.of("id", "tabled-t", "from", "tabled-a", "to", "tabled-b", "amount", 10)))
			.isEqualTo(HttpStatus.ACCEPTED);
		String scrape = await().atMost(Duration.ofSeconds(10))
			.until(this::scrape, (text) -> text.contains("ego_saga_step_seconds_count{"));
		Set<String> served = matches(Pattern.compile("^(ego_\\w+)[{ ]", Pattern.MULTILINE), scrape);
		Set<String> labels = matches(Pattern.compile("[{,](ego_\\w+)="), scrape);

		String readme = Files.readString(Path.of("../../README.md"));
		int start = readme.indexOf("### Metrics");
		assertThat(start).as("the README's Metrics section").isNotNegative();
		int end = readme.indexOf("\n## ", start);
		String table = readme.substring(start, (end > 0) ? end : readme.length());
		Set<String> documented = matches(Pattern.compile("`(ego_\\w+)`"), table);
		Set<String> undocumented = new TreeSet<>();
		for (String name : served) {
			if (documented.stream().noneMatch((doc) -> sameFamily(name, doc))) {
				undocumented.add(name);
			}
		}
		assertThat(undocumented).as("meters the scrape serves but the README's metric table lacks").isEmpty();
		assertThat(missing(labels, documented)).as("tags the scrape serves but the README's metric table lacks")
			.isEmpty();
	}

	/**
	 * Whether a served Prometheus series belongs to a documented meter: the same name, or
	 * the name with the suffix Micrometer adds to a timer, long-task timer or summary.
	 */
	private static boolean sameFamily(String served, String documented) {
		if (served.equals(documented)) {
			return true;
		}
		if (!served.startsWith(documented)) {
			return false;
		}
		String suffix = served.substring(documented.length());
		return List.of("_count", "_sum", "_max", "_bucket", "_active_count", "_duration_sum").contains(suffix);
	}

	private HttpStatusCode post(String path, Object body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode();
	}

	private String scrape() {
		return this.client.get().uri("/actuator/prometheus").retrieve().body(String.class);
	}

	private static Set<String> missing(Set<String> wanted, Set<String> present) {
		Set<String> missing = new TreeSet<>(wanted);
		missing.removeAll(present);
		return missing;
	}

	private static Set<String> matches(Pattern pattern, String text) {
		Set<String> found = new TreeSet<>();
		pattern.matcher(text).results().forEach((match) -> found.add(match.group(1)));
		return found;
	}

	private Optional<SpanData> find(Predicate<SpanData> predicate) {
		return this.spans.getFinishedSpanItems().stream().filter(predicate).findFirst();
	}

	/**
	 * Waits for a span to be exported (in batches); on time-out, fails with the spans
	 * exported so far.
	 */
	private SpanData awaitSpan(Predicate<SpanData> predicate) {
		try {
			return await().atMost(Duration.ofSeconds(10))
				.until(() -> find(predicate), Optional::isPresent)
				.orElseThrow();
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("no such span among " + this.spans.getFinishedSpanItems()
				.stream()
				.map((span) -> span.getName() + " " + span.getKind() + " trace " + span.getTraceId() + " span "
						+ span.getSpanId() + " parent " + span.getParentSpanId() + " " + span.getAttributes())
				.toList(), ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PickyProjection {

		/** Accounts whose events the picky projection gives up on. */
		static final String POISON = "poison-";

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

		/**
		 * A projection that skips the events it cannot handle: they become dead letters.
		 */
		@Bean
		EgoEngineBuilderCustomizer pickyProjection() {
			return (builder) -> builder.projection("picky", (envelope) -> {
				if (envelope.entityId().startsWith(POISON)) {
					throw new IllegalStateException("cannot project " + envelope.entityId());
				}
			}, ProjectionSettings.defaults()
				.withPullInterval(Duration.ofMillis(20))
				.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO));
		}

	}

}
