package io.ego.samples.bank;

import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;

/**
 * The {@code kafka} profile against an embedded KRaft broker, reached through a
 * {@link KafkaConnectionDetails} bean as a Testcontainers {@code @ServiceConnection}
 * would register one: the twin of {@link AccountKafkaContainerTests}, which runs only
 * where Docker runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/bank-${random.uuid};DB_CLOSE_ON_EXIT=FALSE")
@ActiveProfiles("kafka")
@EmbeddedKafka
@Import(AccountKafkaTests.EmbeddedBrokerConnection.class)
class AccountKafkaTests extends KafkaPublishingContract {

	@TestConfiguration(proxyBeanMethods = false)
	static class EmbeddedBrokerConnection {

		@Bean
		KafkaConnectionDetails embeddedBrokerConnection(EmbeddedKafkaBroker broker) {
			return () -> List.of(broker.getBrokersAsString().split(","));
		}

	}

}
