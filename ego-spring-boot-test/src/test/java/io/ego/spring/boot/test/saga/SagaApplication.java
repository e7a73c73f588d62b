package io.ego.spring.boot.test.saga;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application with a saga whose only way to finish is its timer.
 */
@SpringBootApplication
public class SagaApplication {

}
