package com.onceteller.branch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.wire.Wire;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The branch API (docs/api.md): routes, the Idempotency-Key rules of
 * draft-ietf-httpapi-idempotency-key-header-07, and the mapping of every outcome to a status and a
 * body. The exactly-once work is the service's; this class only translates. Keys are scoped per
 * teller here ({@link KeyScope}) until the service takes the teller itself (issue 11).
 */
public final class BranchApi {

  private static final Logger log = LoggerFactory.getLogger(BranchApi.class);

  public static final String REPLAYED = "Idempotent-Replayed";
  public static final String RETENTION = "Idempotency-Key-Retention";
  public static final String TELLER_ID = "Teller-Id";

  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String START = "onceteller.start";

  private final TransferService service;
  private final LedgerQueries queries;
  private final Authenticator authenticator;
  private final KeyScope scope;
  private final String ledgerId;
  private final String engine;
  private final String retention;

  public BranchApi(
      TransferService service,
      LedgerQueries queries,
      Authenticator authenticator,
      KeyScope scope,
      String ledgerId,
      String engine,
      Duration payloadRetention) {
    this.service = service;
    this.queries = queries;
    this.authenticator = authenticator;
    this.scope = scope;
    this.ledgerId = ledgerId;
    this.engine = engine;
    // Published on every answer, as the draft asks: keys are kept for the life of the ledger; the
    // stored request text of a decision is compacted after the retention (the decision stays).
    this.retention = "keys=\"forever\", request-days=" + payloadRetention.toDays();
  }

  /** Adds the routes to a Javalin configuration. */
  public void install(JavalinConfig config) {
    config.routes.before(
        ctx -> {
          ctx.attribute(START, System.nanoTime());
          ServerTiming.begin();
        });
    config.routes.after(
        ctx -> {
          Long start = ctx.attribute(START);
          ctx.header("Server-Timing", ServerTiming.end(start == null ? System.nanoTime() : start));
          ctx.header(RETENTION, retention);
        });
    config.routes.post("/v1/transfers", this::submit);
    config.routes.get("/v1/transfers/by-key/{key}", this::status);
    config.routes.post("/v1/voids", this::abandon);
    config.routes.post("/v1/restorations", this::restore);
    config.routes.get("/v1/ledger", this::ledger);
    // The read side a teller's desktop shows (accounts, the journal); no keys involved.
    config.routes.get("/v1/accounts", this::accounts);
    config.routes.get("/v1/accounts/{number}", this::account);
    config.routes.get("/v1/journal", this::journal);
    // Seams for issue 11: the same idempotency rules apply; the operations arrive with it.
    for (String path : List.of("/v1/reversals", "/v1/approvals", "/v1/business-days/close")) {
      config.routes.post(path, this::notYet);
    }
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
          problem(
              ctx,
              500,
              "outcome-unknown",
              "Unexpected server failure",
              "The server failed while answering; whether anything was recorded is unknown."
                  + " Sending the same request with the same Idempotency-Key is safe and will"
                  + " tell.",
              null);
        });
    config.routes.error(
        404,
        "*",
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            problem(
                ctx,
                404,
                "not-found",
                "No such resource",
                ctx.path() + " is not part of this API.",
                null);
          }
        });
  }

  // ---- handlers ----

  private void submit(Context ctx) {
    Teller teller = teller(ctx);
    IdempotencyKey key = key(ctx);
    if (teller == null || key == null) {
      return;
    }
    TransferRequest request;
    try {
      request = Wire.request(Wire.parse(ctx.body(), FieldError.Field.AMOUNT));
    } catch (Wire.WireException e) {
      answer(ctx, new TransferOutcome.Invalid(key, e.errors()), key);
      return;
    }
    TransferOutcome outcome = service.submit(scope.ledgerKey(teller, key), request);
    log.debug("{} key {}: {}", teller.id(), key, Wire.name(outcome));
    answer(ctx, outcome, key);
  }

  private void status(Context ctx) {
    Teller teller = teller(ctx);
    if (teller == null) {
      return;
    }
    IdempotencyKey key;
    try {
      key = IdempotencyKey.parse(ctx.pathParam("key"));
    } catch (IdempotencyKey.InvalidKeyException e) {
      problem(ctx, 400, "malformed-key", "Malformed key", e.getMessage(), null);
      return;
    }
    KeyStatus s = queries.statusOf(scope.ledgerKey(teller, key));
    ctx.status(200).contentType("application/json").result(Wire.write(Wire.keyStatus(s, key)));
  }

  private void abandon(Context ctx) {
    Teller teller = teller(ctx);
    IdempotencyKey key = key(ctx);
    if (teller == null || key == null) {
      return;
    }
    TransferRequest request;
    String reason;
    try {
      JsonNode body = Wire.parse(ctx.body(), FieldError.Field.REASON);
      reason = body.path("reason").isTextual() ? body.get("reason").textValue() : null;
      request = body.hasNonNull("request") ? Wire.request(body.get("request")) : null;
    } catch (Wire.WireException e) {
      answer(ctx, new TransferOutcome.Invalid(key, e.errors()), key);
      return;
    }
    TransferOutcome outcome =
        service.abandon(scope.ledgerKey(teller, key), request, teller.id(), reason);
    if (outcome instanceof TransferOutcome.Posted || outcome instanceof TransferOutcome.Rejected) {
      // The key was decided before: the void did nothing, and the answer is that decision.
      ctx.header(REPLAYED, "true");
      ctx.status(200)
          .contentType("application/json")
          .result(Wire.write(Wire.outcome(outcome, key)));
      return;
    }
    if (outcome instanceof TransferOutcome.Voided v) {
      // The void is this endpoint's success: 201, replayed for a second void (same body).
      if (v.replayed()) {
        ctx.header(REPLAYED, "true");
      }
      ctx.status(201).contentType("application/json").result(Wire.write(Wire.outcome(v, key)));
      return;
    }
    answer(ctx, outcome, key);
  }

  private void restore(Context ctx) {
    Teller teller = teller(ctx);
    IdempotencyKey key = key(ctx);
    if (teller == null || key == null) {
      return;
    }
    TransferRequest request;
    String reference;
    Instant postedAt;
    String note;
    try {
      JsonNode body = Wire.parse(ctx.body(), FieldError.Field.REFERENCE);
      request = body.hasNonNull("request") ? Wire.request(body.get("request")) : null;
      reference = body.path("reference").isTextual() ? body.get("reference").textValue() : null;
      postedAt = Wire.instant(body.get("posted_at"), FieldError.Field.POSTED_AT);
      note = body.path("note").isTextual() ? body.get("note").textValue() : null;
    } catch (Wire.WireException e) {
      answer(ctx, new TransferOutcome.Invalid(key, e.errors()), key);
      return;
    }
    RestoreResult r =
        service.restoreAcknowledged(
            scope.ledgerKey(teller, key),
            request,
            reference,
            postedAt,
            note == null ? "restored through the branch API by " + teller.id() : note);
    TransferOutcome o = r.outcome();
    if (!r.restored() && (o instanceof TransferOutcome.Invalid || o.retryable())) {
      answer(ctx, o, key);
      return;
    }
    if (!r.restored()) {
      ctx.header(REPLAYED, "true");
    }
    ctx.status(r.restored() ? 201 : 200)
        .contentType("application/json")
        .result(Wire.write(Wire.restoreResult(r, key)));
  }

  private void ledger(Context ctx) {
    if (teller(ctx) == null) {
      return;
    }
    ObjectNode b = Wire.object();
    b.put("ledger_id", ledgerId);
    b.put("engine", engine);
    b.put("retention", retention);
    ctx.status(200).contentType("application/json").result(Wire.write(b));
  }

  private void accounts(Context ctx) {
    if (teller(ctx) == null) {
      return;
    }
    String search = ctx.queryParam("search");
    int limit = limit(ctx, 1_000);
    var list = search == null ? queries.accounts() : queries.searchAccounts(search, limit);
    var a = Wire.array();
    list.stream().limit(limit).forEach(s -> a.add(Wire.account(s)));
    ctx.status(200).contentType("application/json").result(Wire.write(a));
  }

  private void account(Context ctx) {
    if (teller(ctx) == null) {
      return;
    }
    var found = queries.account(ctx.pathParam("number"));
    if (found.isEmpty()) {
      problem(
          ctx,
          404,
          "no-such-account",
          "No such account",
          "No account " + ctx.pathParam("number") + " in this ledger.",
          null);
      return;
    }
    ctx.status(200).contentType("application/json").result(Wire.write(Wire.account(found.get())));
  }

  private void journal(Context ctx) {
    if (teller(ctx) == null) {
      return;
    }
    Instant since;
    try {
      String s = ctx.queryParam("since");
      since = s == null ? Instant.EPOCH : Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      problem(ctx, 400, "invalid", "Invalid request", "since must be an ISO-8601 instant.", null);
      return;
    }
    var a = Wire.array();
    queries
        .journal(since, ctx.queryParam("search"), limit(ctx, 500))
        .forEach(t -> a.add(Wire.transfer(t)));
    ctx.status(200).contentType("application/json").result(Wire.write(a));
  }

  private static int limit(Context ctx, int max) {
    try {
      String l = ctx.queryParam("limit");
      return l == null ? max : Math.max(1, Math.min(max, Integer.parseInt(l)));
    } catch (NumberFormatException e) {
      return max;
    }
  }

  private void notYet(Context ctx) {
    if (teller(ctx) == null || key(ctx) == null) {
      return;
    }
    problem(
        ctx,
        501,
        "not-implemented",
        "Not available yet",
        ctx.path()
            + " arrives with the teller controls (issue 11); the same Idempotency-Key rules"
            + " will apply.",
        null);
  }

  // ---- helpers ----

  private Teller teller(Context ctx) {
    try {
      return authenticator.authenticate(ctx.header("Authorization"), ctx.header(TELLER_ID));
    } catch (Authenticator.Unauthenticated e) {
      ctx.header("WWW-Authenticate", "Basic realm=\"onceteller\"");
      problem(ctx, 401, "unauthenticated", "Who is asking?", e.getMessage(), null);
      return null;
    }
  }

  private IdempotencyKey key(Context ctx) {
    try {
      return IdempotencyKeyHeader.parse(ctx.header(IdempotencyKeyHeader.NAME));
    } catch (IdempotencyKeyHeader.Malformed e) {
      ObjectNode extra = Wire.object();
      extra.put("outcome", "invalid");
      extra.set(
          "errors", Wire.errors(List.of(new FieldError(FieldError.Field.KEY, e.getMessage()))));
      problem(
          ctx,
          400,
          ctx.header(IdempotencyKeyHeader.NAME) == null ? "missing-key" : "malformed-key",
          ctx.header(IdempotencyKeyHeader.NAME) == null
              ? "Idempotency-Key missing"
              : "Idempotency-Key malformed",
          e.getMessage(),
          extra);
      return null;
    }
  }

  /** The status of each outcome (docs/api.md, "Answers"). */
  static int statusOf(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted) {
      return 201;
    } else if (o instanceof TransferOutcome.Rejected) {
      return 403;
    } else if (o instanceof TransferOutcome.Voided) {
      return 410;
    } else if (o instanceof TransferOutcome.KeyReused) {
      return 422;
    } else if (o instanceof TransferOutcome.Invalid) {
      return 400;
    } else if (o instanceof TransferOutcome.InProgress) {
      return 409;
    } else if (o instanceof TransferOutcome.NotExecuted) {
      return 503;
    }
    return 500;
  }

  private static String title(TransferOutcome o) {
    if (o instanceof TransferOutcome.Rejected) {
      return "Transfer rejected";
    } else if (o instanceof TransferOutcome.Voided) {
      return "Transfer abandoned: the key is voided";
    } else if (o instanceof TransferOutcome.KeyReused) {
      return "Idempotency-Key reused for a different request";
    } else if (o instanceof TransferOutcome.Invalid) {
      return "Invalid request";
    } else if (o instanceof TransferOutcome.InProgress) {
      return "A request with this Idempotency-Key is being processed";
    } else if (o instanceof TransferOutcome.NotExecuted) {
      return "Not executed; safe to retry";
    }
    return "Outcome unknown; retry with the same key";
  }

  private void answer(Context ctx, TransferOutcome o, IdempotencyKey key) {
    int status = statusOf(o);
    ObjectNode body = Wire.outcome(o, key);
    boolean replayed =
        (o instanceof TransferOutcome.Posted p && p.replayed())
            || (o instanceof TransferOutcome.Rejected r && r.replayed())
            || (o instanceof TransferOutcome.Voided v && v.replayed());
    if (replayed) {
      ctx.header(REPLAYED, "true");
    }
    if (o instanceof TransferOutcome.Posted) {
      ctx.header("Location", "/v1/transfers/by-key/" + key);
    }
    if (o.retryable()) {
      ctx.header("Retry-After", "1");
    }
    if (status < 300) {
      ctx.status(status).contentType("application/json").result(Wire.write(body));
      return;
    }
    String detail = body.path("detail").asText(title(o));
    body.remove("detail");
    problem(ctx, status, Wire.name(o).replace('_', '-'), title(o), detail, body);
  }

  /** An RFC 9457 problem; {@code extra} members are added after the standard ones. */
  static void problem(
      Context ctx, int status, String type, String title, String detail, ObjectNode extra) {
    ObjectNode p = Wire.object();
    p.put("type", Wire.PROBLEM_BASE + type);
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    if (extra != null) {
      p.setAll(extra);
    }
    ctx.status(status).contentType(PROBLEM_JSON).result(Wire.write(p));
  }
}
