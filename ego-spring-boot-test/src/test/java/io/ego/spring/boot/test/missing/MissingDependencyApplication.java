package io.ego.spring.boot.test.missing;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application whose projection needs a bean an {@code @EgoTest} does not start. */
@SpringBootApplication
public class MissingDependencyApplication {

}
