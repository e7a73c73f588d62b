package io.ego.samples.bank.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies ({@code bank.api.max-request-size}; no Boot property limits a
 * JSON body): a request declaring a larger {@code Content-Length} answers {@code 413}
 * before anything reads it, and a body sent in chunks fails with a
 * {@link RequestTooLargeException} (also {@code 413}) as soon as it is read past the
 * limit, so a large body is never buffered.
 *
 * @author eGo team
 * @since 0.1.0
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final DataSize limit;

	RequestSizeLimitFilter(DataSize limit) {
		this.limit = limit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit.toBytes()) {
			response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			return;
		}
		chain.doFilter(new Bounded(request, this.limit), response);
	}

	/** A request whose body fails once read past the limit. */
	private static final class Bounded extends HttpServletRequestWrapper {

		private final DataSize limit;

		private @Nullable BoundedInputStream stream;

		Bounded(HttpServletRequest request, DataSize limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			BoundedInputStream bounded = this.stream;
			if (bounded == null) {
				bounded = new BoundedInputStream(super.getInputStream(), this.limit);
				this.stream = bounded;
			}
			return bounded;
		}

	}

	private static final class BoundedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final DataSize limit;

		private long read;

		BoundedInputStream(ServletInputStream delegate, DataSize limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int next = this.delegate.read();
			if (next >= 0) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.delegate.read(buffer, offset, length);
			if (count > 0) {
				count(count);
			}
			return count;
		}

		private void count(int bytes) throws RequestTooLargeException {
			this.read += bytes;
			if (this.read > this.limit.toBytes()) {
				throw new RequestTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
