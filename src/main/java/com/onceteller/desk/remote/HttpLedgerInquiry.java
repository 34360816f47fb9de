package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.LedgerInquiry;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.Outbox;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.wire.Wire;
import java.net.http.HttpRequest;

/**
 * The desk's questions to the branch over HTTP: what became of a key ({@code GET
 * /v1/transfers/by-key/…}), restore an acknowledged posting ({@code POST /v1/restorations}), fence
 * a key ({@code POST /v1/voids}). A branch that cannot be reached is an {@link
 * IllegalStateException}, as {@link LedgerInquiry} asks; the start-up audit then tries again later.
 */
public final class HttpLedgerInquiry implements LedgerInquiry {

  private final BranchConnection branch;

  public HttpLedgerInquiry(BranchConnection branch) {
    this.branch = branch;
  }

  @Override
  public KeyStatus statusOf(IdempotencyKey key) {
    BranchConnection.Answer a = call(branch.request("/v1/transfers/by-key/" + key).GET().build());
    if (a.status() != 200) {
      throw new IllegalStateException(
          "The branch could not tell the status of " + key + " (HTTP " + a.status() + ").");
    }
    try {
      return Wire.keyStatus(Wire.parse(a.body(), FieldError.Field.KEY), key);
    } catch (Wire.WireException e) {
      throw new IllegalStateException("The branch's answer about " + key + " is malformed.", e);
    }
  }

  @Override
  public RestoreResult restore(Outbox.Acknowledgement ack, String note) {
    ObjectNode body = Wire.object();
    if (ack.request() != null) {
      body.set("request", Wire.request(ack.request()));
    }
    if (ack.reference() != null) {
      body.put("reference", ack.reference());
    }
    if (ack.decidedAt() != null) {
      body.put("posted_at", ack.decidedAt().toString());
    }
    if (note != null) {
      body.put("note", note);
    }
    BranchConnection.Answer a = call(keyed("/v1/restorations", ack.key(), body));
    try {
      JsonNode b = Wire.parse(a.body(), FieldError.Field.KEY);
      if (b.has("ledger_answer")) {
        return Wire.restoreResult(b, ack.key(), a.replayed());
      }
      TransferOutcome o = Wire.outcome(b, ack.key(), a.replayed());
      return new RestoreResult(
          ack.key(), false, null, false, null, o, "Nothing restored: " + b.path("detail").asText());
    } catch (Wire.WireException e) {
      throw new IllegalStateException(
          "The branch's answer to restoring "
              + ack.key()
              + " is malformed (HTTP "
              + a.status()
              + ").",
          e);
    }
  }

  @Override
  public TransferOutcome fence(
      IdempotencyKey key, TransferRequest request, String by, String reason) {
    ObjectNode body = Wire.object();
    body.put("reason", reason);
    if (request != null) {
      body.set("request", Wire.request(request));
    }
    BranchConnection.Answer a = call(keyed("/v1/voids", key, body));
    try {
      return HttpTransport.outcome(a, new Envelope(key, request, 0));
    } catch (NoResponseException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private HttpRequest keyed(String path, IdempotencyKey key, ObjectNode body) {
    return branch
        .request(path)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", "\"" + key + "\"")
        .POST(HttpRequest.BodyPublishers.ofString(Wire.write(body)))
        .build();
  }

  private BranchConnection.Answer call(HttpRequest request) {
    try {
      return branch.exchange(request);
    } catch (NoResponseException e) {
      throw new IllegalStateException(
          "The branch server could not be reached: " + e.getMessage(), e);
    }
  }

  /** The branch ledger's identity ({@code GET /v1/ledger}), which the desk's records bind to. */
  public String ledgerId() {
    BranchConnection.Answer a = call(branch.request("/v1/ledger").GET().build());
    try {
      JsonNode b = Wire.parse(a.body(), FieldError.Field.KEY);
      if (a.status() != 200 || !b.hasNonNull("ledger_id")) {
        throw new IllegalStateException(
            "The branch did not say which ledger it serves (HTTP " + a.status() + ").");
      }
      return b.get("ledger_id").asText();
    } catch (Wire.WireException e) {
      throw new IllegalStateException("The branch's answer about its ledger is malformed.", e);
    }
  }
}
