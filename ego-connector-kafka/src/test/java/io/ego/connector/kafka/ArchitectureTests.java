package io.ego.connector.kafka;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The connector's main code uses ego-core through its API and SPI only (and the shared
 * ego-connector-support), the Spring Boot integration stays in the auto-configuration
 * package, and its packages have no cycles.
 */
@AnalyzeClasses(packages = "io.ego.connector.kafka", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule egoCoreInternalsAreNotUsed = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("io.ego.core.internal..");

	@ArchTest
	static final ArchRule egoIsUsedThroughCoreAndTheBootAutoConfigurationOnly = classes().should()
		.onlyDependOnClassesThat(resideOutsideOfPackage("io.ego..")
			.or(resideInAnyPackage("io.ego.connector.kafka..", "io.ego.connector.support..", "io.ego.connector.v1",
					"io.ego.core..", "io.ego.spring.boot.autoconfigure")));

	@ArchTest
	static final ArchRule onlyTheAutoConfigurationKnowsSpringBoot = noClasses().that()
		.resideOutsideOfPackage("io.ego.connector.kafka.autoconfigure")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.ego.spring..", "org.springframework.boot..");

	@ArchTest
	static final ArchRule packagesHaveNoCycles = slices().matching("io.ego.connector.(**)").should().beFreeOfCycles();

}
