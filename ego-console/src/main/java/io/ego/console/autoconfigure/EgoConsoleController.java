package io.ego.console.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the console under {@code ego.console.path}: its page ({@code /}), script and
 * style sheet from the jar, and its settings ({@code /config.json}: where the Actuator's
 * {@code ego} endpoint is, whether its write operations are mapped, the CSRF token the
 * write calls send). The page reaches the engine only through the Actuator.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Controller
@RequestMapping("${ego.console.path:/ego}")
public final class EgoConsoleController {

	private static final String ASSETS = "io/ego/console/assets/";

	private static final EndpointId EGO = EndpointId.of("ego");

	private static final boolean SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.web.csrf.CsrfToken", EgoConsoleController.class.getClassLoader());

	/**
	 * The page's policy: its own script and style sheet only, calls to its own origin
	 * only, never framed.
	 */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private final String path;

	private final WebEndpointProperties webEndpoints;

	private final @Nullable EndpointAccessResolver access;

	private final byte[] index;

	private final byte[] script;

	private final byte[] styles;

	EgoConsoleController(String path, WebEndpointProperties webEndpoints, @Nullable EndpointAccessResolver access) {
		this.path = path;
		this.webEndpoints = webEndpoints;
		this.access = access;
		this.index = asset("index.html");
		this.script = asset("console.js");
		this.styles = asset("console.css");
	}

	private static byte[] asset(String name) {
		try (InputStream in = new ClassPathResource(ASSETS + name, EgoConsoleController.class.getClassLoader())
			.getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the console's " + name + " is missing from its jar", ex);
		}
	}

	/**
	 * Redirects the console's path to its page, so that the page's relative links resolve
	 * under it.
	 * @param request the request
	 * @return a redirect to the path with a trailing {@code /}
	 */
	@GetMapping("")
	ResponseEntity<Void> redirect(HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.FOUND)
			.header(HttpHeaders.LOCATION, request.getContextPath() + this.path + "/")
			.build();
	}

	@GetMapping("/")
	ResponseEntity<byte[]> index() {
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer")
			.body(this.index);
	}

	@GetMapping("/console.js")
	ResponseEntity<byte[]> script() {
		return asset(this.script, new MediaType("text", "javascript", StandardCharsets.UTF_8));
	}

	@GetMapping("/console.css")
	ResponseEntity<byte[]> styles() {
		return asset(this.styles, new MediaType("text", "css", StandardCharsets.UTF_8));
	}

	private static ResponseEntity<byte[]> asset(byte[] body, MediaType type) {
		return ResponseEntity.ok()
			.contentType(type)
			.cacheControl(CacheControl.noCache())
			.header("X-Content-Type-Options", "nosniff")
			.body(body);
	}

	/**
	 * The page's settings.
	 * @param request the request
	 * @return the endpoint's URL ({@code actuator}), whether its write and delete
	 * operations are mapped ({@code writeAccess}), and the CSRF header and token to send
	 * with them ({@code csrf}, {@code null} without Spring Security)
	 */
	@GetMapping(path = "/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<Map<String, @Nullable Object>> config(HttpServletRequest request) {
		Map<String, @Nullable Object> config = new LinkedHashMap<>();
		config.put("console", request.getContextPath() + this.path);
		config.put("actuator", request.getContextPath() + endpointPath());
		config.put("writeAccess", writeAccess());
		config.put("csrf", SECURITY_PRESENT ? CsrfTokens.of(request) : null);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(config);
	}

	private String endpointPath() {
		String base = this.webEndpoints.getBasePath();
		String mapped = this.webEndpoints.getPathMapping().getOrDefault(EGO.toString(), EGO.toString());
		return (base.endsWith("/") ? base : base + "/") + (mapped.startsWith("/") ? mapped.substring(1) : mapped);
	}

	private boolean writeAccess() {
		EndpointAccessResolver resolver = this.access;
		return resolver != null && resolver.accessFor(EGO, Access.READ_ONLY) == Access.UNRESTRICTED;
	}

}
