package com.onceteller.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the ledger: connection pool, schema migrations (Flyway), then Hibernate, which validates
 * its mapping against the migrated schema. Owns the durability barrier issued after each commit.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final DatabaseSettings settings;
  private final HikariDataSource dataSource;
  private final SessionFactory sessionFactory;

  private Database(
      DatabaseSettings settings, HikariDataSource dataSource, SessionFactory sessionFactory) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.sessionFactory = sessionFactory;
  }

  /**
   * Opens (creating if needed) and migrates the database.
   *
   * @throws DatabaseOpenException with a message fit for a dialog when the file is in use, from a
   *     newer version, corrupt or not accessible; the file is never modified in those cases.
   */
  public static Database open(DatabaseSettings settings) {
    checkFileAccess(settings);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(poolConfig(settings));
    } catch (RuntimeException e) {
      throw DatabaseErrors.translate(settings, e);
    }
    try {
      migrate(settings, ds);
      SessionFactory sf = buildSessionFactory(ds, settings);
      log.info("Ledger open: {}", settings.displayName());
      return new Database(settings, ds, sf);
    } catch (RuntimeException e) {
      ds.close();
      throw DatabaseErrors.translate(settings, e);
    }
  }

  private static void checkFileAccess(DatabaseSettings settings) {
    Path file = settings.h2File();
    if (file == null) {
      return;
    }
    Path dir = file.toAbsolutePath().getParent();
    if (Files.exists(file) && (!Files.isReadable(file) || !Files.isWritable(file))) {
      throw new DatabaseOpenException(
          DatabaseOpenException.Reason.NOT_ACCESSIBLE,
          "The database file "
              + file
              + " cannot be read or written by this user. Check its permissions.",
          null);
    }
    if (!Files.exists(file) && dir != null && (!Files.isDirectory(dir) || !Files.isWritable(dir))) {
      throw new DatabaseOpenException(
          DatabaseOpenException.Reason.NOT_ACCESSIBLE,
          "Cannot create a database in " + dir + ": the folder does not exist or is not writable.",
          null);
    }
  }

  private static HikariConfig poolConfig(DatabaseSettings settings) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(settings.jdbcUrl());
    cfg.setUsername(settings.user());
    cfg.setPassword(settings.password());
    cfg.setAutoCommit(false);
    cfg.setPoolName("ledger");
    // Small on purpose: H2 is embedded (writes are serialised by TransferService anyway), and a
    // PostgreSQL server is shared by many tellers.
    cfg.setMaximumPoolSize(settings.kind() == DatabaseSettings.Kind.H2 ? 4 : 8);
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(5_000);
    // Fail on open, not on first use, so a locked or corrupt file is reported at start-up.
    cfg.setInitializationFailTimeout(1);
    return cfg;
  }

  private static void migrate(DatabaseSettings settings, DataSource ds) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(ds)
            .locations("classpath:db/migration")
            // A file written by a newer OnceTeller must not be opened by this one: do not ignore
            // migrations this build does not know.
            .ignoreMigrationPatterns("")
            .load();
    for (MigrationInfo applied : flyway.info().applied()) {
      MigrationState state = applied.getState();
      if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
        throw new DatabaseOpenException(
            DatabaseOpenException.Reason.NEWER_SCHEMA,
            "This database was written by a newer version of OnceTeller (schema version "
                + applied.getVersion()
                + "). Update OnceTeller to open it; the file was not changed.",
            null);
      }
    }
    flyway.migrate();
  }

  private static SessionFactory buildSessionFactory(DataSource ds, DatabaseSettings settings) {
    Configuration cfg = new Configuration();
    cfg.addAnnotatedClass(Account.class);
    cfg.addAnnotatedClass(Transfer.class);
    cfg.addAnnotatedClass(JournalEntry.class);
    cfg.addAnnotatedClass(IdempotencyRecord.class);
    Properties p = new Properties();
    p.put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds);
    p.put(AvailableSettings.HBM2DDL_AUTO, "validate");
    p.put(AvailableSettings.SHOW_SQL, "false");
    p.put(AvailableSettings.STATEMENT_BATCH_SIZE, "16");
    p.put(AvailableSettings.ORDER_INSERTS, "false");
    p.put(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, "true");
    cfg.addProperties(p);
    return cfg.buildSessionFactory();
  }

  public SessionFactory sessionFactory() {
    return sessionFactory;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /**
   * Called after a commit and before its outcome is reported: forces what H2 wrote to the device
   * (fsync), so that an acknowledged transfer survives a power cut, not only a process kill.
   * PostgreSQL with synchronous_commit=on has already done this inside commit.
   */
  public void durabilityBarrier(Connection connection) throws SQLException {
    if (settings.kind() == DatabaseSettings.Kind.H2) {
      try (Statement st = connection.createStatement()) {
        st.execute("CHECKPOINT SYNC");
      }
    }
  }

  @Override
  public void close() {
    try {
      sessionFactory.close();
    } finally {
      if (settings.kind() == DatabaseSettings.Kind.H2) {
        try (Connection c = dataSource.getConnection();
            Statement st = c.createStatement()) {
          st.execute("SHUTDOWN");
        } catch (SQLException e) {
          // 90121: the pool's rollback when handing back the connection that SHUTDOWN closed.
          if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN) {
            log.warn("H2 shutdown: {}", e.getMessage());
          }
        }
      }
      dataSource.close();
      log.info("Ledger closed: {}", settings.displayName());
    }
  }
}
