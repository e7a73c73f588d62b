package io.ego.console.autoconfigure;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.csrf.CsrfToken;

/**
 * The CSRF token Spring Security issued for a request, for the console's write calls;
 * loaded only when Spring Security is on the class path.
 */
final class CsrfTokens {

	private CsrfTokens() {
	}

	/**
	 * Returns the header and token a write call sends.
	 * @param request the request for the console's settings
	 * @return {@code headerName} and {@code token}, or {@code null} when the request has
	 * no CSRF token (CSRF protection off for it)
	 */
	static @Nullable Map<String, String> of(HttpServletRequest request) {
		if (!(request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token)) {
			return null;
		}
		return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
	}

}
