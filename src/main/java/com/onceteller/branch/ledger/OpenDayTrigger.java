package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2 trigger before a transfer is inserted (V11): it must belong to the open business day, so a
 * closed day's postings, and so its totals, can never change. PostgreSQL gets the same rule in
 * PL/pgSQL.
 */
public class OpenDayTrigger implements Trigger {

  private int dateColumn = -1;

  @Override
  public void init(
      Connection conn,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type)
      throws SQLException {
    dateColumn = TriggerColumns.of(conn, schemaName, tableName).getOrDefault("BUSINESS_DATE", -1);
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    Object date = dateColumn < 0 ? null : newRow[dateColumn];
    if (date != null) {
      try (PreparedStatement ps =
          conn.prepareStatement(
              "select count(*) from business_day where business_date = ? and state = 'OPEN'")) {
        ps.setObject(1, date);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getInt(1) == 1) {
            return;
          }
        }
      }
    }
    throw new SQLException(
        "A transfer is posted into the open business day only (not " + date + ").", "45000");
  }
}
