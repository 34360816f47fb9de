package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a PostgreSQL ledger that would acknowledge a commit before it is durable. "Posted" is
 * shown only after the commit returns, so the commit must not return before its WAL record is on
 * the disk: {@code synchronous_commit} must not be {@code off} and {@code fsync} must be on. Both
 * are read on a pooled connection, as the ledger's own sessions see them (a role or database
 * setting counts as much as the server's).
 */
final class PostgresDurability {

  private static final Logger log = LoggerFactory.getLogger(PostgresDurability.class);

  private PostgresDurability() {}

  /** What the ledger's sessions run with. */
  record Settings(String synchronousCommit, String fsync, String fullPageWrites) {

    /** Why a commit could be acknowledged before it is durable; empty when it cannot. */
    List<String> problems() {
      List<String> problems = new ArrayList<>();
      if ("off".equals(synchronousCommit)) {
        problems.add(
            "synchronous_commit is off: a commit is acknowledged before its WAL is flushed, so a"
                + " crash loses transfers the tellers were shown as Posted");
      }
      if (!"on".equals(fsync)) {
        problems.add(
            "fsync is "
                + fsync
                + ": PostgreSQL never forces its writes to the disk, so a crash of"
                + " the machine can lose or corrupt committed transfers");
      }
      return problems;
    }
  }

  static Settings read(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select current_setting('synchronous_commit'), current_setting('fsync'),"
                    + " current_setting('full_page_writes')")) {
      rs.next();
      return new Settings(
          rs.getString(1).toLowerCase(Locale.ROOT),
          rs.getString(2).toLowerCase(Locale.ROOT),
          rs.getString(3).toLowerCase(Locale.ROOT));
    }
  }

  static void requireDurableCommits(DatabaseSettings settings, DataSource ds) {
    Settings s;
    try (Connection c = ds.getConnection()) {
      s = read(c);
      c.rollback();
    } catch (SQLException e) {
      throw DatabaseErrors.translate(settings, new IllegalStateException(e.getMessage(), e));
    }
    List<String> problems = s.problems();
    if (!"on".equals(s.fullPageWrites())) {
      // Not a refusal: with a battery-backed or atomic-write storage this is a valid choice.
      log.warn(
          "PostgreSQL runs with full_page_writes=off: a torn page after a power cut is only safe on"
              + " storage with atomic page writes");
    }
    if (problems.isEmpty()) {
      log.info(
          "PostgreSQL ledger {}: synchronous_commit={}, fsync={}",
          settings.displayName(),
          s.synchronousCommit(),
          s.fsync());
      return;
    }
    log.error("PostgreSQL ledger {} is not durable: {}", settings.displayName(), problems);
    throw new DatabaseOpenException(
        DatabaseOpenException.Reason.NOT_DURABLE,
        "OnceTeller will not post to "
            + settings.displayName()
            + ": "
            + String.join("; ", problems)
            + ". Set synchronous_commit = on and fsync = on (postgresql.conf, or ALTER SYSTEM and"
            + " reload; also check ALTER ROLE/ALTER DATABASE settings) and start again.",
        null);
  }
}
