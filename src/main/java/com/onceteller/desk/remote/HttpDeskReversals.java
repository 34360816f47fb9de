package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.onceteller.desk.client.DeskReversals;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.domain.Actor;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferSummary;
import com.onceteller.wire.Wire;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reversals at a branch desk: the original posting from the journal ({@code GET /v1/journal}), the
 * reversal {@code POST /v1/reversals} under the reversal form's key, made as the desk's signed-on
 * user, re-sent with the same key while no answer comes (or the key is in progress), so a lost
 * answer never reverses twice. The answers are a transfer's (docs/api.md).
 */
public final class HttpDeskReversals implements DeskReversals {

  private final Function<Actor, BranchConnection> connectionOf;

  public HttpDeskReversals(Function<Actor, BranchConnection> connectionOf) {
    this.connectionOf = Objects.requireNonNull(connectionOf);
  }

  private BranchConnection as(Actor actor) {
    return BranchCalls.signedOn(connectionOf, actor);
  }

  @Override
  public Optional<TransferSummary> posting(Actor actor, String reference) {
    String ref = reference == null ? "" : reference.strip();
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    JsonNode a =
        BranchCalls.get(
                as(actor),
                "/v1/journal?search="
                    + URLEncoder.encode(ref, StandardCharsets.UTF_8)
                    + "&limit=50")
            .json();
    for (JsonNode t : a) {
      TransferSummary s = BranchCalls.read(new BranchCalls.Body(t, false), j -> Wire.transfer(j));
      if (s.reference().equalsIgnoreCase(ref)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @Override
  public TransferOutcome reverse(Actor actor, IdempotencyKey key, String reference, String reason) {
    ObjectNode b = Wire.object();
    b.put("original_reference", reference == null ? "" : reference.strip());
    b.put("reason", reason == null ? "" : reason);
    BranchConnection as = as(actor);
    HttpRequest request =
        as.request("/v1/reversals")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "\"" + key + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(Wire.write(b)))
            .build();
    TransferOutcome last = null;
    NoResponseException lost = null;
    for (int attempt = 1; attempt <= BranchCalls.ATTEMPTS; attempt++) {
      try {
        last = outcome(as.exchange(request), key);
        if (!last.retryable()) {
          return last;
        }
      } catch (NoResponseException e) {
        lost = e;
      }
      BranchCalls.pause(attempt);
    }
    if (last != null) {
      return last;
    }
    throw new ServiceRefusal(
        ServiceRefusal.Kind.UNAVAILABLE,
        "The branch server did not answer ("
            + lost.getMessage()
            + "); whether the reversal was posted is not known yet: send it again (it posts"
            + " once).");
  }

  private static TransferOutcome outcome(BranchConnection.Answer a, IdempotencyKey key)
      throws NoResponseException {
    try {
      JsonNode body = Wire.parse(a.body(), FieldError.Field.KEY);
      if (!body.hasNonNull("outcome")) {
        throw new Wire.WireException(java.util.List.of());
      }
      return Wire.outcome(body, key, a.replayed());
    } catch (Wire.WireException e) {
      throw new NoResponseException(
          NoResponseException.Kind.CONNECTION_LOST,
          "HTTP " + a.status() + " without an answer of the branch API.");
    }
  }
}
