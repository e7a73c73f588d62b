package io.ego.connector.nats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on 127.0.0.1 that a test can take down (listening socket and every
 * connection closed: clients get "connection refused") and bring back on the same port.
 * Put in front of a broker that advertises the proxy's address, it makes the broker
 * unreachable and reachable again without stopping it.
 */
final class TcpProxy implements AutoCloseable {

	private final Supplier<@Nullable InetSocketAddress> target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final int port;

	private @Nullable ServerSocket server;

	private @Nullable Thread acceptor;

	/**
	 * Creates a running proxy on a free port.
	 * @param target where to connect, looked up for each connection ({@code null}: not
	 * yet known, connection closed)
	 */
	TcpProxy(Supplier<@Nullable InetSocketAddress> target) {
		this.target = target;
		this.port = open(0);
	}

	int port() {
		return this.port;
	}

	String address() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Takes the proxy down: no listening socket, every connection closed. Returns once
	 * the port refuses connections: a blocked {@code accept} keeps the listening socket
	 * open until it returns, so closing it is not enough.
	 */
	void down() {
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
	synchronized void up() {
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
				.name("proxy-accept-" + socket.getLocalPort())
				.start(() -> accept(socket));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException ex) {
				return; // closed
			}
			InetSocketAddress to = this.target.get();
			Socket upstream = new Socket();
			try {
				if (to == null) {
					throw new IOException("no target yet");
				}
				upstream.connect(to, 5000);
			}
			catch (IOException ex) {
				closeQuietly(client);
				closeQuietly(upstream);
				continue;
			}
			this.sockets.add(client);
			this.sockets.add(upstream);
			synchronized (this) {
				if (this.server != server) { // went down meanwhile
					closeQuietly(client);
					closeQuietly(upstream);
					continue;
				}
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
				// ignore
			}
		}
	}

	@Override
	public void close() {
		down();
	}

}
