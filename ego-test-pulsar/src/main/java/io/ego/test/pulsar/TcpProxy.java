package io.ego.test.pulsar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on 127.0.0.1 in front of one target address, that a test takes down (the
 * listening socket and every connection closed: clients get "connection refused") and
 * brings back on the same port.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final int port;

	private @Nullable ServerSocket server;

	private @Nullable Thread acceptor;

	/**
	 * Opens a running proxy on a free port.
	 * @param target where each accepted connection is forwarded to
	 */
	public TcpProxy(InetSocketAddress target) {
		this.target = target;
		this.port = open(0);
	}

	/**
	 * @return the port the proxy listens on (the same after {@link #down()} and
	 * {@link #up()})
	 */
	public int port() {
		return this.port;
	}

	/**
	 * @return whether the proxy accepts connections
	 */
	public synchronized boolean isUp() {
		return this.server != null;
	}

	/**
	 * Takes the proxy down: no listening socket, every connection closed. Returns once
	 * the port refuses connections: a blocked {@code accept} keeps the listening socket
	 * open until it returns, so closing it is not enough.
	 */
	public void down() {
		Thread accepting;
		synchronized (this) {
			closeQuietly(this.server);
			this.server = null;
			accepting = this.acceptor;
			this.acceptor = null;
			for (Socket socket : this.sockets) {
				closeQuietly(socket);
			}
			this.sockets.clear();
		}
		if (accepting != null) {
			try {
				accepting.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Brings the proxy back on its port. */
	public synchronized void up() {
		if (this.server == null) {
			open(this.port);
		}
	}

	private synchronized int open(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			this.server = socket;
			this.acceptor = Thread.ofVirtual()
				.name("tcp-proxy-accept-" + socket.getLocalPort())
				.start(() -> accept(socket));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not listen on 127.0.0.1:" + port, ex);
		}
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException ex) {
				// closed by down() or close()
				return;
			}
			Socket upstream = new Socket();
			try {
				upstream.connect(this.target, 5000);
			}
			catch (IOException ex) {
				closeQuietly(client);
				closeQuietly(upstream);
				continue;
			}
			synchronized (this) {
				if (this.server != server) {
					// went down meanwhile
					closeQuietly(client);
					closeQuietly(upstream);
					continue;
				}
				this.sockets.add(client);
				this.sockets.add(upstream);
			}
			Thread.ofVirtual().start(() -> pump(client, upstream));
			Thread.ofVirtual().start(() -> pump(upstream, client));
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// a side closed
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// nothing to do: closing
			}
		}
	}

	@Override
	public void close() {
		down();
	}

}
