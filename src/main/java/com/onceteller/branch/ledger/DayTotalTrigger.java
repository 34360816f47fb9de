package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2 trigger after a transfer is inserted (V22): adds its amount to its teller's total of the
 * business day in its currency ({@code teller_day_total}, V21), in the posting's own transaction,
 * so the daily limit reads one row instead of summing the day. PostgreSQL gets the same rule in
 * PL/pgSQL. On H2 the writer is one at a time ({@code TransferService}), so update-then-insert
 * cannot race; if it ever did, the primary key refuses the second insert and the posting fails
 * whole.
 */
public class DayTotalTrigger implements Trigger {

  private int teller = -1;
  private int day = -1;
  private int currency = -1;
  private int amount = -1;

  @Override
  public void init(
      Connection conn,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type)
      throws SQLException {
    java.util.Map<String, Integer> columns = TriggerColumns.of(conn, schemaName, tableName);
    teller = columns.getOrDefault("TELLER_ID", -1);
    day = columns.getOrDefault("BUSINESS_DATE", -1);
    currency = columns.getOrDefault("CURRENCY", -1);
    amount = columns.getOrDefault("AMOUNT_MINOR", -1);
    if (teller < 0 || day < 0 || currency < 0 || amount < 0) {
      throw new SQLException("DayTotalTrigger on " + tableName + ": columns missing", "45000");
    }
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    Object date = newRow[day];
    if (date == null) {
      return; // a transfer from before business days (V10) belongs to no day's limit
    }
    try (PreparedStatement update =
        conn.prepareStatement(
            "update teller_day_total set posted_minor = posted_minor + ?"
                + " where teller_id = ? and business_date = ? and currency = ?")) {
      update.setObject(1, newRow[amount]);
      update.setObject(2, newRow[teller]);
      update.setObject(3, date);
      update.setObject(4, newRow[currency]);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        conn.prepareStatement(
            "insert into teller_day_total (teller_id, business_date, currency, posted_minor)"
                + " values (?, ?, ?, ?)")) {
      insert.setObject(1, newRow[teller]);
      insert.setObject(2, date);
      insert.setObject(3, newRow[currency]);
      insert.setObject(4, newRow[amount]);
      insert.executeUpdate();
    }
  }
}
