package io.ego.testkit;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.ego.core.internal.saga.SagaTestSupport;
import org.jspecify.annotations.NullMarked;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * What the testkit may depend on: ego-core's API and SPI, and of the engine's internals
 * only {@link SagaTestSupport}, the seam through which a saga scenario runs the engine's
 * own saga instance; and every package is {@code @NullMarked}.
 *
 * @author eGo team
 * @since 0.2.0
 */
@AnalyzeClasses(packages = "io.ego.testkit", importOptions = DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule ofTheInternalsOnlyTheSagaSeam = noClasses().that()
		.resideInAPackage("io.ego.testkit..")
		.should()
		.dependOnClassesThat(resideInAPackage("io.ego.core.internal..").and(not(equivalentTo(SagaTestSupport.class))))
		.because("scenarios decide with the engine's own code through the API (BehaviorContract) or the one seam "
				+ "made for them");

	@ArchTest
	static final ArchRule everyPackageIsNullMarked = classes().that()
		.haveSimpleName("package-info")
		.should()
		.beAnnotatedWith(NullMarked.class);

}
