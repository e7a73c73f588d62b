package io.ego.connector.pulsar;

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
 * ego-connector-support with its envelope), its publishers know no Spring (only the
 * auto-configuration does), and its packages have no cycles.
 */
@AnalyzeClasses(packages = "io.ego.connector.pulsar", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule egoCoreInternalsAreNotUsed = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("io.ego.core.internal..");

	@ArchTest
	static final ArchRule egoIsUsedThroughCoreOnly = classes().that()
		.resideOutsideOfPackage("io.ego.connector.pulsar.autoconfigure..")
		.should()
		.onlyDependOnClassesThat(resideOutsideOfPackage("io.ego..").or(resideInAnyPackage("io.ego.connector.pulsar..",
				"io.ego.connector.support..", "io.ego.connector.v1", "io.ego.core..")));

	@ArchTest
	static final ArchRule publishersKnowNoSpring = noClasses().that()
		.resideOutsideOfPackage("io.ego.connector.pulsar.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework..");

	@ArchTest
	static final ArchRule packagesHaveNoCycles = slices().matching("io.ego.connector.(**)").should().beFreeOfCycles();

}
