package com.onceteller.bench;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.TransferRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fresh ledger for one round: a new H2 file in its own temporary directory, opened with the
 * production settings ({@link Database#open} of {@link DatabaseSettings#h2File}), with two bench
 * accounts rich enough that no transfer is ever rejected for funds.
 */
final class BenchLedger implements AutoCloseable {

  static final String FROM = AccountNumbers.withCheckDigits("DE", "370400449000000001");
  static final String TO = AccountNumbers.withCheckDigits("DE", "370400449000000002");
  static final long OPENING_MINOR = 1_000_000_000_000_000L;
  static final String MEMO = "Bench";

  final Path dir;
  final DatabaseSettings settings;
  private Database database;

  private BenchLedger(Path dir, DatabaseSettings settings, Database database) {
    this.dir = dir;
    this.settings = settings;
    this.database = database;
  }

  /** Creates the file, migrates it, and adds the two accounts. */
  static BenchLedger create(Path workDir, String name) {
    try {
      Path dir = Files.createTempDirectory(workDir, name + "-");
      DatabaseSettings settings = DatabaseSettings.h2File(dir.resolve("ledger.mv.db"));
      Database db = Database.open(settings);
      com.onceteller.TestLedger.prepare(db);
      BenchLedger ledger = new BenchLedger(dir, settings, db);
      try (Connection c = db.dataSource().getConnection()) {
        insertAccount(c, FROM, "Bench Payer");
        insertAccount(c, TO, "Bench Payee");
        c.commit();
      }
      return ledger;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void insertAccount(Connection c, String number, String holder)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into account (number, holder, currency, balance_minor, opening_balance_minor,"
                + " status, version, opened_at) values (?, ?, 'EUR', ?, ?, 'OPEN', 0,"
                + " current_timestamp)")) {
      ps.setString(1, number);
      ps.setString(2, holder);
      ps.setLong(3, OPENING_MINOR);
      ps.setLong(4, OPENING_MINOR);
      ps.executeUpdate();
    }
  }

  Database database() {
    if (database == null) {
      throw new IllegalStateException("the service database was closed");
    }
    return database;
  }

  /** Closes the production stack, e.g. to measure plain JDBC on the same file afterwards. */
  void closeDatabase() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  /**
   * Fills the ledger with {@code n} posted keys through {@link BulkLoader}, then reopens it with
   * the production settings. The load itself runs on a plain connection with bulk settings (write
   * delay, a large cache, foreign keys checked afterwards by {@link #violations}), which only
   * affect how fast the file is filled, not what is in it.
   */
  void bulkLoad(int n) {
    bulkLoad(n, null);
  }

  /**
   * As {@link #bulkLoad(int)}; with a {@code cache} folder, the loaded file is kept there (named by
   * the key count and the migrations it was made with) and later runs copy it instead of loading
   * again: filling a million keys takes minutes, copying the file seconds, and the file is the
   * same. Delete the folder to load afresh.
   */
  void bulkLoad(int n, Path cache) {
    closeDatabase();
    Path cached = cache == null ? null : cache.resolve("keys-" + n + "-" + schemaTag() + ".mv.db");
    try {
      if (cached != null && Files.exists(cached)) {
        Files.copy(cached, settings.h2File(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } else {
        fill(n);
        if (cached != null) {
          Files.createDirectories(cache);
          Path part = cache.resolve(cached.getFileName() + ".part");
          Files.copy(settings.h2File(), part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          Files.move(part, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    database = Database.open(settings);
  }

  private void fill(int n) {
    String url =
        settings.jdbcUrl().replace("WRITE_DELAY=0", "WRITE_DELAY=500") + ";CACHE_SIZE=262144";
    try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password())) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET REFERENTIAL_INTEGRITY FALSE");
        BulkLoader.load(c, n);
        st.execute("SET REFERENTIAL_INTEGRITY TRUE");
        c.commit();
        st.execute("SHUTDOWN");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("bulk load failed", e);
    }
  }

  /**
   * The migrations on the class path (names and sizes) and the loader's code, so that a cached file
   * made by an older schema or loader is not used.
   */
  private static String schemaTag() {
    try {
      java.net.URL url = BenchLedger.class.getClassLoader().getResource("db/migration");
      if (url == null || !"file".equals(url.getProtocol())) {
        return "unknown";
      }
      try (Stream<Path> files = Files.walk(Path.of(url.toURI()).getParent())) {
        StringBuilder sb = new StringBuilder();
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          sb.append(f.getFileName()).append(Files.size(f)).append(';');
        }
        try (var loader = BenchLedger.class.getResourceAsStream("BulkLoader.class")) {
          sb.append(java.util.Arrays.hashCode(loader.readAllBytes())); // how the rows are made
        }
        return Integer.toHexString(sb.toString().hashCode());
      }
    } catch (IOException | java.net.URISyntaxException e) {
      return "unknown";
    }
  }

  static TransferRequest request(long amountMinor) {
    return new TransferRequest(FROM, TO, amountMinor, "EUR", MEMO);
  }

  static long accountId(Connection c, String number) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select id from account where number = ?")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no account " + number);
        }
        return rs.getLong(1);
      }
    }
  }

  /**
   * Checks the ledger's invariants: each key posted at most once, a posted record per transfer,
   * balanced journal, money conserved, balances equal to the journal. Returns the violations.
   */
  static List<String> violations(Connection c, long expectedTransfers) throws SQLException {
    List<String> problems = new ArrayList<>();
    long transfers = single(c, "select count(*) from transfer");
    long distinctKeys = single(c, "select count(distinct idempotency_key) from transfer");
    if (transfers != distinctKeys) {
      problems.add(
          (transfers - distinctKeys) + " key(s) posted twice (" + transfers + " transfers)");
    }
    if (expectedTransfers >= 0 && transfers != expectedTransfers) {
      problems.add("expected " + expectedTransfers + " transfers, found " + transfers);
    }
    long postedRecords =
        single(c, "select count(*) from idempotency_record where outcome = 'POSTED'");
    if (postedRecords != transfers) {
      problems.add(postedRecords + " posted key records for " + transfers + " transfers");
    }
    long journal = single(c, "select count(*) from journal_entry");
    if (journal != 2 * transfers) {
      problems.add(journal + " journal entries for " + transfers + " transfers");
    }
    long journalSum = single(c, "select coalesce(sum(amount_minor), 0) from journal_entry");
    if (journalSum != 0) {
      problems.add("journal does not balance: " + journalSum);
    }
    long total = single(c, "select sum(balance_minor) from account");
    if (total != 2 * OPENING_MINOR) {
      problems.add("money not conserved: " + total + " != " + 2 * OPENING_MINOR);
    }
    long drift =
        single(
            c,
            "select count(*) from account a where a.balance_minor <> "
                + OPENING_MINOR
                + " + coalesce((select sum(j.amount_minor) from journal_entry j"
                + " where j.account_id = a.id), 0)");
    if (drift != 0) {
      problems.add(drift + " account balance(s) differ from their journal");
    }
    return problems;
  }

  /** {@link #violations} on the open database; throws {@link BenchFailure} if there are any. */
  void verify(String caseName, long expectedTransfers) {
    try (Connection c = database().dataSource().getConnection()) {
      List<String> problems = violations(c, expectedTransfers);
      c.rollback();
      if (!problems.isEmpty()) {
        throw new BenchFailure(caseName + ": " + String.join("; ", problems));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    closeDatabase();
    deleteRecursively(dir);
  }

  static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
