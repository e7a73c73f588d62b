package io.ego.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.fail;

/**
 * A data source over a real database that can be told to fail: no connections (the
 * database is down), connections whose commit fails (rolled back instead, or made durable
 * and then its answer lost) or whose close fails, statements that fail (instead of
 * running, or after they ran), and connections held back until the test lets them go.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class FaultyDataSource implements DataSource {

	private static final Set<String> EXECUTIONS = Set.of("execute", "executeUpdate", "executeLargeUpdate",
			"executeBatch", "executeLargeBatch", "executeQuery");

	private static final Runnable NOTHING = () -> {
	};

	private final DataSource delegate;

	private volatile boolean down;

	private final AtomicInteger commitsToFail = new AtomicInteger();

	private final AtomicInteger commitsToPass = new AtomicInteger();

	private final AtomicReference<@Nullable Fault> connectionFault = new AtomicReference<>();

	private final AtomicReference<@Nullable Fault> executionFault = new AtomicReference<>();

	private final AtomicReference<@Nullable Hold> hold = new AtomicReference<>();

	FaultyDataSource(DataSource delegate) {
		this.delegate = delegate;
	}

	void down(boolean down) {
		this.down = down;
	}

	/**
	 * Makes the next commits roll back and throw, as a connection lost before the commit
	 * reached the database.
	 * @param count how many commits fail
	 */
	void failNextCommits(int count) {
		this.commitsToFail.set(count);
	}

	/**
	 * Makes the next commit fail.
	 * @param when {@link When#INSTEAD} to roll back instead of committing,
	 * {@link When#AFTER} to commit first
	 * @param failure what the commit throws: an {@link SQLException}, a runtime exception
	 * or an error
	 */
	void failNextCommit(When when, Throwable failure) {
		failCommitAfter(0, when, failure);
	}

	/**
	 * Makes a later commit fail: the next {@code passing} commits succeed, the one after
	 * fails.
	 * @param passing how many commits succeed first
	 * @param when {@link When#INSTEAD} to roll back instead of committing,
	 * {@link When#AFTER} to commit first
	 * @param failure what the commit throws: an {@link SQLException}, a runtime exception
	 * or an error
	 */
	void failCommitAfter(int passing, When when, Throwable failure) {
		this.commitsToPass.set(passing);
		this.connectionFault.set(new Fault("commit", when, failure, NOTHING));
	}

	/**
	 * Makes the next close of a connection throw after closing it.
	 * @param failure what the close throws
	 */
	void failNextClose(Throwable failure) {
		this.connectionFault.set(new Fault("close", When.AFTER, failure, NOTHING));
	}

	/**
	 * Makes the next execution of a prepared statement whose SQL contains a text fail.
	 * @param sqlContaining the text, e.g. {@code "INSERT INTO " + table}
	 * @param when {@link When#INSTEAD} not to run the statement, {@link When#AFTER} to
	 * run it first
	 * @param failure what the execution throws: an {@link SQLException}, a runtime
	 * exception or an error
	 */
	void failNextExecution(String sqlContaining, When when, Throwable failure) {
		failNextExecution(sqlContaining, when, failure, NOTHING);
	}

	/**
	 * Makes the next execution of a prepared statement whose SQL contains a text fail,
	 * after running an action (another writer's, say) just before the failure is thrown.
	 * @param sqlContaining the text, e.g. {@code "INSERT INTO " + table}
	 * @param when {@link When#INSTEAD} not to run the statement, {@link When#AFTER} to
	 * run it first
	 * @param failure what the execution throws
	 * @param beforeFailing what runs on the executing thread before it throws
	 */
	void failNextExecution(String sqlContaining, When when, Throwable failure, Runnable beforeFailing) {
		this.executionFault.set(new Fault(sqlContaining, when, failure, beforeFailing));
	}

	/**
	 * Holds back connections: from now on {@link #getConnection()} waits until the hold
	 * is closed.
	 * @return the hold
	 */
	Hold holdConnections() {
		Hold next = new Hold();
		if (!this.hold.compareAndSet(null, next)) {
			throw new IllegalStateException("connections are held already");
		}
		return next;
	}

	@Override
	public Connection getConnection() throws SQLException {
		Hold current = this.hold.get();
		if (current != null) {
			current.await();
		}
		if (this.down) {
			throw new SQLTransientConnectionException("injected: the database is down");
		}
		Connection connection = this.delegate.getConnection();
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().equals("commit")
							&& this.commitsToFail.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
						connection.rollback();
						throw new SQLTransientConnectionException("injected: connection lost at commit");
					}
					Fault fault = this.connectionFault.get();
					if (fault != null && fault.target().equals(method.getName()) && passes(method.getName())) {
						fault = null;
					}
					if (fault != null && fault.target().equals(method.getName())
							&& this.connectionFault.compareAndSet(fault, null)) {
						if (fault.when() == When.AFTER) {
							invoke(method, connection, args);
						}
						else if (method.getName().equals("commit")) {
							connection.rollback();
						}
						throw fault.failure();
					}
					Object result = invoke(method, connection, args);
					if (result instanceof PreparedStatement statement && method.getName().equals("prepareStatement")) {
						return faulty(statement, (String) args[0]);
					}
					return result;
				});
	}

	/** Whether a faulty commit call passes still (see {@link #failCommitAfter}). */
	private boolean passes(String method) {
		return method.equals("commit") && this.commitsToPass.getAndUpdate((n) -> Math.max(0, n - 1)) > 0;
	}

	private PreparedStatement faulty(PreparedStatement statement, String sql) {
		return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { PreparedStatement.class }, (proxy, method, args) -> {
					if (EXECUTIONS.contains(method.getName()) && (args == null || args.length == 0)) {
						Fault fault = this.executionFault.get();
						if (fault != null && sql.contains(fault.target())
								&& this.executionFault.compareAndSet(fault, null)) {
							if (fault.when() == When.AFTER) {
								invoke(method, statement, args);
							}
							fault.beforeFailing().run();
							throw fault.failure();
						}
					}
					return invoke(method, statement, args);
				});
	}

	private static @Nullable Object invoke(Method method, Object target, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.delegate.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.delegate.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.delegate.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.delegate.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return this.delegate.isWrapperFor(iface);
	}

	/** When an injected failure is thrown. */
	enum When {

		/** Instead of the call: the statement does not run, the commit rolls back. */
		INSTEAD,

		/**
		 * After the call: the statement ran, the commit is durable; only the answer is
		 * lost.
		 */
		AFTER

	}

	/**
	 * An injected failure.
	 *
	 * @param target the connection method, or a text of the statement's SQL
	 * @param when when it is thrown
	 * @param failure what is thrown
	 * @param beforeFailing what runs just before it is thrown (statements only)
	 */
	private record Fault(String target, When when, Throwable failure, Runnable beforeFailing) {
	}

	/**
	 * Connections held back: callers of {@link #getConnection()} wait until it is closed.
	 */
	final class Hold implements AutoCloseable {

		private final CountDownLatch waiting = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private Hold() {
		}

		private void await() throws SQLException {
			this.waiting.countDown();
			try {
				if (!this.released.await(30, TimeUnit.SECONDS)) {
					throw new SQLTransientConnectionException("injected: connections held for 30 seconds");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLTransientConnectionException("interrupted while connections are held", ex);
			}
		}

		/** Waits until a caller waits for a connection, for at most 10 seconds. */
		void awaitWaiting() {
			try {
				if (!this.waiting.await(10, TimeUnit.SECONDS)) {
					fail("timed out waiting for a caller waiting for a connection");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				fail("interrupted waiting for a caller waiting for a connection");
			}
		}

		/** Lets the waiting callers and all later ones have their connections. */
		@Override
		public void close() {
			FaultyDataSource.this.hold.compareAndSet(this, null);
			this.released.countDown();
		}

	}

}
