package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2 trigger that refuses to update or delete rows of an append-only table (journal entries,
 * transfers) or to delete the keys and accounts that the ledger's history refers to. Corrections
 * are new entries. Installed by a migration; PostgreSQL gets the same rule in PL/pgSQL.
 */
public class AppendOnlyTrigger implements Trigger {

  private String table;

  @Override
  public void init(
      Connection conn,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type) {
    this.table = tableName;
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    String what = newRow == null ? "deleted" : "changed";
    throw new SQLException(
        "The "
            + table.toLowerCase(java.util.Locale.ROOT)
            + " table is append-only: rows are never "
            + what
            + ". Post a correcting entry instead.",
        "45000");
  }
}
