package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.onceteller.desk.client.DeskAudit;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEvent;
import com.onceteller.domain.AuditQuery;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.wire.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The audit trail at a branch desk: {@code GET /v1/audit-events} (search) and {@code GET
 * /v1/audit-events.csv} (export, the CSV as the server's {@code AuditQueries} wrote it), made as
 * the desk's signed-on auditor. Both are recorded by the ledger.
 */
public final class HttpDeskAudit implements DeskAudit {

  private final Function<Actor, BranchConnection> connectionOf;

  public HttpDeskAudit(Function<Actor, BranchConnection> connectionOf) {
    this.connectionOf = Objects.requireNonNull(connectionOf);
  }

  private BranchConnection as(Actor actor) {
    return BranchCalls.signedOn(connectionOf, actor);
  }

  @Override
  public List<AuditEvent> search(Actor actor, AuditQuery query) {
    JsonNode a = BranchCalls.get(as(actor), "/v1/audit-events?" + Wire.auditQuery(query)).json();
    return BranchCalls.list(a, Wire::auditEvent);
  }

  @Override
  public int exportCsv(Actor actor, AuditQuery query, Writer out) {
    BranchConnection as = as(actor);
    BranchConnection.Answer a;
    try {
      a =
          as.exchange(
              as.request("/v1/audit-events.csv?" + Wire.auditQuery(query))
                  .setHeader("Accept", "text/csv, application/problem+json")
                  .GET()
                  .build());
    } catch (NoResponseException e) {
      throw new ServiceRefusal(
          ServiceRefusal.Kind.UNAVAILABLE,
          "The branch server could not be reached (" + e.getMessage() + "): try again.");
    }
    if (a.status() != 200) {
      BranchCalls.answer(a); // the refusal the problem names
      throw new ServiceRefusal(ServiceRefusal.Kind.UNAVAILABLE, "HTTP " + a.status());
    }
    try {
      out.write(a.body());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows(a.body());
  }

  /** The rows of an RFC 4180 text: its CRLF line ends outside quotes, less the header. */
  static int rows(String csv) {
    int lines = 0;
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\n' && !quoted) {
        lines++;
      }
    }
    return Math.max(0, lines - 1);
  }
}
