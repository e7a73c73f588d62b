package io.ego.core;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of ego-core, as the build keeps it (see {@code ARCHITECTURE.md}): the user
 * API and the store SPI never reach into {@code internal} (but for the two entry points,
 * {@link EgoEngine} and {@link EgoEngineBuilder}), nothing public shows an internal type,
 * the store SPI stands alone, the internal packages form no cycle, entities and consumers
 * do not know each other, and there is no Spring.
 *
 * @author eGo team
 * @since 0.2.0
 */
@AnalyzeClasses(packages = "io.ego.core", importOptions = DoNotIncludeTests.class)
class ArchitectureTests {

	private static final DescribedPredicate<JavaClass> INTERNAL = resideInAPackage("io.ego.core.internal..");

	@ArchTest
	static final ArchRule theApiDoesNotReachIntoInternals = noClasses().that()
		.resideOutsideOfPackage("io.ego.core.internal..")
		.and()
		.doNotBelongToAnyOf(EgoEngine.class, EgoEngineBuilder.class)
		.should()
		.dependOnClassesThat(INTERNAL)
		.because("users see the API and the SPI only; EgoEngine and EgoEngineBuilder are the two doors in");

	@ArchTest
	static final ArchRule noPublicSignatureShowsAnInternalType = members().that()
		.areDeclaredInClassesThat(resideInAPackage("io.ego.core.internal..").negate())
		.and()
		.arePublic()
		.should(notExposeInternalTypes());

	@ArchTest
	static final ArchRule theStoreSpiStandsAlone = noClasses().that()
		.resideInAPackage("io.ego.core.store..")
		.should()
		.dependOnClassesThat(resideInAPackage("io.ego..").and(resideInAPackage("io.ego.core.store..").negate()))
		.because("store implementations depend on the SPI alone");

	@ArchTest
	static final ArchRule noCyclesBetweenPackages = slices().matching("io.ego.core.(**)").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule entitiesAndConsumersDoNotKnowEachOther = noClasses().that()
		.resideInAPackage("io.ego.core.internal.entity..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.ego.core.internal.consumer..")
		.orShould()
		.dependOnClassesThat()
		.resideInAPackage("io.ego.core.internal.engine..");

	@ArchTest
	static final ArchRule consumersDoNotKnowEntities = noClasses().that()
		.resideInAPackage("io.ego.core.internal.consumer..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.ego.core.internal.entity..", "io.ego.core.internal.engine..");

	@ArchTest
	static final ArchRule theSharedInternalsDependOnNoOtherInternals = noClasses().that()
		.resideInAnyPackage("io.ego.core.internal.codec..", "io.ego.core.internal.crypto..",
				"io.ego.core.internal.telemetry..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.ego.core.internal.entity..", "io.ego.core.internal.consumer..",
				"io.ego.core.internal.engine..", "io.ego.core.internal.runtime..");

	@ArchTest
	static final ArchRule noSpring = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework..")
		.because("ego-core is plain Java; the starter brings Spring");

	@ArchTest
	static final ArchRule everyPackageIsNullMarked = classes().that()
		.haveSimpleName("package-info")
		.should()
		.beAnnotatedWith(NullMarked.class);

	private static ArchCondition<JavaMember> notExposeInternalTypes() {
		return new ArchCondition<>("not have an internal type in a public signature") {

			@Override
			public void check(JavaMember member, ConditionEvents events) {
				if (!member.getOwner().getModifiers().contains(JavaModifier.PUBLIC)) {
					return;
				}
				List<JavaType> shown = new ArrayList<>();
				if (member instanceof JavaCodeUnit codeUnit) {
					shown.add(codeUnit.getReturnType());
					shown.addAll(codeUnit.getParameterTypes());
				}
				else if (member instanceof JavaField field) {
					shown.add(field.getType());
				}
				for (JavaType type : shown) {
					for (JavaClass raw : type.getAllInvolvedRawTypes()) {
						if (INTERNAL.test(raw)) {
							events.add(SimpleConditionEvent.violated(member,
									member.getFullName() + " shows internal type " + raw.getName()));
						}
					}
				}
			}

		};
	}

}
