package com.onceteller.branch.service;

import com.onceteller.branch.ledger.AuditRecord;
import com.onceteller.branch.ledger.Database;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEvent;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.AuditQuery;
import com.onceteller.domain.Permission;
import com.onceteller.domain.ServiceRefusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.hibernate.SessionFactory;

/**
 * The auditor's view of the audit trail: search, and export as CSV (RFC 4180). Reading the trail is
 * itself recorded (PCI DSS 10.2.1.3: access to audit logs). Only an auditor may.
 */
public final class AuditQueries {

  public static final int MAX_ROWS = 10_000;

  private final SessionFactory sf;
  private final AuditTrail audit;

  public AuditQueries(Database database, Clock clock) {
    this.sf = database.sessionFactory();
    this.audit = new AuditTrail(database, clock);
  }

  /** Rows matching {@code q}, newest first. */
  public List<AuditEvent> search(Actor actor, AuditQuery q) {
    Access.require(audit, actor, Permission.VIEW_AUDIT, "audit trail");
    List<AuditEvent> rows = find(q);
    audit.recordAlone(
        actor, AuditEventType.AUDIT_VIEWED, true, "audit trail", q.describe() + ": " + rows.size());
    return rows;
  }

  /**
   * Writes the rows matching {@code q} as CSV to {@code out} (header line, then one line per row,
   * oldest first). Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
   *
   * @return how many rows were written
   */
  public int exportCsv(Actor actor, AuditQuery q, Writer out) {
    Access.require(audit, actor, Permission.VIEW_AUDIT, "audit trail");
    List<AuditEvent> rows = new java.util.ArrayList<>(find(q));
    java.util.Collections.reverse(rows);
    try {
      out.write("id,occurred_at,user_id,event_type,success,workstation,affected,detail\r\n");
      for (AuditEvent e : rows) {
        out.write(
            String.join(
                    ",",
                    Long.toString(e.id()),
                    DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()),
                    cell(e.userId()),
                    e.type().name(),
                    e.success() ? "true" : "false",
                    cell(e.workstation()),
                    cell(e.affected()),
                    cell(e.detail()))
                + "\r\n");
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    audit.recordAlone(
        actor,
        AuditEventType.AUDIT_EXPORTED,
        true,
        "audit trail",
        q.describe() + ": " + rows.size());
    return rows.size();
  }

  /** One CSV cell: quoted when needed, and never a formula (CSV injection). */
  static String cell(String v) {
    if (v == null) {
      return "";
    }
    String s = v;
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      s = "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private List<AuditEvent> find(AuditQuery q) {
    if (q == null || q.limit() < 1 || q.limit() > MAX_ROWS) {
      throw ServiceRefusal.invalid("Ask for 1 to " + MAX_ROWS + " rows.");
    }
    StringBuilder hql = new StringBuilder("from AuditRecord a where 1 = 1");
    if (q.from() != null) {
      hql.append(" and a.occurredAt >= :from");
    }
    if (q.to() != null) {
      hql.append(" and a.occurredAt < :to");
    }
    if (q.userId() != null && !q.userId().isBlank()) {
      hql.append(" and a.userId = :user");
    }
    if (q.type() != null) {
      hql.append(" and a.eventType = :type");
    }
    if (q.failuresOnly()) {
      hql.append(" and a.success = false");
    }
    if (q.affected() != null && !q.affected().isBlank()) {
      hql.append(" and lower(a.affected) like :affected");
    }
    hql.append(" order by a.id desc");
    return sf.fromSession(
        s -> {
          var query = s.createSelectionQuery(hql.toString(), AuditRecord.class);
          if (q.from() != null) {
            query.setParameter("from", q.from());
          }
          if (q.to() != null) {
            query.setParameter("to", q.to());
          }
          if (q.userId() != null && !q.userId().isBlank()) {
            query.setParameter("user", q.userId().strip().toLowerCase(Locale.ROOT));
          }
          if (q.type() != null) {
            query.setParameter("type", q.type());
          }
          if (q.affected() != null && !q.affected().isBlank()) {
            query.setParameter(
                "affected",
                "%" + q.affected().strip().toLowerCase(Locale.ROOT).replace("%", "") + "%");
          }
          return query.setMaxResults(q.limit()).getResultList().stream()
              .map(
                  a ->
                      new AuditEvent(
                          a.getId(),
                          a.getOccurredAt(),
                          a.getUserId(),
                          a.getEventType(),
                          a.isSuccess(),
                          a.getWorkstation(),
                          a.getAffected(),
                          a.getDetail()))
              .toList();
        });
  }
}
