package com.onceteller;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.ledger.DemoUsers;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.domain.AccountSummary;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real H2 file database with the demo data, in a test's temporary directory. Tests use the
 * production settings ({@link DatabaseSettings#h2File}) — there is no test-only URL.
 */
public final class TestLedger implements AutoCloseable {

  public final Path file;
  public final Database database;
  public final LedgerQueries queries;

  private TestLedger(Path file, Database database) {
    this.file = file;
    this.database = database;
    this.queries = new LedgerQueries(database);
  }

  public static TestLedger open(Path dir) {
    return openFile(dir.resolve("ledger.mv.db"));
  }

  public static TestLedger openFile(Path file) {
    Database db = Database.open(DatabaseSettings.h2File(file));
    DemoData.installIfEmpty(db);
    prepare(db);
    return new TestLedger(file, db);
  }

  /**
   * Test ledgers post without the demo ledger's limits (tests of the engine move large amounts as a
   * teller); tests of the limits put them back with {@link #demoLimits}.
   */
  /**
   * Makes any ledger a test ledger: the demo users (the test actors) and no limits. For tests that
   * open a {@link Database} or an app context themselves.
   */
  public static void prepare(Database db) {
    DemoUsers.installIfNoUsers(db);
    liftLimits(db);
  }

  private static void liftLimits(Database db) {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate(
          "update teller_limit set per_transfer_minor = "
              + com.onceteller.domain.TransferLimits.MAX_AMOUNT_MINOR
              + ", daily_minor = 4000000000000000000");
      for (String role : new String[] {"TELLER", "SUPERVISOR"}) {
        for (String cur : new String[] {"CHF", "GBP", "JPY"}) {
          st.executeUpdate(
              "merge into teller_limit key (role, currency) values ('"
                  + role
                  + "', '"
                  + cur
                  + "', "
                  + com.onceteller.domain.TransferLimits.MAX_AMOUNT_MINOR
                  + ", 4000000000000000000, current_timestamp, 'test')");
        }
      }
      c.commit();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The limits a new ledger starts with (V10): a teller EUR/USD 10,000 per transfer, 50,000 a day.
   */
  public void demoLimits() {
    var config =
        new com.onceteller.branch.service.ConfigurationService(
            database, java.time.Clock.systemUTC());
    for (String cur : new String[] {"EUR", "USD"}) {
      config.setLimit(
          TestActors.ADMINISTRATOR, com.onceteller.domain.Role.TELLER, cur, 1_000_000, 5_000_000);
      config.setLimit(
          TestActors.ADMINISTRATOR,
          com.onceteller.domain.Role.SUPERVISOR,
          cur,
          10_000_000,
          50_000_000);
    }
  }

  /** Demo account {@code i} (0–7 EUR, 8–11 USD), as the ledger has it now. */
  public AccountSummary account(int demoIndex) {
    return queries.account(DemoData.ACCOUNTS.get(demoIndex).number()).orElseThrow();
  }

  public long balance(int demoIndex) {
    return account(demoIndex).balanceMinor();
  }

  public static String number(int demoIndex) {
    return DemoData.ACCOUNTS.get(demoIndex).number();
  }

  public Map<String, Long> totals() {
    return queries.totalsByCurrency();
  }

  /**
   * Removes the append-only triggers, for tests that simulate corruption or a foreign tool: such
   * damage does not ask the database's permission.
   */
  public static void dropAppendOnlyTriggers(java.sql.Connection c) throws java.sql.SQLException {
    java.util.List<String> triggers = new java.util.ArrayList<>();
    try (java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery("select trigger_name from information_schema.triggers")) {
      while (rs.next()) {
        triggers.add(rs.getString(1));
      }
    }
    try (java.sql.Statement st = c.createStatement()) {
      for (String t : triggers) {
        st.execute("drop trigger if exists \"" + t + "\"");
      }
    }
  }

  /**
   * Puts the append-only triggers back as the H2 migrations made them, after a tampering test: the
   * damage it simulates is to the rows, and an open refuses a ledger whose structure changed. Every
   * {@code create trigger} statement of every db/vendor/h2 migration is run again.
   */
  public static void restoreAppendOnlyTriggers(java.sql.Connection c) throws java.sql.SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      for (String statement : triggerStatements()) {
        st.execute(statement);
      }
    }
  }

  private static java.util.List<String> triggerStatements() {
    java.util.List<String> out = new java.util.ArrayList<>();
    try {
      java.net.URL dir = TestLedger.class.getResource("/db/vendor/h2");
      try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
        for (Path f : files.sorted().toList()) {
          StringBuilder text = new StringBuilder();
          for (String line : java.nio.file.Files.readAllLines(f)) {
            if (!line.strip().startsWith("--")) {
              text.append(line).append('\n');
            }
          }
          for (String statement : text.toString().split(";")) {
            if (statement.strip().toLowerCase(java.util.Locale.ROOT).startsWith("create trigger")) {
              out.add(statement.strip());
            }
          }
        }
      }
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Override
  public void close() {
    database.close();
  }
}
