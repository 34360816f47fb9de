package com.onceteller.branch.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
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
  private final AtomicLong barriers = new AtomicLong();
  private volatile String registeredAs;

  private Database(
      DatabaseSettings settings, HikariDataSource dataSource, SessionFactory sessionFactory) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.sessionFactory = sessionFactory;
  }

  /** H2 files open in this JVM (H2 would silently share them; a second app must be refused). */
  private static final Set<String> OPEN_FILES = ConcurrentHashMap.newKeySet();

  /**
   * Opens (creating if needed), checks and migrates the database. For an existing H2 file:
   *
   * <ol>
   *   <li>refuses a file already open in this JVM or locked by another process (IN_USE);
   *   <li>if the last run did not close it (its lock file is still there: a kill or a power cut),
   *       lets H2 recover it and closes it cleanly once ({@link #recoverAfterCrash});
   *   <li>reconciles the ledger and checks the schema version on a read-only connection, so that a
   *       refused file is not written a single byte;
   *   <li>then opens the pool, migrates and builds Hibernate.
   * </ol>
   *
   * @throws DatabaseOpenException with a message fit for a dialog when the file is in use, from a
   *     newer version, corrupt, inconsistent or not accessible; the file is never modified by
   *     OnceTeller in those cases.
   */
  public static Database open(DatabaseSettings settings) {
    checkFileAccess(settings);
    String key = settings.h2File() == null ? null : DatabaseSettings.baseName(settings.h2File());
    if (key != null && !OPEN_FILES.add(key)) {
      throw DatabaseErrors.inUse(settings, null);
    }
    try {
      Database db = openChecked(settings);
      db.registeredAs = key;
      return db;
    } catch (RuntimeException e) {
      if (key != null) {
        OPEN_FILES.remove(key);
      }
      throw e;
    }
  }

  private static Database openChecked(DatabaseSettings settings) {
    boolean preflighted = false;
    Path file = settings.h2File();
    if (file != null && Files.exists(file)) {
      recoverAfterCrash(settings);
      preflightReadOnly(settings);
      preflighted = true;
    }
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(poolConfig(settings));
    } catch (RuntimeException e) {
      throw DatabaseErrors.translate(settings, e);
    }
    try {
      if (!preflighted) {
        reconcile(settings, ds);
      }
      migrate(settings, ds);
      SessionFactory sf = buildSessionFactory(ds, settings);
      log.info("Ledger open: {}", settings.displayName());
      return new Database(settings, ds, sf);
    } catch (RuntimeException e) {
      ds.close();
      throw DatabaseErrors.translate(settings, e);
    }
  }

  /**
   * If the previous run was killed (its lock file is still there), opens the file once with the
   * app's settings, which makes H2 roll back what was not committed, and shuts it down cleanly.
   *
   * <p>Why: measured with H2 2.5.252, commits made after opening a file that was not closed cleanly
   * were written where H2's own recovery did not find them after the next kill (about one run in
   * five lost everything it had committed and synced). A clean shutdown after the recovery rewrites
   * the store header and removed the loss in every run since (docs/durability.md). If another
   * process really holds the file, the open fails with "in use" and nothing is written.
   */
  private static void recoverAfterCrash(DatabaseSettings settings) {
    String base = DatabaseSettings.baseName(settings.h2File());
    if (!Files.exists(Path.of(base + ".lock.db"))) {
      return;
    }
    log.warn("Ledger {} was not closed cleanly; recovering it", settings.displayName());
    Connection c = null;
    try {
      c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
      try (Statement st = c.createStatement()) {
        st.execute("SHUTDOWN");
      }
    } catch (SQLException e) {
      throw DatabaseErrors.translate(settings, new IllegalStateException(e.getMessage(), e));
    } finally {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException expected) {
          log.trace("Connection closed by SHUTDOWN: {}", expected.getMessage());
        }
      }
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

  /**
   * Start-up checks of an existing H2 file on a read-only connection ({@code ACCESS_MODE_DATA=r}):
   * a file from a newer OnceTeller or a ledger that does not reconcile is refused without a single
   * byte written. Runs after {@link #recoverAfterCrash}, so no lock file is left by a dead process.
   */
  private static void preflightReadOnly(DatabaseSettings settings) {
    String base = DatabaseSettings.baseName(settings.h2File());
    if (Files.exists(Path.of(base + ".lock.db"))) {
      return; // another process holds it: the normal open reports "in use"
    }
    String url = "jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r;FILE_LOCK=NO;IFEXISTS=TRUE";
    List<String> problems;
    try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password())) {
      checkSchemaVersion(settings, new ReadOnlyDataSource(url, settings));
      problems = LedgerReconciler.check(c);
    } catch (SQLException e) {
      throw DatabaseErrors.translate(settings, new IllegalStateException(e.getMessage(), e));
    } catch (DatabaseOpenException e) {
      throw e;
    } catch (RuntimeException e) {
      throw DatabaseErrors.translate(settings, e);
    }
    if (!problems.isEmpty()) {
      log.error("Ledger {} does not reconcile: {}", settings.displayName(), problems);
      throw new DatabaseOpenException(
          DatabaseOpenException.Reason.LEDGER_INCONSISTENT,
          LedgerReconciler.describe(settings.displayName(), problems),
          null);
    }
  }

  /**
   * Start-up reconciliation ({@link LedgerReconciler}), before any migration can write to the file.
   * On a violation the store is closed without writing anything ({@code SHUTDOWN IMMEDIATELY}: no
   * compaction, no flush), so the file is left exactly as it was found.
   */
  private static void reconcile(DatabaseSettings settings, HikariDataSource ds) {
    List<String> problems;
    try (Connection c = ds.getConnection()) {
      problems = LedgerReconciler.check(c);
      c.rollback();
    } catch (SQLException e) {
      throw new DatabaseOpenException(
          DatabaseOpenException.Reason.LEDGER_INCONSISTENT,
          "The ledger "
              + settings.displayName()
              + " could not be reconciled ("
              + e.getMessage()
              + "). The file was left untouched.",
          e);
    }
    if (problems.isEmpty()) {
      return;
    }
    log.error("Ledger {} does not reconcile: {}", settings.displayName(), problems);
    if (settings.kind() == DatabaseSettings.Kind.H2) {
      try (Connection c = ds.getConnection();
          Statement st = c.createStatement()) {
        st.execute("SHUTDOWN IMMEDIATELY");
      } catch (SQLException expected) {
        log.trace("Connection closed by SHUTDOWN IMMEDIATELY: {}", expected.getMessage());
      }
    }
    throw new DatabaseOpenException(
        DatabaseOpenException.Reason.LEDGER_INCONSISTENT,
        LedgerReconciler.describe(settings.displayName(), problems),
        null);
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

  private static Flyway flyway(DatabaseSettings settings, DataSource ds) {
    return Flyway.configure()
        .dataSource(ds)
        // Portable migrations, then the engine's own (e.g. H2 triggers) from db/vendor/<engine>.
        .locations(
            "classpath:db/migration",
            "classpath:db/vendor/" + settings.kind().name().toLowerCase(java.util.Locale.ROOT))
        // A file written by a newer OnceTeller must not be opened by this one: do not ignore
        // migrations this build does not know.
        .ignoreMigrationPatterns("")
        .load();
  }

  private static void checkSchemaVersion(DatabaseSettings settings, DataSource ds) {
    for (MigrationInfo applied : flyway(settings, ds).info().applied()) {
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
  }

  private static void migrate(DatabaseSettings settings, DataSource ds) {
    checkSchemaVersion(settings, ds);
    flyway(settings, ds).migrate();
  }

  private static SessionFactory buildSessionFactory(DataSource ds, DatabaseSettings settings) {
    Configuration cfg = new Configuration();
    cfg.addAnnotatedClass(Account.class);
    cfg.addAnnotatedClass(Transfer.class);
    cfg.addAnnotatedClass(JournalEntry.class);
    cfg.addAnnotatedClass(IdempotencyRecord.class);
    cfg.addAnnotatedClass(ReferenceCounter.class);
    cfg.addAnnotatedClass(LedgerIncident.class);
    cfg.addAnnotatedClass(OutboxSubmission.class);
    cfg.addAnnotatedClass(OutboxAttempt.class);
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
    if (settings.kind() != DatabaseSettings.Kind.H2) {
      return;
    }
    if (settings.syncEachCommit()) {
      try (Statement st = connection.createStatement()) {
        st.execute("CHECKPOINT SYNC");
      }
    }
    int every = settings.compactEveryCommits();
    if (every > 0 && barriers.incrementAndGet() % every == 0) {
      compactStore(connection);
    }
  }

  /**
   * Rewrites sparsely filled chunks of the H2 store (what H2's background thread would do if
   * WRITE_DELAY were not 0). Housekeeping only: a failure is logged, never reported as a failed
   * transfer. Uses H2's store API (there is no SQL command for an online compaction).
   */
  private void compactStore(Connection connection) {
    try {
      Session session = connection.unwrap(JdbcConnection.class).getSession();
      if (session instanceof SessionLocal local) {
        MVStore store = local.getDatabase().getStore().getMvStore();
        store.compact(
            DatabaseSettings.H2_COMPACT_TARGET_FILL_RATE, DatabaseSettings.H2_COMPACT_WRITE_BYTES);
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("Compacting the ledger file failed (it will be tried again): {}", e.toString());
    }
  }

  /**
   * Closes the H2 store (compacting for at most {@link DatabaseSettings#H2_MAX_COMPACT_MILLIS}).
   * Closing the connection afterwards fails by design (the database is gone): ignored.
   */
  private void shutdownH2() {
    // A connection of its own, outside the pool: returning a pooled connection after SHUTDOWN
    // would make the pool reset it on a closed database (which H2 logs to a .trace.db file).
    try (Connection c =
            java.sql.DriverManager.getConnection(
                settings.jdbcUrl(), settings.user(), settings.password());
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      log.warn("H2 shutdown: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      sessionFactory.close();
    } finally {
      if (settings.kind() == DatabaseSettings.Kind.H2) {
        shutdownH2();
      }
      dataSource.close();
      if (registeredAs != null) {
        OPEN_FILES.remove(registeredAs);
      }
      log.info("Ledger closed: {}", settings.displayName());
    }
  }

  /** Connections for Flyway's read-only look at the schema history during the pre-flight. */
  private record ReadOnlyDataSource(String url, DatabaseSettings settings) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, settings.user(), settings.password());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getLogger("com.onceteller.branch.ledger");
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
}
