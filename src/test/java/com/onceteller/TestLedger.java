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
    prepare(db);
    return new TestLedger(settings.h2File(), db);
  }

  public static TestLedger openFile(Path file) {
    Database db = Database.open(DatabaseSettings.h2File(file));
    DemoData.installIfEmpty(db);
    prepare(db);
    return new TestLedger(file, db);
  }

  /**
   * Makes any ledger a test ledger: the demo users (the test actors) and no limits. For tests that
   * open a {@link Database} or an app context themselves.
   */
  public static void prepare(Database db) {
    DemoUsers.installIfNoUsers(db);
    liftLimits(db);
  }

  /**
   * Test ledgers post without the demo ledger's limits (tests of the engine move large amounts as a
   * teller); tests of the limits put them back with {@link #demoLimits}.
   */
  private static void liftLimits(Database db) {
    boolean h2 = db.settings().kind() == DatabaseSettings.Kind.H2;
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate(
          "update teller_limit set per_transfer_minor = "
              + com.onceteller.domain.TransferLimits.MAX_AMOUNT_MINOR
              + ", daily_minor = 4000000000000000000");
      for (String role : new String[] {"TELLER", "SUPERVISOR"}) {
        for (String cur : new String[] {"CHF", "GBP", "JPY"}) {
          String values =
              " values ('"
                  + role
                  + "', '"
                  + cur
                  + "', "
                  + com.onceteller.domain.TransferLimits.MAX_AMOUNT_MINOR
                  + ", 4000000000000000000, current_timestamp, 'test')";
          st.executeUpdate(
              h2
                  ? "merge into teller_limit key (role, currency)" + values
                  : "insert into teller_limit" + values + " on conflict do nothing");
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

  /**
   * Adds a teller {@code userId} (if new) whose password is {@link #TELLER_PASSWORD}: tests that
   * act as many tellers (the branch API, the kill harness) sign on as them. Anna's precomputed
   * hash, so no Argon2 work here.
   */
  public static synchronized void addTeller(Database db, String userId) {
    db.sessionFactory()
        .inTransaction(
            s -> {
              if (s.find(com.onceteller.branch.ledger.AppUser.class, userId) == null) {
                s.persist(
                    new com.onceteller.branch.ledger.AppUser(
                        userId,
                        "Teller " + userId,
                        com.onceteller.domain.Role.TELLER,
                        DemoUsers.get("anna").hash(),
                        "test",
                        java.time.Instant.now()));
              }
            });
  }

  /** The password of every teller {@link #addTeller} made (Anna's demo password). */
  public static final String TELLER_PASSWORD = "anna-teller-1";

  /** The password {@code userId} signs on with in tests: a demo user's, or {@link #addTeller}'s. */
  public static String passwordOf(String userId) {
    return DemoUsers.USERS.stream()
        .filter(u -> u.userId().equals(userId))
        .map(DemoUsers.DemoUser::password)
        .findFirst()
        .orElse(TELLER_PASSWORD);
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

  /** The triggers the last {@link #dropAppendOnlyTriggers} removed, as DDL to put them back. */
  private static final java.util.List<String> droppedTriggers = new java.util.ArrayList<>();

  /**
   * Removes the append-only triggers, for tests that simulate corruption or a foreign tool: such
   * damage does not ask the database's permission.
   */
  public static void dropAppendOnlyTriggers(java.sql.Connection c) throws java.sql.SQLException {
    java.util.Map<String, String[]> triggers = new java.util.LinkedHashMap<>();
    try (java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery(
                "select trigger_name, event_manipulation, event_object_table, action_timing,"
                    + " java_class from information_schema.triggers order by trigger_name")) {
      while (rs.next()) {
        String[] t =
            triggers.computeIfAbsent(
                rs.getString(1),
                n -> {
                  try {
                    return new String[] {"", rs.getString(3), rs.getString(4), rs.getString(5)};
                  } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
        t[0] = t[0].isEmpty() ? rs.getString(2) : t[0] + ", " + rs.getString(2);
      }
    }
    synchronized (droppedTriggers) {
      droppedTriggers.clear();
      triggers.forEach(
          (name, t) ->
              droppedTriggers.add(
                  "create trigger \""
                      + name
                      + "\" "
                      + t[2]
                      + " "
                      + t[0]
                      + " on \""
                      + t[1]
                      + "\" for each row call '"
                      + t[3]
                      + "'"));
    }
    try (java.sql.Statement st = c.createStatement()) {
      for (String t : triggers.keySet()) {
        st.execute("drop trigger if exists \"" + t + "\"");
      }
    }
  }

  /**
   * Puts back the triggers the last {@link #dropAppendOnlyTriggers} removed, after a tampering
   * test: the damage it simulates is to the rows, and an open refuses a ledger whose structure
   * changed.
   */
  public static void restoreAppendOnlyTriggers(java.sql.Connection c) throws java.sql.SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      synchronized (droppedTriggers) {
        for (String ddl : droppedTriggers) {
          st.execute(ddl);
        }
      }
    }
  }

  @Override
  public void close() {
    database.close();
  }
}
