package io.ego.samples.bank.web;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page ({@code /error}) as a problem detail, in place of Boot's
 * {@code BasicErrorController}: what Spring MVC or a filter answered with
 * {@code sendError} (no handler for a path, a body too large, an unsupported method
 * outside the API's controllers) is {@code application/problem+json} like every other
 * error. The detail is one fixed sentence per status: an error page never shows an
 * exception's message.
 *
 * @author eGo team
 * @since 0.1.0
 */
@RestController
class ProblemErrorController implements ErrorController {

	private static final Map<Integer, String> DETAILS = Map.of(400, "the request could not be understood", 404,
			"there is nothing at this path", 405, "this method is not supported at this path", 406,
			"no acceptable representation (the API answers JSON)", 413,
			"the request body is larger than bank.api.max-request-size", 415,
			"the request body's media type is not supported (send application/json)");

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatusCode status = HttpStatusCode.valueOf(statusOf(request));
		ProblemDetail problem = Problems.of(status,
				(status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) ? Problems.REQUEST_TOO_LARGE : null,
				DETAILS.getOrDefault(status.value(), status.is5xxServerError() ? "the server failed to answer" : null));
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (path instanceof String uri) {
			problem.setProperty("path", uri);
		}
		return ResponseEntity.status(status).body(problem);
	}

	private static int statusOf(HttpServletRequest request) {
		@Nullable Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return (status instanceof Integer code && code >= 400) ? code : HttpStatus.INTERNAL_SERVER_ERROR.value();
	}

}
