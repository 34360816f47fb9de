package com.onceteller.desk.client;

import com.onceteller.branch.service.AuditQueries;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEvent;
import com.onceteller.domain.AuditQuery;
import java.io.Writer;
import java.util.List;
import java.util.Objects;

/** {@link DeskAudit} on the ledger in this process. */
public final class LocalDeskAudit implements DeskAudit {

  private final AuditQueries audit;

  public LocalDeskAudit(AuditQueries audit) {
    this.audit = Objects.requireNonNull(audit);
  }

  @Override
  public List<AuditEvent> search(Actor actor, AuditQuery query) {
    return audit.search(actor, query);
  }

  @Override
  public int exportCsv(Actor actor, AuditQuery query, Writer out) {
    return audit.exportCsv(actor, query, out);
  }
}
