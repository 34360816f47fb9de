package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.wire.Wire;
import java.net.http.HttpRequest;

/**
 * The calls of the desk's approvals, end of day and user administration to the branch API: keyed
 * writes are sent with one key and re-sent with the same key while no answer comes (or the key is
 * in progress), so a lost answer never repeats the write; an answer that is a problem becomes the
 * {@link ServiceRefusal} the embedded service would have thrown.
 */
final class BranchCalls {

  /**
   * How many times a keyed write is sent before the desk gives up (the key stays safe to resend).
   */
  static final int ATTEMPTS = 4;

  private BranchCalls() {}

  /** A JSON body answered by the branch. */
  record Body(JsonNode json, boolean replayed) {}

  /** The connection made as {@code actor}, who must have signed on at this desk. */
  static BranchConnection signedOn(
      java.util.function.Function<com.onceteller.domain.Actor, BranchConnection> connectionOf,
      com.onceteller.domain.Actor actor) {
    BranchConnection c = connectionOf.apply(actor);
    if (c == null) {
      throw new ServiceRefusal(
          ServiceRefusal.Kind.NOT_PERMITTED, actor.userId() + " is not signed on at this desk.");
    }
    return c;
  }

  /** Each element of a JSON array read with {@code reader}. */
  static <T> java.util.List<T> list(JsonNode array, Reader<T> reader) {
    java.util.List<T> out = new java.util.ArrayList<>();
    for (JsonNode e : array) {
      out.add(read(new Body(e, false), reader));
    }
    return out;
  }

  static Body get(BranchConnection as, String path) {
    return answer(exchange(as, as.request(path).GET().build()));
  }

  /** A POST without a key (a query, or a record such as sign-off). */
  static Body post(BranchConnection as, String path, JsonNode body) {
    return answer(
        exchange(
            as,
            as.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Wire.write(body)))
                .build()));
  }

  /** A keyed POST: the same key on every attempt until the branch answers. */
  static Body keyed(BranchConnection as, String path, IdempotencyKey key, JsonNode body) {
    HttpRequest request =
        as.request(path)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "\"" + key + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(Wire.write(body)))
            .build();
    NoResponseException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        BranchConnection.Answer a = as.exchange(request);
        if (a.status() == 409 && type(a).endsWith("/in-progress") || a.status() == 503) {
          pause(attempt);
          continue;
        }
        return answer(a);
      } catch (NoResponseException e) {
        last = e;
        pause(attempt);
      }
    }
    throw new ServiceRefusal(
        ServiceRefusal.Kind.UNAVAILABLE,
        "The branch server did not answer"
            + (last == null ? "" : " (" + last.getMessage() + ")")
            + "; whether it was done is not known yet: do it again (it is done once).");
  }

  static void pause(int attempt) {
    try {
      Thread.sleep(200L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceRefusal(ServiceRefusal.Kind.UNAVAILABLE, "Interrupted.");
    }
  }

  private static BranchConnection.Answer exchange(BranchConnection as, HttpRequest r) {
    try {
      return as.exchange(r);
    } catch (NoResponseException e) {
      throw new ServiceRefusal(
          ServiceRefusal.Kind.UNAVAILABLE,
          "The branch server could not be reached (" + e.getMessage() + "): try again.");
    }
  }

  private static String type(BranchConnection.Answer a) {
    try {
      return Wire.parse(a.body(), FieldError.Field.KEY).path("type").asText("");
    } catch (Wire.WireException e) {
      return "";
    }
  }

  /** A 2xx body, or the refusal the problem names. */
  static Body answer(BranchConnection.Answer a) {
    JsonNode json;
    try {
      json =
          a.body() == null || a.body().isBlank()
              ? Wire.object()
              : Wire.parse(a.body(), FieldError.Field.KEY);
    } catch (Wire.WireException e) {
      throw new ServiceRefusal(
          ServiceRefusal.Kind.UNAVAILABLE,
          "The branch server's answer was not understood (HTTP " + a.status() + ").");
    }
    if (a.status() >= 200 && a.status() < 300) {
      return new Body(json, a.replayed());
    }
    String detail = json.path("detail").asText("HTTP " + a.status());
    ServiceRefusal.Kind kind =
        switch (a.status()) {
          case 400, 422 -> ServiceRefusal.Kind.INVALID;
          case 401, 403 -> ServiceRefusal.Kind.NOT_PERMITTED;
          case 404 -> ServiceRefusal.Kind.NOT_FOUND;
          case 409 -> ServiceRefusal.Kind.CONFLICT;
          default -> ServiceRefusal.Kind.UNAVAILABLE;
        };
    throw new ServiceRefusal(kind, detail);
  }

  /** Reads a body with {@code reader}, or refuses as not understood. */
  static <T> T read(Body b, Reader<T> reader) {
    try {
      return reader.read(b.json());
    } catch (Wire.WireException | RuntimeException e) {
      throw new ServiceRefusal(
          ServiceRefusal.Kind.UNAVAILABLE, "The branch server's answer was not understood: " + e);
    }
  }

  @FunctionalInterface
  interface Reader<T> {
    T read(JsonNode json) throws Wire.WireException;
  }
}
