package io.ego.cluster.hazelcast.autoconfigure;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module's main code uses ego-core through its API and SPI only, and only the
 * auto-configuration knows Spring: the router and its settings work without it, and
 * depend on nothing of the auto-configuration.
 */
@AnalyzeClasses(packages = "io.ego.cluster.hazelcast", importOptions = ImportOption.DoNotIncludeTests.class)
class AutoConfigurationArchitectureTests {

	@ArchTest
	static final ArchRule egoCoreInternalsAreNotUsed = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("io.ego.core.internal..");

	@ArchTest
	static final ArchRule onlyTheAutoConfigurationKnowsSpring = noClasses().that()
		.resideOutsideOfPackage("io.ego.cluster.hazelcast.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "io.ego.spring..", "io.ego.cluster.hazelcast.autoconfigure..");

}
