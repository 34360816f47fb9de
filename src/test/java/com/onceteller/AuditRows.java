package com.onceteller;

import com.onceteller.branch.ledger.Database;
import com.onceteller.domain.AuditEventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the audit trail straight from the table, so tests assert what the database holds. */
public final class AuditRows {

  /** One row as stored. */
  public record Row(
      long id,
      String userId,
      AuditEventType type,
      boolean success,
      String workstation,
      String affected,
      String detail) {}

  private final Database database;

  public AuditRows(Database database) {
    this.database = database;
  }

  /** The highest id so far: tests look at rows written after it. */
  public long mark() {
    List<Row> all = since(0);
    return all.isEmpty() ? 0 : all.get(all.size() - 1).id();
  }

  /** Rows with an id above {@code mark}, oldest first. */
  public List<Row> since(long mark) {
    List<Row> out = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select id, user_id, event_type, success, workstation, affected, detail"
                    + " from audit_event where id > ? order by id")) {
      ps.setLong(1, mark);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Row(
                  rs.getLong(1),
                  rs.getString(2),
                  AuditEventType.valueOf(rs.getString(3)),
                  rs.getBoolean(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7)));
        }
      }
      c.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Rows of {@code type} written after {@code mark}. */
  public List<Row> since(long mark, AuditEventType type) {
    return since(mark).stream().filter(r -> r.type() == type).toList();
  }
}
