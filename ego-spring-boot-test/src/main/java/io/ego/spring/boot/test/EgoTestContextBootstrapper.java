package io.ego.spring.boot.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.test.scenario.EgoScenarioAutoConfiguration;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * Bootstraps {@link EgoTest @EgoTest}: in-memory stores unless
 * {@link AutoConfigureEgoJdbc @AutoConfigureEgoJdbc} asks for JDBC, and the classes the
 * test names for the start-up check (and, when it names some, the leniency of a partial
 * context towards the {@code ego.*} settings of the beans left out); the test's own
 * properties come last and win.
 *
 * @author eGo team
 */
final class EgoTestContextBootstrapper extends TestSliceTestContextBootstrapper<EgoTest> {

	@Override
	protected String[] getProperties(Class<?> testClass) {
		MergedAnnotations annotations = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY);
		List<String> properties = new ArrayList<>();
		properties.add("ego.store.type=" + (annotations.isPresent(AutoConfigureEgoJdbc.class) ? "jdbc" : "in-memory"));
		MergedAnnotation<EgoTest> egoTest = annotations.get(EgoTest.class);
		if (egoTest.isPresent()) {
			Class<?>[] includes = egoTest.getClassArray("value");
			if (includes.length > 0) {
				properties.add(EgoScenarioAutoConfiguration.INCLUDES_PROPERTY + "="
						+ Arrays.stream(includes).map(Class::getName).collect(Collectors.joining(",")));
				properties.add(EgoAutoConfiguration.PARTIAL_CONTEXT_PROPERTY + "=true");
			}
		}
		String[] declared = super.getProperties(testClass);
		if (declared != null) {
			properties.addAll(List.of(declared));
		}
		return properties.toArray(String[]::new);
	}

}
