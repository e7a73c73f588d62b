package io.ego.spring.boot.autoconfigure.health;

import java.time.Duration;

import io.ego.spring.boot.health.EgoStoresHealthIndicator;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties of the eGo health indicators ({@code ego.health.*}).
 *
 * @author eGo team
 * @since 0.1.0
 */
@ConfigurationProperties("ego.health")
public class EgoHealthProperties {

	/**
	 * Bound of the stores' health check (the stores are probed concurrently and a store
	 * with no answer within it is reported DOWN) and of the ego endpoint's reads that
	 * need the stores (answered 503 beyond it).
	 */
	private Duration timeout = EgoStoresHealthIndicator.DEFAULT_TIMEOUT;

	/**
	 * Returns the bound of the stores' health check.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Sets the bound of the stores' health check.
	 * @param timeout the timeout
	 */
	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
