package com.onceteller.desk.client;

import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEvent;
import com.onceteller.domain.AuditQuery;
import java.io.Writer;
import java.util.List;

/**
 * The auditor's audit trail as a desk shows it: search (newest first) and export as CSV, both
 * recorded by the ledger. Embedded: the ledger's {@code AuditQueries} ({@link LocalDeskAudit}); at
 * a branch desk: {@code GET /v1/audit-events} and {@code GET /v1/audit-events.csv} ({@code
 * desk.remote.HttpDeskAudit}), where the server writes the CSV with the same code. Blocking;
 * refusals are {@code ServiceRefusal}s.
 */
public interface DeskAudit {

  List<AuditEvent> search(Actor actor, AuditQuery query);

  /**
   * Writes the rows matching {@code query} as CSV to {@code out}.
   *
   * @return how many rows were written
   */
  int exportCsv(Actor actor, AuditQuery query, Writer out);
}
