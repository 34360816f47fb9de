package com.onceteller.branch.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 * its mapping against the migrated schema. Owns the durability barrier issued after each commit and
 * keeps an H2 file bounded by copy-compaction ({@link StoreCompactor}).
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** What the store is doing, for progress on screen and for the kill test's kill points. */
  public interface StoreEvents {
    StoreEvents NONE = new StoreEvents() {};

    /** The file was not closed cleanly; H2 is recovering it (rolls back what was not committed). */
    default void recovering(Path file) {}

    /** Recovery finished. */
    default void recovered(Path file, long millis) {}

    /** A compaction starts (at open, or while running: postings wait for it). */
    default void compacting(Path file, long bytes) {}

    /** A compaction finished (or kept the original, see the result). */
    default void compacted(Path file, StoreCompactor.Result result) {}
  }

  private final DatabaseSettings settings;
  private final HikariDataSource dataSource;
  private final SessionFactory sessionFactory;
  private final StoreEvents events;
  private final LedgerLock lock;
  private final ReadWriteLock gate;

  /**
   * H2 only: a connection outside the pool, open for as long as the store is, so that H2 never
   * closes the store itself (it would close it cleanly when the pool's last connection closes).
   * Closing the store is always this connection's sync and {@code SHUTDOWN IMMEDIATELY}.
   */
  private Connection keeper;

  private final ExecutorService maintenance;
  private final AtomicBoolean maintenanceQueued = new AtomicBoolean();
  private volatile long compactSize;
  private volatile boolean closed;
  private volatile String registeredAs;

  private Database(
      DatabaseSettings settings,
      HikariDataSource dataSource,
      SessionFactory sessionFactory,
      StoreEvents events,
      LedgerLock lock,
      ReadWriteLock gate) {
    this.settings = settings;
    this.gate = gate;
    this.keeper = settings.kind() == DatabaseSettings.Kind.H2 ? openKeeper(settings) : null;
    this.dataSource = dataSource;
    this.sessionFactory = sessionFactory;
    this.events = events;
    this.lock = lock;
    this.maintenance =
        settings.kind() == DatabaseSettings.Kind.H2 && settings.compactionFloorBytes() > 0
            ? Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "ledger-maintenance");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    this.compactSize = fileSize();
  }

  /**
   * Connections to a PostgreSQL ledger: enough for the postings in flight to share one WAL flush
   * (group commit) while the reference counter serialises their tails (docs/branch-server.md).
   * Override with {@code -Donceteller.pg.poolSize=N}.
   */
  public static final int POSTGRES_POOL_SIZE = 16;

  /** How long a PostgreSQL statement waits for a row lock (a key in flight) before giving up. */
  public static final long POSTGRES_LOCK_TIMEOUT_MILLIS = 2_000;

  /** H2 files open in this JVM (H2 would silently share them; a second app must be refused). */
  private static final Set<String> OPEN_FILES = ConcurrentHashMap.newKeySet();

  /** Same as {@link #open(DatabaseSettings, StoreEvents)} without progress reports. */
  public static Database open(DatabaseSettings settings) {
    return open(settings, StoreEvents.NONE);
  }

  /**
   * Opens (creating if needed), checks and migrates the database. For an existing H2 file:
   *
   * <ol>
   *   <li>refuses a file already open in this JVM or by another OnceTeller (IN_USE), holding an
   *       operating-system lock beside it for as long as it is open ({@link LedgerLock});
   *   <li>deletes a compaction copy left by a crash (it never was the ledger);
   *   <li>checks the file on a read-only connection — structure ({@link LedgerSchema}), schema
   *       version, reconciliation ({@link LedgerReconciler}) — so that a damaged or refused file is
   *       not written a single byte;
   *   <li>if the last run did not close it (a kill or a power cut), H2 recovers it in memory as the
   *       pool opens it (it finds the newest chunk at the end of the file; nothing is written
   *       before the checks above have passed);
   *   <li>compacts it if most of it is dead space ({@link StoreCompactor});
   *   <li>then opens the pool, migrates and builds Hibernate.
   * </ol>
   *
   * @throws DatabaseOpenException with a message fit for a dialog when the file is in use, from a
   *     newer version, damaged, inconsistent or not accessible; the file is never modified by
   *     OnceTeller in those cases.
   */
  public static Database open(DatabaseSettings settings, StoreEvents events) {
    checkFileAccess(settings);
    String key = settings.h2File() == null ? null : DatabaseSettings.baseName(settings.h2File());
    if (key != null && !OPEN_FILES.add(key)) {
      throw DatabaseErrors.inUse(settings, null);
    }
    LedgerLock lock = null;
    try {
      if (key != null) {
        lock = LedgerLock.acquire(settings);
      }
      Database db = openChecked(settings, events, lock);
      db.registeredAs = key;
      return db;
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.release();
      }
      if (key != null) {
        OPEN_FILES.remove(key);
      }
      throw e;
    }
  }

  private static Database openChecked(
      DatabaseSettings settings, StoreEvents events, LedgerLock lock) {
    boolean preflighted = false;
    Path file = settings.h2File();
    if (file != null) {
      try {
        StoreCompactor.deleteLeftover(file);
        Files.deleteIfExists(preflightLink(file));
      } catch (java.io.IOException e) {
        throw DatabaseErrors.translate(settings, new IllegalStateException(e.toString(), e));
      }
    }
    boolean crashed = false;
    long recoveryStarted = System.nanoTime();
    if (file != null && Files.exists(file)) {
      crashed = Files.exists(Path.of(DatabaseSettings.baseName(file) + ".lock.db"));
      int liveShare = preflightReadOnly(settings);
      if (liveShare < 0) {
        throw new DatabaseOpenException(
            DatabaseOpenException.Reason.NOT_ACCESSIBLE,
            "The ledger "
                + settings.displayName()
                + " was not closed cleanly, and OnceTeller could not check it before recovering"
                + " it (the folder does not allow a second name for the file). It was not changed.",
            null);
      }
      if (crashed) {
        log.warn("Ledger {} was not closed cleanly; recovering it", settings.displayName());
        events.recovering(file);
      }
      compactIfMostlyDead(settings, events, liveShare);
      preflighted = true;
    }
    ReadWriteLock gate = new ReentrantReadWriteLock();
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(poolConfig(settings, gate));
    } catch (RuntimeException e) {
      throw DatabaseErrors.translate(settings, e);
    }
    try {
      if (settings.kind() == DatabaseSettings.Kind.POSTGRESQL) {
        PostgresDurability.requireDurableCommits(settings, ds);
      }
      if (!preflighted) {
        reconcile(settings, ds);
      }
      int migrated = migrate(settings, ds);
      // Hibernate's validation of its mapping against the schema is only worth its start-up time
      // when the schema has just changed (a new file, an upgrade); otherwise the structure is the
      // one the read-only pre-flight just checked (LedgerSchema) and the last validated open left.
      SessionFactory sf = buildSessionFactory(ds, settings, migrated > 0 || !preflighted);
      if (crashed) {
        long millis = (System.nanoTime() - recoveryStarted) / 1_000_000;
        log.info("Ledger {} recovered in {} ms", settings.displayName(), millis);
        events.recovered(file, millis);
      }
      log.info("Ledger open: {}", settings.displayName());
      return new Database(settings, ds, sf, events, lock, gate);
    } catch (RuntimeException e) {
      // Nothing more may reach the file: no clean close, which would write a header and cut it.
      shutdownImmediately(settings, ds);
      ds.close();
      throw DatabaseErrors.translate(settings, e);
    }
  }

  /**
   * At open, a file whose chunks are mostly dead (less than half live) and larger than the
   * compaction floor is compacted before use.
   */
  private static void compactIfMostlyDead(
      DatabaseSettings settings, StoreEvents events, int liveShare) {
    Path file = settings.h2File();
    long floor = settings.compactionFloorBytes();
    long size = file.toFile().length();
    if (floor <= 0 || size <= floor || liveShare >= 50) {
      return;
    }
    runCompaction(settings, events);
  }

  private static StoreCompactor.Result runCompaction(
      DatabaseSettings settings, StoreEvents events) {
    Path file = settings.h2File();
    events.compacting(file, file.toFile().length());
    StoreCompactor.Result r;
    try {
      r = StoreCompactor.compact(file, settings.user(), settings.password());
    } catch (java.io.IOException | SQLException | RuntimeException e) {
      log.error("Compacting {} failed; the ledger was kept as it is", file, e);
      long size = file.toFile().length();
      r = new StoreCompactor.Result(false, size, size, 0, e.toString());
    }
    events.compacted(file, r);
    return r;
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
    if (dir != null && (!Files.isDirectory(dir) || !Files.isWritable(dir))) {
      throw new DatabaseOpenException(
          DatabaseOpenException.Reason.NOT_ACCESSIBLE,
          Files.exists(file)
              ? "The folder "
                  + dir
                  + " is not writable by this user; OnceTeller needs to keep its lock and recovery"
                  + " files next to the ledger. Check the folder's permissions."
              : "Cannot create a database in "
                  + dir
                  + ": the folder does not exist or is not writable.",
          null);
    }
  }

  /**
   * Start-up checks of an existing H2 file on a read-only connection ({@code ACCESS_MODE_DATA=r}),
   * before anything can write to it: its structure must be the one the last open left ({@link
   * LedgerSchema}), it must not come from a newer OnceTeller, and the ledger must reconcile. A
   * refused file is not written a single byte. Works on a file a killed process left (H2 recovers
   * it in memory only).
   *
   * @return the share (percent) of the file's chunks that is live data, for {@link
   *     #compactIfMostlyDead}
   */
  private static int preflightReadOnly(DatabaseSettings settings) {
    Path file = settings.h2File();
    String base = DatabaseSettings.baseName(file);
    if (!Files.exists(Path.of(base + ".lock.db"))) {
      return preflightReadOnly(settings, base);
    }
    // A killed run left H2's lock file, and H2 refuses a read-only open next to it. The check
    // reads the same file under a second name (a link), whose lock file does not exist; the
    // LedgerLock held by this process guarantees no other OnceTeller has the ledger open.
    Path link = preflightLink(file);
    try {
      try {
        Files.deleteIfExists(link);
        Files.createLink(link, file);
      } catch (java.io.IOException | UnsupportedOperationException hardLinkFailed) {
        Files.createSymbolicLink(link, file.toAbsolutePath());
      }
    } catch (java.io.IOException | UnsupportedOperationException e) {
      log.warn(
          "Cannot check {} before its crash recovery ({}); checking after", file, e.toString());
      return -1;
    }
    try {
      return preflightReadOnly(settings, DatabaseSettings.baseName(link));
    } finally {
      try {
        Files.deleteIfExists(link);
      } catch (java.io.IOException e) {
        log.warn("Could not delete {}: {}", link, e.toString());
      }
    }
  }

  /** The second name under which a crashed ledger is checked read-only. */
  static Path preflightLink(Path ledger) {
    return Path.of(DatabaseSettings.baseName(ledger) + ".check.mv.db");
  }

  private static int preflightReadOnly(DatabaseSettings settings, String base) {
    String url = "jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r;FILE_LOCK=NO;IFEXISTS=TRUE";
    List<String> problems;
    int liveShare;
    try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password())) {
      List<String> damage = LedgerSchema.problems(c);
      if (!damage.isEmpty()) {
        log.error("Ledger {} is damaged: {}", settings.displayName(), damage);
        throw new DatabaseOpenException(
            DatabaseOpenException.Reason.CORRUPT,
            "The ledger "
                + settings.displayName()
                + " is damaged: "
                + String.join("; ", damage)
                + ". OnceTeller did not write to it. Restore it from a backup, or keep it for"
                + " inspection and start a new ledger elsewhere.",
            null);
      }
      checkSchemaVersion(
          settings, GatedDataSource.ungated(url, settings.user(), settings.password()));
      problems = LedgerReconciler.check(c);
      // Every row of every table read once: a damaged page is found here, before any write,
      // rather than by the first posting after the file was opened for writing.
      LedgerDigest.of(c);
      liveShare = liveShare(c);
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
    return liveShare;
  }

  private static int liveShare(Connection c) {
    MVStore store = mvStore(c);
    return store == null ? 100 : store.getFileStore().getChunksFillRate();
  }

  private static MVStore mvStore(Connection c) {
    try {
      Session session = c.unwrap(JdbcConnection.class).getSession();
      if (session instanceof SessionLocal local) {
        return local.getDatabase().getStore().getMvStore();
      }
    } catch (SQLException | RuntimeException e) {
      log.debug("No H2 store behind {}: {}", c, e.toString());
    }
    return null;
  }

  /**
   * Start-up reconciliation ({@link LedgerReconciler}) of a database that had no pre-flight (a new
   * file or a server), before any migration can write to it.
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
    throw new DatabaseOpenException(
        DatabaseOpenException.Reason.LEDGER_INCONSISTENT,
        LedgerReconciler.describe(settings.displayName(), problems),
        null);
  }

  /** Closes an H2 store without writing anything (no header, no cut): after a refused open. */
  private static void shutdownImmediately(DatabaseSettings settings, HikariDataSource ds) {
    if (settings.kind() != DatabaseSettings.Kind.H2) {
      return;
    }
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN IMMEDIATELY");
    } catch (SQLException | RuntimeException expected) {
      log.trace("Connection closed by SHUTDOWN IMMEDIATELY: {}", expected.toString());
    }
  }

  private static HikariConfig poolConfig(DatabaseSettings settings, ReadWriteLock gate) {
    HikariConfig cfg = new HikariConfig();
    cfg.setDataSource(
        new GatedDataSource(settings.jdbcUrl(), settings.user(), settings.password(), gate));
    cfg.setAutoCommit(false);
    cfg.setPoolName("ledger");
    // Small on purpose: H2 is embedded (writes are serialised by TransferService anyway), and a
    // PostgreSQL server is shared by many tellers.
    cfg.setMaximumPoolSize(
        settings.kind() == DatabaseSettings.Kind.H2
            ? 4
            : Integer.getInteger("onceteller.pg.poolSize", POSTGRES_POOL_SIZE));

    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(5_000);
    // Fail on open, not on first use, so a locked or corrupt file is reported at start-up.
    cfg.setInitializationFailTimeout(1);
    // Compaction swaps the H2 file under the pool: it suspends the pool, waits for borrowed
    // connections to come back, and resumes it on the compacted file.
    cfg.setAllowPoolSuspension(settings.kind() == DatabaseSettings.Kind.H2);
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

  /** Migrates; returns how many migrations ran. */
  private static int migrate(DatabaseSettings settings, DataSource ds) {
    checkSchemaVersion(settings, ds);
    Flyway flyway = flyway(settings, ds);
    int migrated = flyway.migrate().migrationsExecuted;
    ensureIdentity(ds);
    ensureOpenBusinessDay(ds);
    if (settings.kind() == DatabaseSettings.Kind.H2) {
      MigrationInfo current = flyway.info().current();
      try (Connection c = ds.getConnection()) {
        LedgerSchema.recordIfChanged(
            c, current == null ? "none" : String.valueOf(current.getVersion()));
        c.commit();
      } catch (SQLException e) {
        throw new IllegalStateException("Recording the ledger's structure failed", e);
      }
    }
    return migrated;
  }

  /** Gives a new ledger its identity (one random UUID), once. */
  private static void ensureIdentity(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      try (Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("select count(*) from ledger_identity")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          c.rollback();
          return;
        }
      }
      try (java.sql.PreparedStatement ps =
          c.prepareStatement("insert into ledger_identity (ledger_id, created_at) values (?, ?)")) {
        ps.setString(1, java.util.UUID.randomUUID().toString());
        ps.setObject(
            2,
            java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("Giving the ledger its identity failed", e);
    }
  }

  /**
   * A ledger always has one open business day (V10): a new one opens today's date, in this
   * machine's time zone; closing a day opens the next (EndOfDayService).
   */
  private static void ensureOpenBusinessDay(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      try (Statement st = c.createStatement();
          java.sql.ResultSet rs =
              st.executeQuery("select count(*) from business_day where state = 'OPEN'")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          c.rollback();
          return;
        }
      }
      java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.systemDefault());
      try (java.sql.PreparedStatement ps =
          c.prepareStatement("select coalesce(max(business_date), ?) from business_day")) {
        ps.setObject(1, today.minusDays(1));
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          java.time.LocalDate last = rs.getObject(1, java.time.LocalDate.class);
          if (!today.isAfter(last)) {
            today = last.plusDays(1);
          }
        }
      }
      try (java.sql.PreparedStatement ps =
          c.prepareStatement(
              "insert into business_day (business_date, state, open_marker, opened_at)"
                  + " values (?, 'OPEN', 'X', ?)")) {
        ps.setObject(1, today);
        ps.setObject(
            2,
            java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("Opening the business day failed", e);
    }
  }

  /** The ledger's identity (see migration V7). */
  public String ledgerId() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("select ledger_id from ledger_identity")) {
      String id = rs.next() ? rs.getString(1) : null;
      c.rollback();
      if (id == null) {
        throw new IllegalStateException("The ledger has no identity");
      }
      return id;
    } catch (SQLException e) {
      throw new IllegalStateException("Reading the ledger's identity failed", e);
    }
  }

  private static SessionFactory buildSessionFactory(
      DataSource ds, DatabaseSettings settings, boolean validate) {
    Configuration cfg = new Configuration();
    cfg.addAnnotatedClass(Account.class);
    cfg.addAnnotatedClass(Transfer.class);
    cfg.addAnnotatedClass(JournalEntry.class);
    cfg.addAnnotatedClass(IdempotencyRecord.class);
    cfg.addAnnotatedClass(ReferenceCounter.class);
    cfg.addAnnotatedClass(LedgerIncident.class);
    cfg.addAnnotatedClass(AppUser.class);
    cfg.addAnnotatedClass(AuditRecord.class);
    cfg.addAnnotatedClass(ApprovalRecord.class);
    cfg.addAnnotatedClass(BusinessDay.class);
    cfg.addAnnotatedClass(LimitRow.class);
    cfg.addAnnotatedClass(LedgerSetting.class);
    cfg.addAnnotatedClass(TellerDay.class);
    cfg.addAnnotatedClass(ReceiptIssue.class);
    Properties p = new Properties();
    p.put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds);
    p.put(AvailableSettings.HBM2DDL_AUTO, validate ? "validate" : "none");
    if (settings.kind() == DatabaseSettings.Kind.H2) {
      // Start-up (issue 13): the embedded engine is known, so Hibernate need not ask the database
      // for its metadata at boot.
      p.put(AvailableSettings.DIALECT, org.hibernate.dialect.H2Dialect.class.getName());
      p.put("hibernate.boot.allow_jdbc_metadata_access", "false");
      p.put(AvailableSettings.JAKARTA_HBM2DDL_DB_VERSION, org.h2.engine.Constants.VERSION);
      p.put(
          AvailableSettings.JAKARTA_HBM2DDL_DB_MAJOR_VERSION,
          String.valueOf(org.h2.engine.Constants.VERSION_MAJOR));
      p.put(
          AvailableSettings.JAKARTA_HBM2DDL_DB_MINOR_VERSION,
          String.valueOf(org.h2.engine.Constants.VERSION_MINOR));
    }
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
   * PostgreSQL with synchronous_commit=on has already done this inside commit. Also notices when
   * the file has grown enough to be compacted, and queues that (it runs once this commit's
   * connection is back in the pool).
   */
  public void durabilityBarrier(Connection connection) throws SQLException {
    if (settings.kind() != DatabaseSettings.Kind.H2) {
      return;
    }
    if (settings.syncEachCommit()) {
      try (Statement st = connection.createStatement()) {
        st.execute("CHECKPOINT SYNC");
      }
      // Ends the (empty) transaction the statement opened: a connection handed back with one
      // open is rolled back by the pool, and H2 empties its parsed-statement cache on every
      // rollback, so each posting would parse all its statements again.
      connection.commit();
    }
    if (maintenance != null && fileSize() > compactionThreshold()) {
      queueCompaction();
    }
  }

  /**
   * The size past which the file is compacted: it must have grown by the floor and doubled since it
   * was last compact. The file is therefore never larger than about twice its live data plus the
   * floor (plus what is appended while a compaction runs).
   */
  long compactionThreshold() {
    long base = compactSize;
    return Math.max(base + settings.compactionFloorBytes(), 2 * base);
  }

  private long fileSize() {
    Path file = settings.h2File();
    return file == null ? 0 : file.toFile().length();
  }

  /** Queues a compaction unless one is queued or running. */
  void queueCompaction() {
    if (maintenance != null && !closed && maintenanceQueued.compareAndSet(false, true)) {
      maintenance.execute(
          () -> {
            try {
              compactWhileOpen();
            } finally {
              maintenanceQueued.set(false);
            }
          });
    }
  }

  /**
   * Compacts the H2 file while the app runs: suspends the pool (new borrowers wait), waits until
   * every borrowed connection is back, closes the store, compacts by copy and resumes the pool,
   * whose next connection opens the compacted file. If borrowed connections do not come back in
   * time, it gives up and tries again after a later commit.
   *
   * @return what was done, or null when it did not run
   */
  public StoreCompactor.Result compactWhileOpen() {
    if (settings.kind() != DatabaseSettings.Kind.H2 || closed) {
      return null;
    }
    HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
    pool.suspendPool();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pool.getActiveConnections() > 0) {
        if (System.nanoTime() > deadline || closed) {
          log.warn("Compaction postponed: connections still in use");
          return null;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
      gate.writeLock().lock();
      try {
        // The store is shut down first, while the pool's idle connections still hold it open:
        // evicting them first would let H2 close the store itself (cleanly, see shutdownH2) on
        // the pool's closing thread when the last one goes, at the same time as the compaction.
        shutdownH2();
        pool.softEvictConnections();
        StoreCompactor.Result r = runCompaction(settings, events);
        compactSize = fileSize();
        keeper = openKeeper(settings);
        return r;
      } finally {
        gate.writeLock().unlock();
      }
    } finally {
      pool.resumePool();
    }
  }

  /**
   * Closes the H2 store: every commit forced to the device first ({@code CHECKPOINT SYNC}), then
   * {@code SHUTDOWN IMMEDIATELY}, which writes nothing more. A clean {@code SHUTDOWN} would append
   * a last chunk and then rewrite the store header as "clean" without a sync in between; a power
   * cut during that header write can leave a clean header naming a chunk that never reached the
   * disk, and H2 then opens the file at an older chunk and loses synced commits (found by the
   * power-cut test; reproducer: h2repro.TornCleanHeaderRepro). The next open recovers the file from
   * its end, which with every chunk appended finds the newest one.
   */
  private void shutdownH2() {
    Connection c = keeper;
    keeper = null;
    if (c == null) {
      try {
        c = openKeeper(settings); // lost after a failed compaction: the store is open anyway
      } catch (RuntimeException e) {
        log.warn("Closing the ledger: {}", e.getMessage());
        return;
      }
    }
    try (Statement st = c.createStatement()) {
      try {
        st.execute("CHECKPOINT SYNC");
      } catch (SQLException e) {
        log.warn("The last sync before closing the ledger failed: {}", e.getMessage());
      }
      st.execute("SHUTDOWN IMMEDIATELY");
    } catch (SQLException expected) {
      log.trace("Connection closed by SHUTDOWN IMMEDIATELY: {}", expected.getMessage());
    } finally {
      try {
        c.close();
      } catch (SQLException expected) {
        log.trace("Keeper closed with its store: {}", expected.getMessage());
      }
    }
  }

  private static Connection openKeeper(DatabaseSettings settings) {
    try {
      return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    } catch (SQLException e) {
      throw DatabaseErrors.translate(settings, new IllegalStateException(e.getMessage(), e));
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (maintenance != null) {
        maintenance.shutdown();
        try {
          // A compaction in progress finishes: it swaps a verified copy or keeps the original.
          maintenance.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      sessionFactory.close();
    } finally {
      if (settings.kind() == DatabaseSettings.Kind.H2) {
        shutdownH2();
      }
      dataSource.close();
      if (lock != null) {
        lock.release();
      }
      if (registeredAs != null) {
        OPEN_FILES.remove(registeredAs);
      }
      log.info("Ledger closed: {}", settings.displayName());
    }
  }
}
