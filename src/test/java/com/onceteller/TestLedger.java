package com.onceteller;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
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

  /** A fresh database with the demo data on the tests' shared PostgreSQL server. */
  public static TestLedger openPostgres() {
    return openSettings(com.onceteller.pg.TestPostgres.freshDatabase());
  }

  /** A ledger on the engine a parameterised test runs on. */
  public static TestLedger open(Engine engine, Path dir) {
    return engine == Engine.H2 ? open(dir) : openPostgres();
  }

  /** The engines the service test suite runs on. */
  public enum Engine {
    H2,
    POSTGRESQL
  }

  /** Opens a ledger with the demo data on {@code settings} (a server database has no file). */
  public static TestLedger openSettings(DatabaseSettings settings) {
    Database db = Database.open(settings);
    DemoData.installIfEmpty(db);
    return new TestLedger(settings.h2File(), db);
  }

  public static TestLedger openFile(Path file) {
    Database db = Database.open(DatabaseSettings.h2File(file));
    DemoData.installIfEmpty(db);
    return new TestLedger(file, db);
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
   * Puts the append-only triggers back as migration V4 made them, after a tampering test: the
   * damage it simulates is to the rows, and an open refuses a ledger whose structure changed.
   */
  public static void restoreAppendOnlyTriggers(java.sql.Connection c) throws java.sql.SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      st.execute("runscript from 'classpath:/db/vendor/h2/V4__append_only.sql'");
    }
  }

  @Override
  public void close() {
    database.close();
  }
}
