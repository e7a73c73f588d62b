package io.ego.connector.websocket;

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
 * The connector's main code uses ego-core through its API only (and the shared
 * ego-connector-support with its envelope), the Java client knows neither Spring nor the
 * engine (only the JDK, protobuf and the envelopes), only the auto-configuration knows
 * Spring Boot, and the packages have no cycles.
 */
@AnalyzeClasses(packages = "io.ego.connector.websocket", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule egoCoreInternalsAreNotUsed = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("io.ego.core.internal..");

	@ArchTest
	static final ArchRule egoIsUsedThroughCoreOnly = classes().that()
		.resideOutsideOfPackage("io.ego.connector.websocket.autoconfigure..")
		.should()
		.onlyDependOnClassesThat(resideOutsideOfPackage("io.ego..").or(resideInAnyPackage(
				"io.ego.connector.websocket..", "io.ego.connector.support..", "io.ego.connector.v1", "io.ego.core..")));

	@ArchTest
	static final ArchRule theClientKnowsNoSpringAndNoEngine = noClasses().that()
		.resideInAPackage("io.ego.connector.websocket.client..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "io.ego.core..", "io.ego.connector.websocket");

	@ArchTest
	static final ArchRule onlyTheAutoConfigurationKnowsSpringBoot = noClasses().that()
		.resideOutsideOfPackage("io.ego.connector.websocket.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.ego.spring..", "org.springframework.boot..");

	@ArchTest
	static final ArchRule packagesHaveNoCycles = slices().matching("io.ego.connector.(**)").should().beFreeOfCycles();

}
