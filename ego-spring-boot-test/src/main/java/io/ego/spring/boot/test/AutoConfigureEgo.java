package io.ego.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports the auto-configurations of {@link EgoTest @EgoTest}: the engine, its property
 * checks, encryption, schema evolution, the in-memory stores and the scenario support.
 * Listed in {@code META-INF/spring/io.ego.spring.boot.test.AutoConfigureEgo.imports}.
 * Usable on its own in a {@code @SpringBootTest} that turns auto-configuration off.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureEgo {

}
