package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2 trigger on {@code business_day} (V11): a day is never deleted, keeps its date, and once closed
 * never changes again. PostgreSQL gets the same rule in PL/pgSQL.
 */
public class BusinessDayTrigger implements Trigger {

  // Column positions in business_day (V10): business_date, state, …
  private static final int DATE = 0;
  private static final int STATE = 1;

  @Override
  public void init(
      Connection conn,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type) {}

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    if (newRow == null) {
      throw new SQLException("Business days are never deleted.", "45000");
    }
    if ("CLOSED".equals(oldRow[STATE])) {
      throw new SQLException(
          "Business day " + oldRow[DATE] + " is closed: it can no longer change.", "45000");
    }
    if (!oldRow[DATE].equals(newRow[DATE])) {
      throw new SQLException("A business day keeps its date.", "45000");
    }
  }
}
