package io.ego.samples.bank;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The bank-account sample: an event-sourced account and its durable-state limits behind a
 * REST API.
 *
 * @author eGo team
 * @since 0.1.0
 */
@SpringBootApplication
public class BankAccountApplication {

	public static void main(String[] args) {
		SpringApplication.run(BankAccountApplication.class, args);
	}

}
