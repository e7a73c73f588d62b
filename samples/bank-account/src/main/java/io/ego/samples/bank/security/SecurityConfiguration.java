package io.ego.samples.bank.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * The Actuator's endpoints (but health and prometheus, for probes and scrapers), the
 * operator console, the live event stream ({@code /ego/events}, under the console's path)
 * and its page {@code /live/} are for the role {@code OPERATOR} (the user is Boot's
 * {@code spring.security.user.*}); the REST API is open, as it was.
 * <ul>
 * <li>Scripts call the Actuator with HTTP Basic: a request to it that carries an
 * {@code Authorization} header is authenticated by it alone, stateless, without CSRF
 * tokens (no cookie is involved, and a cross-site page cannot add the header).</li>
 * <li>People sign in with a form (no Basic challenge, so a browser never caches Basic
 * credentials for the site) and get a session; the console's write calls then send the
 * session's CSRF token, which it reads from its {@code config.json}.</li>
 * </ul>
 *
 * @author eGo team
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String OPERATOR = "OPERATOR";

	/**
	 * Scripts: the Actuator with HTTP Basic.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain actuatorBasic(HttpSecurity http) throws Exception {
		RequestMatcher actuator = EndpointRequest.toAnyEndpoint();
		http.securityMatcher(
				(request) -> request.getHeader(HttpHeaders.AUTHORIZATION) != null && actuator.matches(request))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health", "prometheus"))
				.permitAll()
				.anyRequest()
				.hasRole(OPERATOR))
			.httpBasic(Customizer.withDefaults())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	/**
	 * People: the Actuator and the console behind a sign-in form, with a session and CSRF
	 * protection.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain operators(HttpSecurity http, @Value("${ego.console.path:/ego}") String console)
			throws Exception {
		http.securityMatcher(new OrRequestMatcher(EndpointRequest.toAnyEndpoint(), pathPattern(console),
				pathPattern(console + "/**"), pathPattern("/live/**"), pathPattern("/login"), pathPattern("/logout")))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health", "prometheus"))
				.permitAll()
				.anyRequest()
				.hasRole(OPERATOR))
			.formLogin(Customizer.withDefaults())
			.logout(Customizer.withDefaults());
		return http.build();
	}

	/**
	 * The REST API: open and stateless, as before (its clients send no cookies).
	 */
	@Bean
	@Order(3)
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	/**
	 * Lets {@code %2F} through to the API, which answers it as an invalid id (the
	 * firewall would reject it first): Tomcat passes it undecoded
	 * ({@code WebConfiguration}), so the path the firewall checks holds a {@code %}.
	 */
	@Bean
	WebSecurityCustomizer encodedSlashes() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		firewall.setAllowUrlEncodedPercent(true);
		return (web) -> web.httpFirewall(firewall);
	}

}
