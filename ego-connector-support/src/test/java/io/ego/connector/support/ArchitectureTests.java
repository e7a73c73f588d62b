package io.ego.connector.support;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The support module uses ego-core through its API and SPI only, knows no broker client
 * and no Spring: it is what every connector shares.
 */
@AnalyzeClasses(packages = { "io.ego.connector.support", "io.ego.connector.v1" },
		importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule egoCoreInternalsAreNotUsed = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("io.ego.core.internal..");

	@ArchTest
	static final ArchRule egoIsUsedThroughCoreOnly = classes().should()
		.onlyDependOnClassesThat(resideOutsideOfPackage("io.ego..")
			.or(resideInAnyPackage("io.ego.connector.support..", "io.ego.connector.v1", "io.ego.core..")));

	@ArchTest
	static final ArchRule noBrokerClientAndNoSpring = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..", "org.apache.pulsar..", "io.nats..", "org.springframework..");

}
