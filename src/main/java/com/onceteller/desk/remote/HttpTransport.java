package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.TransferTransport;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.wire.Wire;
import java.net.http.HttpRequest;

/**
 * Sends a transfer to the branch server: {@code POST /v1/transfers} with the key as {@code
 * Idempotency-Key: "…"}. An answer of the API (any status whose body names an outcome) becomes that
 * outcome, a replay when {@code Idempotent-Replayed: true}; anything else — refused, reset, timed
 * out, a 5xx without the API's body (a proxy's 502) — is no answer at all.
 */
public final class HttpTransport implements TransferTransport {

  private final BranchConnection branch;
  private final ServerSteps.Listener steps;

  public HttpTransport(BranchConnection branch) {
    this(branch, ServerSteps.Listener.NONE);
  }

  /** With {@code steps}, told what the server did for every answered attempt (Server-Timing). */
  public HttpTransport(BranchConnection branch, ServerSteps.Listener steps) {
    this.branch = branch;
    this.steps = steps;
  }

  @Override
  public TransferOutcome send(Envelope envelope) throws NoResponseException {
    HttpRequest request =
        branch
            .request("/v1/transfers")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "\"" + envelope.key() + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(Wire.write(Wire.request(envelope.request()))))
            .build();
    BranchConnection.Answer a = branch.exchange(request);
    TransferOutcome outcome = outcome(a, envelope);
    steps.answered(new ServerSteps(envelope, ServerSteps.parse(a.serverTiming()), outcome));
    return outcome;
  }

  static TransferOutcome outcome(BranchConnection.Answer a, Envelope envelope)
      throws NoResponseException {
    try {
      JsonNode body = Wire.parse(a.body(), FieldError.Field.KEY);
      if (!body.hasNonNull("outcome")) {
        throw new Wire.WireException(java.util.List.of());
      }
      return Wire.outcome(body, envelope.key(), a.replayed());
    } catch (Wire.WireException e) {
      throw new NoResponseException(
          NoResponseException.Kind.CONNECTION_LOST,
          "HTTP "
              + a.status()
              + " without an answer of the branch API (a proxy or the server failing): the"
              + " transfer may or may not have been recorded.");
    }
  }
}
