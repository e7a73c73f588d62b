package io.ego.samples.bank.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report as a problem detail instead of an HTML page: what Tomcat answers
 * itself, before a request reaches the application (an invalid or undecodable path such
 * as {@code /accounts/%zz}, a malformed request line).
 *
 * @author eGo team
 * @since 0.1.0
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
						+ ",\"detail\":\"the server could not process the request line or its path\"}");
				writer.flush();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the response could not be written: nothing more to do
		}
	}

}
