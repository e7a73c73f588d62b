package io.ego.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Runs an {@link EgoTest @EgoTest} on the JDBC stores: the application's DataSource (its
 * {@code spring.datasource.*} properties, or the connection details of a Testcontainers
 * {@code @ServiceConnection}), its SQL initialization ({@code schema.sql}), a transaction
 * manager and {@code JdbcTemplate}/{@code JdbcClient}, and {@code ego.store.type=jdbc}.
 * Listed in {@code META-INF/spring/io.ego.spring.boot.test.AutoConfigureEgoJdbc.imports}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureEgoJdbc {

}
