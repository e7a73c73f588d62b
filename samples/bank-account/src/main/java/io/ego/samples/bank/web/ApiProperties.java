package io.ego.samples.bank.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The API's own settings ({@code bank.api.*}).
 *
 * @param maxRequestSize the largest request body accepted; a larger one answers
 * {@code 413}, whether it declares its length or is sent in chunks
 * @author eGo team
 * @since 0.1.0
 */
@ConfigurationProperties("bank.api")
record ApiProperties(@DefaultValue("64KB") DataSize maxRequestSize) {
}
