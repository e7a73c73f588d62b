package io.ego.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A data source over a real database that can be told to fail: no connections (the database is down), or
 * connections whose commit fails after the statements ran (the connection is lost mid-transaction; the
 * transaction is rolled back instead).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class FaultyDataSource implements DataSource {

	private final DataSource delegate;

	private volatile boolean down;

	private final AtomicInteger commitsToFail = new AtomicInteger();

	FaultyDataSource(DataSource delegate) {
		this.delegate = delegate;
	}

	void down(boolean down) {
		this.down = down;
	}

	void failNextCommits(int count) {
		this.commitsToFail.set(count);
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.down) {
			throw new SQLTransientConnectionException("injected: the database is down");
		}
		Connection connection = this.delegate.getConnection();
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().equals("commit") && this.commitsToFail.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
						connection.rollback();
						throw new SQLTransientConnectionException("injected: connection lost at commit");
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
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

}
