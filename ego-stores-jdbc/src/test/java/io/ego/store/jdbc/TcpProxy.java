package io.ego.store.jdbc;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy for tests, on loopback only: listens on {@code 127.0.0.1} on an ephemeral
 * port and forwards every connection to a loopback target, so that a test can break the
 * network between a client (a connection pool) and a server (the database) while both
 * keep running.
 * <ul>
 * <li>{@link #cut()}: closes every live connection pair at once (both sides), then
 * accepts new connections and closes them immediately — a reset network, a server that is
 * down;</li>
 * <li>{@link #blackhole()}: keeps every socket open but forwards no byte in either
 * direction, and holds new connections open without forwarding — a half-open network, a
 * partition, a hung server. Bytes sent meanwhile wait (at most one buffer per direction
 * in the proxy, the rest in the kernel) and are delivered on {@link #restore()}, as after
 * a partition heals;</li>
 * <li>{@link #restore()}: forwards again, live connections and new ones.</li>
 * </ul>
 * Bounded and self-stopping: at most {@value #MAX_CONNECTIONS} live connection pairs
 * (more are closed on accept), and the proxy closes itself after its lifetime. Every
 * thread is virtual and ends when the proxy closes.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class TcpProxy implements AutoCloseable {

	/** The most live connection pairs; a connection beyond them is closed on accept. */
	static final int MAX_CONNECTIONS = 256;

	private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

	private static final int BUFFER_SIZE = 16 * 1024;

	/** What the proxy does with bytes and connections. */
	enum Mode {

		/** Forwards. */
		FORWARD,

		/** Closes every connection. */
		CUT,

		/** Keeps connections open, forwards nothing. */
		BLACKHOLE

	}

	private final InetSocketAddress target;

	private final ServerSocket server;

	private final long deadline;

	private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition modeChanged = this.lock.newCondition();

	private final CountDownLatch closed = new CountDownLatch(1);

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private final AtomicLong forwardedBytes = new AtomicLong();

	private volatile Mode mode = Mode.FORWARD;

	/**
	 * Starts a proxy to a loopback target.
	 * @param targetHost the target host, a loopback name or address
	 * @param targetPort the target port
	 * @param lifetime when the proxy closes itself at the latest
	 * @throws IllegalArgumentException when the target is not a loopback address
	 * @throws IllegalStateException when the proxy cannot listen
	 */
	TcpProxy(String targetHost, int targetPort, Duration lifetime) {
		InetAddress address;
		try {
			address = InetAddress.getByName(targetHost);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("unknown target host " + targetHost, ex);
		}
		if (!address.isLoopbackAddress()) {
			throw new IllegalArgumentException("the proxy only forwards to loopback addresses, not to " + address);
		}
		if (lifetime.isNegative() || lifetime.isZero()) {
			throw new IllegalArgumentException("lifetime must be positive but was " + lifetime);
		}
		this.target = new InetSocketAddress(address, targetPort);
		try {
			this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException("the proxy cannot listen on loopback", ex);
		}
		this.deadline = System.nanoTime() + lifetime.toNanos();
		Thread.ofVirtual().name("tcp-proxy-accept-" + port()).start(this::acceptLoop);
		Thread.ofVirtual().name("tcp-proxy-lifetime-" + port()).start(() -> {
			try {
				if (!this.closed.await(lifetime.toNanos(), TimeUnit.NANOSECONDS)) {
					close();
				}
			}
			catch (InterruptedException ex) {
				close();
			}
		});
	}

	/**
	 * @return the host the proxy listens on
	 */
	String host() {
		return this.server.getInetAddress().getHostAddress();
	}

	/**
	 * @return the port the proxy listens on
	 */
	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * @return the current mode
	 */
	Mode mode() {
		return this.mode;
	}

	/**
	 * @return the number of live connection pairs
	 */
	int liveConnections() {
		return this.pairs.size();
	}

	/**
	 * @return the number of connections forwarded (or held, while blackholed) since the
	 * start
	 */
	long acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * @return the number of connections closed on accept (cut, or too many) since the
	 * start
	 */
	long refusedConnections() {
		return this.refused.get();
	}

	/**
	 * @return the number of bytes forwarded since the start, both directions
	 */
	long forwardedBytes() {
		return this.forwardedBytes.get();
	}

	/**
	 * Closes every live connection pair at once; until {@link #restore()}, new
	 * connections are closed on accept.
	 */
	void cut() {
		setMode(Mode.CUT);
		for (Pair pair : this.pairs) {
			pair.close();
		}
	}

	/**
	 * Stops forwarding bytes, keeping every socket open; until {@link #restore()}, new
	 * connections are held open and nothing is forwarded.
	 */
	void blackhole() {
		setMode(Mode.BLACKHOLE);
	}

	/**
	 * Forwards again: the bytes held by a blackhole are delivered, new connections are
	 * forwarded.
	 */
	void restore() {
		setMode(Mode.FORWARD);
	}

	private void setMode(Mode next) {
		this.lock.lock();
		try {
			this.mode = next;
			this.modeChanged.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Stops listening and closes every connection; idempotent. */
	@Override
	public void close() {
		if (this.closed.getCount() == 0) {
			return;
		}
		this.closed.countDown();
		closeQuietly(this.server);
		for (Pair pair : this.pairs) {
			pair.close();
		}
		setMode(this.mode); // wakes the pumps held by a blackhole
	}

	private boolean isClosed() {
		return this.closed.getCount() == 0 || System.nanoTime() - this.deadline >= 0;
	}

	private void acceptLoop() {
		while (!isClosed()) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				if (!isClosed()) {
					close(); // the listening socket broke: stop rather than spin
				}
				return;
			}
			if (this.mode == Mode.CUT || this.pairs.size() >= MAX_CONNECTIONS || isClosed()) {
				this.refused.incrementAndGet();
				closeQuietly(client);
				continue;
			}
			Thread.ofVirtual().name("tcp-proxy-connect-" + port()).start(() -> connect(client));
		}
	}

	private void connect(Socket client) {
		Socket upstream = new Socket();
		try {
			client.setTcpNoDelay(true);
			upstream.setTcpNoDelay(true);
			upstream.connect(this.target, CONNECT_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			this.refused.incrementAndGet();
			closeQuietly(client);
			closeQuietly(upstream);
			return;
		}
		Pair pair = new Pair(client, upstream);
		this.pairs.add(pair);
		this.accepted.incrementAndGet();
		if (this.mode == Mode.CUT || isClosed()) {
			pair.close(); // cut (or closed) while connecting
			return;
		}
		Thread.ofVirtual().name("tcp-proxy-up-" + port()).start(() -> pump(pair, client, upstream));
		Thread.ofVirtual().name("tcp-proxy-down-" + port()).start(() -> pump(pair, upstream, client));
	}

	private void pump(Pair pair, Socket from, Socket to) {
		byte[] buffer = new byte[BUFFER_SIZE];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			while (true) {
				int read = in.read(buffer);
				if (read < 0 || !awaitForwarding(pair)) {
					return;
				}
				out.write(buffer, 0, read);
				out.flush();
				this.forwardedBytes.addAndGet(read);
			}
		}
		catch (IOException ex) {
			// a side closed: the pair goes
		}
		finally {
			pair.close();
		}
	}

	/**
	 * Waits while the proxy is blackholed.
	 * @param pair the connection pair
	 * @return whether to forward (false: the pair, or the proxy, is closed or cut)
	 */
	private boolean awaitForwarding(Pair pair) {
		this.lock.lock();
		try {
			while (this.mode == Mode.BLACKHOLE && !pair.isClosed() && !isClosed()) {
				long left = this.deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.modeChanged.awaitNanos(left);
			}
			return this.mode == Mode.FORWARD && !pair.isClosed() && !isClosed();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// closing
		}
	}

	/** A client connection and its upstream connection; closing one closes both. */
	private final class Pair {

		private final Socket client;

		private final Socket upstream;

		private final AtomicBoolean closed = new AtomicBoolean();

		Pair(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

		boolean isClosed() {
			return this.closed.get();
		}

		void close() {
			if (this.closed.compareAndSet(false, true)) {
				closeQuietly(this.client);
				closeQuietly(this.upstream);
				TcpProxy.this.pairs.remove(this);
				TcpProxy.this.lock.lock();
				try {
					// a pump held by a blackhole lets go
					TcpProxy.this.modeChanged.signalAll();
				}
				finally {
					TcpProxy.this.lock.unlock();
				}
			}
		}

	}

}
