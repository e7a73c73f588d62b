package io.ego.spring.boot.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application under test: an account entity, a counter, a balance projection, and an
 * unrelated service the slice must leave out.
 */
@SpringBootApplication
public class TestApplication {

}
