package io.ego.samples.bank;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.context.ActiveProfiles;

/**
 * The {@code kafka} profile on a Kafka container through {@code @ServiceConnection}. Runs
 * where Docker runs; without it, skipped, and {@link AccountKafkaTests} makes the same
 * assertions on the embedded broker through the same kind of connection details.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/bank-${random.uuid};DB_CLOSE_ON_EXIT=FALSE")
@ActiveProfiles("kafka")
class AccountKafkaContainerTests extends KafkaPublishingContract {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka-native:3.8.0");

}
