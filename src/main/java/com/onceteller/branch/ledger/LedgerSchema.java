package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's structure as H2 reports it, and the check that it is still the structure the ledger
 * was left with. H2 2.5 opens a file whose metadata record is damaged by logging "File corrupted
 * while reading record" and carrying on without that table or index: a ledger without its journal,
 * or without the unique index that is the idempotency claim, would then be migrated, posted to and
 * rewritten. So every open records the structure it leaves ({@code ledger_schema_check}, H2 only)
 * and the next open compares the file's structure with it before anything may write.
 */
public final class LedgerSchema {

  /** The table that remembers the structure; created by migration V4.1 (H2). */
  static final String CHECK_TABLE = "LEDGER_SCHEMA_CHECK";

  private static final String HISTORY_TABLE = "flyway_schema_history";

  private LedgerSchema() {}

  /** Base tables of the PUBLIC schema, sorted. */
  static List<String> tableNames(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select table_name from information_schema.tables"
                    + " where table_schema = 'PUBLIC' and table_type = 'BASE TABLE'"
                    + " order by table_name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /**
   * Every table, column (type, nullability), index, constraint and trigger of the PUBLIC schema,
   * one sorted line each.
   */
  static List<String> describe(Connection c) throws SQLException {
    List<String> lines = new ArrayList<>();
    query(
        c,
        "select table_name, column_name, data_type, is_nullable, character_maximum_length"
            + " from information_schema.columns where table_schema = 'PUBLIC'",
        rs ->
            "column "
                + rs.getString(1)
                + "."
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + "("
                + rs.getString(5)
                + ") null="
                + rs.getString(4),
        lines);
    query(
        c,
        "select table_name from information_schema.tables"
            + " where table_schema = 'PUBLIC' and table_type = 'BASE TABLE'",
        rs -> "table " + rs.getString(1),
        lines);
    query(
        c,
        "select i.table_name, i.index_name, i.index_type_name, c.column_name, c.ordinal_position"
            + " from information_schema.indexes i join information_schema.index_columns c"
            + " on c.index_schema = i.index_schema and c.index_name = i.index_name"
            + " and c.table_name = i.table_name where i.table_schema = 'PUBLIC'",
        rs ->
            "index "
                + rs.getString(1)
                + "."
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + " "
                + rs.getInt(5)
                + ":"
                + rs.getString(4),
        lines);
    query(
        c,
        "select table_name, constraint_name, constraint_type from information_schema.table_constraints"
            + " where constraint_schema = 'PUBLIC'",
        rs -> "constraint " + rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3),
        lines);
    query(
        c,
        "select event_object_table, trigger_name, event_manipulation, action_orientation"
            + " from information_schema.triggers where trigger_schema = 'PUBLIC'",
        rs ->
            "trigger "
                + rs.getString(1)
                + "."
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + " "
                + rs.getString(4),
        lines);
    Collections.sort(lines);
    return lines;
  }

  /** A row reader for {@link #query}. */
  private interface Line {
    String of(ResultSet rs) throws SQLException;
  }

  private static void query(Connection c, String sql, Line line, List<String> into)
      throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        into.add(line.of(rs));
      }
    }
  }

  /**
   * Problems with the structure of an existing file, in words; empty when it is intact or is a new
   * file nothing was written to yet. Read-only.
   */
  static List<String> problems(Connection c) throws SQLException {
    List<String> tables = tableNames(c);
    List<String> problems = new ArrayList<>();
    if (tables.isEmpty()) {
      return problems; // created and never migrated (e.g. killed right after creating it)
    }
    if (!containsIgnoreCase(tables, HISTORY_TABLE)) {
      problems.add(
          "the table of applied schema versions is missing while "
              + tables.size()
              + " other tables are present");
      return problems;
    }
    Optional<Recorded> recorded = lastRecorded(c);
    if (recorded.isEmpty() && checkWasInstalled(c)) {
      problems.add(
          "the record of its structure is unreadable or gone although the ledger was given one");
      return problems;
    }
    if (recorded.isEmpty()) {
      // A ledger from before the check existed: at least the ledger's own tables must be there.
      for (String t : List.of("ACCOUNT", "TRANSFER", "JOURNAL_ENTRY", "IDEMPOTENCY_RECORD")) {
        if (!containsIgnoreCase(tables, t)) {
          problems.add("table " + t.toLowerCase(java.util.Locale.ROOT) + " is missing");
        }
      }
      return problems;
    }
    if (!recorded.get().engine().equals(engineVersion(c))) {
      return problems; // another H2 may describe the same schema in other words: checked next time
    }
    List<String> now = describe(c);
    List<String> before = List.of(recorded.get().description().split("\n"));
    List<String> missing = new ArrayList<>(before);
    missing.removeAll(now);
    List<String> extra = new ArrayList<>(now);
    extra.removeAll(before);
    if (!missing.isEmpty()) {
      problems.add(
          "its structure is damaged: "
              + missing.size()
              + " part(s) the ledger was left with are unreadable or gone, e.g. "
              + missing.subList(0, Math.min(3, missing.size())));
    }
    if (!extra.isEmpty()) {
      problems.add(
          "its structure was changed outside OnceTeller: "
              + extra.subList(0, Math.min(3, extra.size())));
    }
    return problems;
  }

  /**
   * Records the structure the ledger is left with, if it differs from the last record (after a
   * migration, or the first time). Runs in the caller's transaction.
   */
  static void recordIfChanged(Connection c, String schemaVersion) throws SQLException {
    String description = String.join("\n", describe(c));
    String engine = engineVersion(c);
    Optional<Recorded> last = lastRecorded(c);
    if (last.isPresent()
        && last.get().description().equals(description)
        && last.get().engine().equals(engine)) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_schema_check (schema_version, engine_version, description,"
                + " recorded_at) values (?, ?, ?, ?)")) {
      ps.setString(1, schemaVersion);
      ps.setString(2, engine);
      ps.setString(3, description);
      ps.setObject(4, java.time.OffsetDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  private record Recorded(String engine, String description) {}

  private static Optional<Recorded> lastRecorded(Connection c) throws SQLException {
    if (!containsIgnoreCase(tableNames(c), CHECK_TABLE)) {
      return Optional.empty();
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select engine_version, description from ledger_schema_check"
                    + " order by id desc fetch first 1 row only")) {
      return rs.next()
          ? Optional.of(new Recorded(rs.getString(1), rs.getString(2)))
          : Optional.empty();
    }
  }

  /** True when the migration that creates {@link #CHECK_TABLE} has run on this file. */
  private static boolean checkWasInstalled(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select count(*) from \"flyway_schema_history\" where \"version\" = '4.1'"
                    + " and \"success\"")) {
      return rs.next() && rs.getInt(1) > 0;
    }
  }

  private static String engineVersion(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName()
        + " "
        + c.getMetaData().getDatabaseProductVersion();
  }

  private static boolean containsIgnoreCase(List<String> names, String name) {
    return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
  }
}
