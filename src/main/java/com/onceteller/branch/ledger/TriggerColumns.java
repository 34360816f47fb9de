package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Where a table's columns are in the row arrays an H2 trigger is given, by upper-case name. */
final class TriggerColumns {

  private TriggerColumns() {}

  static Map<String, Integer> of(Connection conn, String schemaName, String tableName)
      throws SQLException {
    Map<String, Integer> positions = new HashMap<>();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select column_name, ordinal_position from information_schema.columns"
                + " where table_schema = ? and table_name = ?")) {
      ps.setString(1, schemaName);
      ps.setString(2, tableName);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          positions.put(rs.getString(1).toUpperCase(Locale.ROOT), rs.getInt(2) - 1);
        }
      }
    }
    return positions;
  }
}
