package com.onceteller.branch.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a ledger file holds, read through SQL and reduced to a comparable value: for every table its
 * row count and an order-independent hash of its rows, every sequence's value, and the names of
 * every schema object. Two files with equal digests hold the same rows and the same schema, however
 * H2 laid them out; {@link StoreCompactor} swaps a compacted copy in only when its digest equals
 * the original's.
 *
 * @param tables per table: row count and the sum (mod 2^64) of a SHA-256 prefix of each row
 * @param sequences per sequence: its current value
 * @param schema every table, column, index, constraint and trigger, one line each, sorted
 */
public record LedgerDigest(
    Map<String, TableDigest> tables, Map<String, Long> sequences, List<String> schema) {

  /** Row count and an order-independent hash of one table's rows. */
  public record TableDigest(long rows, long rowHashSum) {}

  /** Reads the digest of the database behind {@code c} (the PUBLIC schema). */
  public static LedgerDigest of(Connection c) throws SQLException {
    Map<String, TableDigest> tables = new TreeMap<>();
    for (String table : LedgerSchema.tableNames(c)) {
      tables.put(table, digestTable(c, table));
    }
    Map<String, Long> sequences = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select sequence_name, base_value from information_schema.sequences"
                    + " where sequence_schema = 'PUBLIC'")) {
      while (rs.next()) {
        sequences.put(rs.getString(1), rs.getLong(2));
      }
    }
    return new LedgerDigest(tables, sequences, LedgerSchema.describe(c));
  }

  private static TableDigest digestTable(Connection c, String table) throws SQLException {
    long rows = 0;
    long sum = 0;
    MessageDigest sha = sha256();
    try (Statement st = c.createStatement()) {
      st.setFetchSize(1000);
      try (ResultSet rs =
          st.executeQuery("select * from \"" + table.replace("\"", "\"\"") + "\"")) {
        int columns = rs.getMetaData().getColumnCount();
        List<byte[]> parts = new ArrayList<>(columns);
        while (rs.next()) {
          rows++;
          parts.clear();
          for (int i = 1; i <= columns; i++) {
            String v = rs.getString(i);
            // Length-prefixed, null distinct from "": no two different rows give the same text.
            parts.add((v == null ? "-" : v.length() + ":" + v).getBytes(StandardCharsets.UTF_8));
          }
          sha.reset();
          for (byte[] p : parts) {
            sha.update(p);
            sha.update((byte) '|');
          }
          byte[] h = sha.digest();
          long prefix = 0;
          for (int i = 0; i < 8; i++) {
            prefix = (prefix << 8) | (h[i] & 0xff);
          }
          sum += prefix;
        }
      }
    }
    return new TableDigest(rows, sum);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The first difference from {@code other}, in words, or null when equal. */
  public String firstDifference(LedgerDigest other) {
    if (!schema.equals(other.schema)) {
      List<String> missing = new ArrayList<>(schema);
      missing.removeAll(other.schema);
      List<String> extra = new ArrayList<>(other.schema);
      extra.removeAll(schema);
      return "schema differs (missing " + missing + ", extra " + extra + ")";
    }
    for (Map.Entry<String, TableDigest> e : tables.entrySet()) {
      TableDigest theirs = other.tables.get(e.getKey());
      if (!e.getValue().equals(theirs)) {
        return "table " + e.getKey() + ": " + e.getValue() + " vs " + theirs;
      }
    }
    if (!tables.keySet().equals(other.tables.keySet())) {
      return "tables " + tables.keySet() + " vs " + other.tables.keySet();
    }
    if (!sequences.equals(other.sequences)) {
      return "sequences " + sequences + " vs " + other.sequences;
    }
    return null;
  }
}
