package io.ego.store.jdbc;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * What the JDBC stores may depend on: of eGo, only ego-core's store SPI
 * ({@code io.ego.core.store}, and classes of {@code io.ego.core} itself such as
 * exceptions and settings), never the engine's internals; of Spring, only spring-jdbc and
 * spring-tx (the stores run their statements through {@code JdbcClient} so that they join
 * a Spring transaction), never the container, Boot or anything else; and no cycles
 * between packages.
 *
 * @author eGo team
 * @since 0.2.0
 */
@AnalyzeClasses(packages = { "io.ego.store.jdbc", "io.ego.core.store" }, importOptions = DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule ofEgoOnlyTheStoreSpi = noClasses().that()
		.resideInAPackage("io.ego.store.jdbc..")
		.should()
		.dependOnClassesThat(resideInAPackage("io.ego..")
			.and(resideInAnyPackage("io.ego.store.jdbc..", "io.ego.core.store..", "io.ego.core").negate()))
		.because("the stores implement ego-core's store SPI and nothing else of eGo");

	@ArchTest
	static final ArchRule neverTheEnginesInternals = noClasses().that()
		.resideInAPackage("io.ego.store.jdbc..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.ego.core.internal..");

	@ArchTest
	static final ArchRule ofSpringOnlyJdbcAndTransactions = noClasses().that()
		.resideInAPackage("io.ego.store.jdbc..")
		.should()
		.dependOnClassesThat(
				resideInAPackage("org.springframework..").and(resideInAnyPackage("org.springframework.jdbc..",
						"org.springframework.dao..", "org.springframework.transaction..")
					.negate()))
		.because("the stores are plain JDBC with Spring's JDBC helpers; Spring Boot wires them elsewhere");

	/**
	 * Over the stores and the SPI they implement: one package each today, so this guards
	 * what comes.
	 */
	@ArchTest
	static final ArchRule noPackageCycles = slices().matching("io.ego.(**)").should().beFreeOfCycles();

}
