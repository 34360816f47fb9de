package com.onceteller.branch.ledger;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;

/**
 * Physical connections from a JDBC URL, each made under the read side of a gate. While {@link
 * Database} swaps a compacted H2 file in, it holds the write side: a connection opened in that
 * moment would reopen the old file and keep writing to it after the rename, so none may be made
 * (the pool's own refill included) until the swap is done.
 */
final class GatedDataSource implements DataSource {

  private final String url;
  private final String user;
  private final String password;
  private final ReadWriteLock gate;

  GatedDataSource(String url, String user, String password, ReadWriteLock gate) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.gate = gate;
  }

  /** Connections with no gate (read-only checks of a closed file). */
  static GatedDataSource ungated(String url, String user, String password) {
    return new GatedDataSource(url, user, password, new ReentrantReadWriteLock());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(user, password);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    gate.readLock().lock();
    try {
      Connection c = DriverManager.getConnection(url, user, password);
      if (url.startsWith("jdbc:postgresql:")) {
        // Set while the new connection is still in auto-commit, so no rollback can undo it: a
        // second attempt with a key in flight waits on the unique index at most this long, then
        // is told "in progress" (as H2's LOCK_TIMEOUT=2000), never left hanging.
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("set lock_timeout = '" + Database.POSTGRES_LOCK_TIMEOUT_MILLIS + "ms'");
        } catch (SQLException e) {
          c.close();
          throw e;
        }
      }
      return c;
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
