package com.onceteller.branch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.onceteller.branch.service.ApprovalService;
import com.onceteller.branch.service.EndOfDayService;
import com.onceteller.branch.service.IdentityService;
import com.onceteller.branch.service.KeyedOperations;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Approval;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.Permission;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.Role;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.SignOnResult;
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
 * body. The exactly-once work is the service's; this class only translates. Every request but
 * {@code GET /v1/ledger} is made as a signed-on user ({@link Authenticator}: HTTP Basic against the
 * ledger's users), handed to the service as the {@link Actor} that every operation checks; keys are
 * scoped per teller by the service itself (the claim is unique per teller and key).
 */
public final class BranchApi {

  private static final Logger log = LoggerFactory.getLogger(BranchApi.class);

  public static final String REPLAYED = "Idempotent-Replayed";
  public static final String RETENTION = "Idempotency-Key-Retention";

  /** The request header naming the desk a request comes from (the audit trail's origin). */
  public static final String WORKSTATION = "Workstation";

  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String START = "onceteller.start";

  private final TransferService service;
  private final LedgerQueries queries;
  private final IdentityService identity;
  private final ApprovalService approvals;
  private final EndOfDayService endOfDay;
  private final KeyedOperations keyed;
  private final com.onceteller.branch.service.ReceiptService receipts;
  private final com.onceteller.branch.service.AuditQueries audit;
  private final Authenticator authenticator;
  private final String ledgerId;
  private final String engine;
  private final String retention;

  public BranchApi(
      TransferService service,
      LedgerQueries queries,
      IdentityService identity,
      ApprovalService approvals,
      EndOfDayService endOfDay,
      KeyedOperations keyed,
      com.onceteller.branch.service.ReceiptService receipts,
      com.onceteller.branch.service.AuditQueries audit,
      Authenticator authenticator,
      String ledgerId,
      String engine,
      Duration payloadRetention) {
    this.service = service;
    this.queries = queries;
    this.identity = identity;
    this.approvals = approvals;
    this.endOfDay = endOfDay;
    this.keyed = keyed;
    this.receipts = receipts;
    this.audit = audit;
    this.authenticator = authenticator;
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
    // Who is asking (the teller controls' sign-on, over HTTP Basic).
    config.routes.post("/v1/sign-on", this::signOn);
    config.routes.post("/v1/sign-off", this::signOff);
    config.routes.post("/v1/screen-lock", this::screenLock);
    config.routes.post("/v1/screen-unlock", this::screenUnlock);
    config.routes.post("/v1/transfers", this::submit);
    config.routes.get("/v1/transfers/by-key/{key}", this::status);
    config.routes.post("/v1/voids", this::abandon);
    config.routes.post("/v1/restorations", this::restore);
    config.routes.post("/v1/reversals", this::reverse);
    config.routes.get("/v1/ledger", this::ledger);
    // The read side a teller's desktop shows (accounts, the journal); no keys involved.
    config.routes.get("/v1/accounts", this::accounts);
    config.routes.get("/v1/accounts/{number}", this::account);
    config.routes.get("/v1/journal", this::journal);
    // Approvals, end of day and user administration (issue 11's services, keyed like transfers).
    config.routes.get("/v1/approvals", this::approvalQueue);
    config.routes.post("/v1/approvals", this::approval);
    config.routes.post("/v1/in-doubt-sign-offs", this::signOffInDoubt);
    config.routes.get("/v1/business-days/open", this::openDay);
    config.routes.post("/v1/business-days/report", this::currentReport);
    config.routes.get("/v1/business-days/{date}/report", this::dayReport);
    config.routes.get("/v1/business-days/{date}/report.pdf", this::dayReportPdf);
    config.routes.post("/v1/business-days/close", this::closeDay);
    config.routes.get("/v1/users", this::users);
    config.routes.post("/v1/users", this::createUser);
    config.routes.post("/v1/users/{id}/unlock", this::unlockUser);
    // Receipts (a keyed write: every copy is recorded) and the auditor's trail.
    config.routes.post("/v1/receipts", this::issueReceipt);
    config.routes.get("/v1/audit-events", this::auditSearch);
    config.routes.get("/v1/audit-events.csv", this::auditExport);
    config.routes.exception(
        ServiceRefusal.class,
        (e, ctx) ->
            problem(
                ctx, statusOf(e.kind()), refusalType(e.kind()), "Refused", e.getMessage(), null));
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

  private void signOn(Context ctx) {
    SignOnResult.SignedOn s;
    try {
      s = authenticator.signOn(ctx.header("Authorization"), workstation(ctx));
    } catch (Authenticator.Unauthenticated e) {
      unauthenticated(ctx, e.getMessage());
      return;
    }
    // The session the desk uses from now on instead of the password (Authorization: Bearer …).
    var session = authenticator.startSession(s.actor());
    ObjectNode b = Wire.signedOn(s);
    b.put("session_token", session.token());
    b.put("session_expires_at", session.expiresAt().toString());
    ctx.status(200)
        .contentType("application/json")
        .header("Cache-Control", "no-store")
        .result(Wire.write(b));
  }

  private void signOff(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    authenticator.forget(actor);
    String why = reason(ctx, "signed off through the branch API");
    authenticator.endSession(ctx.header("Authorization"), why);
    identity.signOff(actor, why);
    ctx.status(204);
  }

  private void screenLock(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    identity.screenLocked(actor, reason(ctx, "locked"));
    ctx.status(204);
  }

  /**
   * The password typed at the lock screen, as HTTP Basic, with the role the desk's user holds: the
   * ledger checks it as a screen unlock (a failure counts towards the lockout).
   */
  private void screenUnlock(Context ctx) {
    Role role;
    try {
      role = Role.valueOf(Wire.parse(ctx.body(), FieldError.Field.ACTOR).path("role").asText(""));
    } catch (Wire.WireException | IllegalArgumentException e) {
      problem(
          ctx,
          400,
          "invalid",
          "Invalid request",
          "Say the user's role: {\"role\":\"TELLER\"}.",
          null);
      return;
    }
    try {
      authenticator.unlockScreen(ctx.header("Authorization"), role, workstation(ctx));
    } catch (Authenticator.Unauthenticated e) {
      unauthenticated(ctx, e.getMessage());
      return;
    }
    ctx.status(204);
  }

  private static String reason(Context ctx, String otherwise) {
    try {
      String r = Wire.parse(ctx.body(), FieldError.Field.REASON).path("reason").asText("");
      return r.isBlank() ? otherwise : com.onceteller.domain.FreeText.line(r);
    } catch (Wire.WireException e) {
      return otherwise;
    }
  }

  private void submit(Context ctx) {
    Actor actor = actor(ctx);
    IdempotencyKey key = actor == null ? null : key(ctx);
    if (key == null) {
      return;
    }
    TransferRequest request;
    try {
      request = Wire.request(Wire.parse(ctx.body(), FieldError.Field.AMOUNT));
    } catch (Wire.WireException e) {
      answer(ctx, new TransferOutcome.Invalid(key, e.errors()), key);
      return;
    }
    TransferOutcome outcome = service.submit(actor, key, request);
    log.debug("{} key {}: {}", actor.userId(), key, Wire.name(outcome));
    answer(ctx, outcome, key);
  }

  /** {@code ?teller=ID} asks about another teller's key (a supervisor's right). */
  private void status(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    IdempotencyKey key;
    try {
      key = IdempotencyKey.parse(ctx.pathParam("key"));
    } catch (IdempotencyKey.InvalidKeyException e) {
      problem(ctx, 400, "malformed-key", "Malformed key", e.getMessage(), null);
      return;
    }
    String teller = ctx.queryParam("teller");
    KeyStatus s =
        queries.statusOf(
            actor, teller == null || teller.isBlank() ? actor.userId() : teller.strip(), key);
    ctx.status(200).contentType("application/json").result(Wire.write(Wire.keyStatus(s, key)));
  }

  private void abandon(Context ctx) {
    Actor actor = actor(ctx);
    IdempotencyKey key = actor == null ? null : key(ctx);
    if (key == null) {
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
    voidAnswer(ctx, service.abandon(actor, key, request, reason), key);
  }

  private void restore(Context ctx) {
    Actor actor = actor(ctx);
    IdempotencyKey key = actor == null ? null : key(ctx);
    if (key == null) {
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
            actor,
            key,
            request,
            reference,
            postedAt,
            note == null ? "restored through the branch API by " + actor.userId() : note);
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

  /**
   * A reversal of a posting ({@code TransferService.reverse}): its own key, the same answers as a
   * transfer (a second reversal of the same original is a stored {@code rejected}
   * ALREADY_REVERSED).
   */
  private void reverse(Context ctx) {
    Actor actor = actor(ctx);
    IdempotencyKey key = actor == null ? null : key(ctx);
    if (key == null) {
      return;
    }
    String original;
    String reason;
    try {
      JsonNode body = Wire.parse(ctx.body(), FieldError.Field.REFERENCE);
      original =
          body.path("original_reference").isTextual()
              ? body.get("original_reference").textValue()
              : null;
      reason = body.path("reason").isTextual() ? body.get("reason").textValue() : null;
    } catch (Wire.WireException e) {
      answer(ctx, new TransferOutcome.Invalid(key, e.errors()), key);
      return;
    }
    answer(ctx, service.reverse(actor, key, original, reason), key);
  }

  /** Public: which ledger this is, so that a desk binds its records before anyone signs on. */
  private void ledger(Context ctx) {
    ObjectNode b = Wire.object();
    b.put("ledger_id", ledgerId);
    b.put("engine", engine);
    b.put("retention", retention);
    ctx.status(200).contentType("application/json").result(Wire.write(b));
  }

  private void accounts(Context ctx) {
    if (reader(ctx) == null) {
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
    if (reader(ctx) == null) {
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
    if (reader(ctx) == null) {
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

  // ---- approvals ----

  /** The queue of requests waiting for a supervisor (the asking supervisor's own left out). */
  private void approvalQueue(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    var a = Wire.array();
    approvals.queue(actor).forEach(p -> a.add(Wire.pending(p)));
    ctx.status(200).contentType("application/json").result(Wire.write(a));
  }

  /**
   * Approves or declines the request waiting under a teller's key. The request's own
   * Idempotency-Key is the approver's (keys are per user); the body names the teller's key. With
   * {@code "mode":"over_the_shoulder"} the request is authenticated as the supervisor who typed
   * their credentials on the teller's desk ({@code Workstation}: that desk), checked now.
   */
  private void approval(Context ctx) {
    JsonNode body = lenientBody(ctx);
    Actor actor =
        actingSupervisor(
            ctx,
            body,
            body == null
                ? ""
                : "teller "
                    + body.path("teller").asText("?")
                    + ", key "
                    + body.path("key").asText("?"));
    IdempotencyKey opKey = actor == null ? null : key(ctx);
    if (opKey == null) {
      return;
    }
    if (body == null) {
      invalid(ctx, "The body must be a JSON object: {\"teller\",\"key\",\"decision\",\"reason\"}.");
      return;
    }
    String teller = body.path("teller").asText("").strip().toLowerCase(java.util.Locale.ROOT);
    String decision = body.path("decision").asText("");
    String reason = body.path("reason").isTextual() ? body.get("reason").textValue() : null;
    IdempotencyKey key;
    try {
      key = IdempotencyKey.parse(body.path("key").asText(""));
    } catch (IdempotencyKey.InvalidKeyException e) {
      invalid(
          ctx,
          "key: the teller's Idempotency-Key of the waiting request (a UUID). " + e.getMessage());
      return;
    }
    if (teller.isEmpty()) {
      invalid(ctx, "teller: whose request it is is missing.");
      return;
    }
    KeyedOperations.Answer a;
    if ("approve".equals(decision)) {
      String fingerprint =
          body.path("fingerprint").isTextual() ? body.get("fingerprint").textValue() : null;
      if (fingerprint == null && body.hasNonNull("request")) {
        try {
          fingerprint = Wire.request(body.get("request")).normalized().fingerprint();
        } catch (Wire.WireException e) {
          invalid(ctx, "request: " + e.getMessage());
          return;
        }
      }
      if (fingerprint == null) {
        invalid(
            ctx,
            "Say which request is approved: its fingerprint (from GET /v1/approvals) or the request.");
        return;
      }
      a =
          approvals.approve(
              keyed,
              opKey,
              r -> Wire.write(Wire.approvalResult(r)),
              actor,
              teller,
              key,
              fingerprint,
              reason,
              overTheShoulder(body) ? Approval.Mode.OVER_THE_SHOULDER : Approval.Mode.QUEUE);
    } else if ("decline".equals(decision)) {
      a =
          approvals.decline(
              keyed, opKey, o -> Wire.write(Wire.outcome(o, key)), actor, teller, key, reason);
    } else {
      invalid(ctx, "decision must be \"approve\" or \"decline\".");
      return;
    }
    keyedAnswer(ctx, a, 201);
  }

  /**
   * A supervisor signs off another teller's in-doubt item at the end of the day: its key (in the
   * Idempotency-Key header, as for a void) is fenced in the teller's scope. Over the shoulder as an
   * approval ({@code "mode":"over_the_shoulder"}).
   */
  private void signOffInDoubt(Context ctx) {
    JsonNode body = lenientBody(ctx);
    Actor actor = actingSupervisor(ctx, body, "in-doubt item sign-off");
    IdempotencyKey key = actor == null ? null : key(ctx);
    if (key == null) {
      return;
    }
    if (body == null) {
      invalid(ctx, "The body must be a JSON object: {\"teller\",\"reason\",\"request\"}.");
      return;
    }
    TransferRequest request;
    try {
      request = body.hasNonNull("request") ? Wire.request(body.get("request")) : null;
    } catch (Wire.WireException e) {
      answer(ctx, new TransferOutcome.Invalid(key, e.errors()), key);
      return;
    }
    String teller = body.path("teller").asText("").strip().toLowerCase(java.util.Locale.ROOT);
    String reason = body.path("reason").isTextual() ? body.get("reason").textValue() : null;
    voidAnswer(ctx, service.signOffInDoubt(actor, teller, key, request, reason), key);
  }

  // ---- end of day ----

  private void openDay(Context ctx) {
    if (actor(ctx) == null) {
      return;
    }
    ObjectNode b = Wire.object();
    b.put("business_date", endOfDay.openDay().toString());
    ctx.status(200).contentType("application/json").result(Wire.write(b));
  }

  /**
   * The open day's report with the asking desk's in-doubt items (a query: nothing changes, no key):
   * {@code {"scope":"teller","teller":"anna","in_doubt":[…]}} or {@code {"scope":"branch",…}}.
   */
  private void currentReport(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    DayRequest d = dayRequest(ctx, actor);
    if (d == null) {
      return;
    }
    var r =
        d.branch()
            ? endOfDay.branchReport(actor, d.inDoubt())
            : endOfDay.tellerReport(actor, d.teller(), d.inDoubt());
    ctx.status(200).contentType("application/json").result(Wire.write(Wire.report(r)));
  }

  private record DayRequest(
      boolean branch, String teller, List<com.onceteller.domain.DeskItem> inDoubt) {}

  private DayRequest dayRequest(Context ctx, Actor actor) {
    try {
      JsonNode b = Wire.parse(ctx.body().isBlank() ? "{}" : ctx.body(), FieldError.Field.KEY);
      String scope = b.path("scope").asText("teller");
      if (!scope.equals("teller") && !scope.equals("branch")) {
        invalid(ctx, "scope must be \"teller\" or \"branch\".");
        return null;
      }
      String teller =
          b.hasNonNull("teller")
              ? b.get("teller").asText().strip().toLowerCase(java.util.Locale.ROOT)
              : actor.userId();
      return new DayRequest(scope.equals("branch"), teller, Wire.deskItems(b.get("in_doubt")));
    } catch (Wire.WireException e) {
      invalid(ctx, e.getMessage());
      return null;
    }
  }

  private com.onceteller.domain.EndOfDayReport dayReportOf(Context ctx, Actor actor) {
    java.time.LocalDate date;
    try {
      String d = ctx.pathParam("date");
      date = d.equals("open") ? endOfDay.openDay() : java.time.LocalDate.parse(d);
    } catch (java.time.format.DateTimeParseException e) {
      invalid(ctx, "The date must be an ISO-8601 date (2026-11-30) or \"open\".");
      return null;
    }
    String teller = ctx.queryParam("teller");
    return endOfDay.report(
        actor,
        date,
        teller == null || teller.isBlank()
            ? null
            : teller.strip().toLowerCase(java.util.Locale.ROOT));
  }

  /** Any day's report, closed or open: {@code ?teller=ID} a teller's, else the branch's. */
  private void dayReport(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    var r = dayReportOf(ctx, actor);
    if (r != null) {
      ctx.status(200).contentType("application/json").result(Wire.write(Wire.report(r)));
    }
  }

  /** The same report as the PDF a desk saves (paper.EndOfDayPdf). */
  private void dayReportPdf(Context ctx) throws java.io.IOException {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    var r = dayReportOf(ctx, actor);
    if (r == null) {
      return;
    }
    java.nio.file.Path file = java.nio.file.Files.createTempFile("end-of-day-", ".pdf");
    try {
      com.onceteller.paper.EndOfDayPdf.write(r, file);
      ctx.status(200)
          .contentType("application/pdf")
          .header(
              "Content-Disposition",
              "attachment; filename=\"end-of-day-"
                  + r.date()
                  + "-"
                  + (r.tellerId() == null ? "branch" : r.tellerId())
                  + ".pdf\"")
          .result(java.nio.file.Files.readAllBytes(file));
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  /**
   * Closes the teller's day ({@code "scope":"teller"}, default: the asking user's own, or {@code
   * teller} for a supervisor) or the branch's business day ({@code "scope":"branch"}), with the
   * desk's in-doubt items; keyed and replayed like a transfer. What blocks a close is a stored
   * {@code 409 …/day-not-closable}.
   */
  private void closeDay(Context ctx) {
    Actor actor = actor(ctx);
    IdempotencyKey opKey = actor == null ? null : key(ctx);
    if (opKey == null) {
      return;
    }
    DayRequest d = dayRequest(ctx, actor);
    if (d == null) {
      return;
    }
    KeyedOperations.Answer a =
        d.branch()
            ? endOfDay.closeBusinessDay(
                keyed, opKey, r -> Wire.write(Wire.report(r)), actor, d.inDoubt())
            : endOfDay.closeTellerDay(
                keyed, opKey, r -> Wire.write(Wire.report(r)), actor, d.teller(), d.inDoubt());
    keyedAnswer(ctx, a, 201);
  }

  // ---- users ----

  private void users(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    var a = Wire.array();
    identity.users(actor).forEach(u -> a.add(Wire.user(u)));
    ctx.status(200).contentType("application/json").result(Wire.write(a));
  }

  /** An administrator creates a user: {@code {"user_id","display_name","role","password"}}. */
  private void createUser(Context ctx) {
    Actor actor = actor(ctx);
    IdempotencyKey opKey = actor == null ? null : key(ctx);
    if (opKey == null) {
      return;
    }
    JsonNode b;
    Role role;
    try {
      b = Wire.parse(ctx.body(), FieldError.Field.ACTOR);
      role = Role.valueOf(b.path("role").asText("").toUpperCase(java.util.Locale.ROOT));
    } catch (Wire.WireException | IllegalArgumentException e) {
      invalid(
          ctx,
          "The body must be {\"user_id\",\"display_name\",\"role\",\"password\"}, role one of"
              + " TELLER, SUPERVISOR, AUDITOR, ADMINISTRATOR.");
      return;
    }
    char[] password = b.path("password").asText("").toCharArray();
    try {
      keyedAnswer(
          ctx,
          identity.createUser(
              keyed,
              opKey,
              u -> Wire.write(Wire.user(u)),
              actor,
              b.path("user_id").asText(""),
              b.path("display_name").asText(""),
              role,
              password),
          201);
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  /** A supervisor (or an administrator) unlocks a user locked after failed sign-ons. */
  private void unlockUser(Context ctx) {
    Actor actor = actor(ctx);
    IdempotencyKey opKey = actor == null ? null : key(ctx);
    if (opKey == null) {
      return;
    }
    keyedAnswer(
        ctx,
        identity.unlock(keyed, opKey, u -> Wire.write(Wire.user(u)), actor, ctx.pathParam("id")),
        200);
  }

  // ---- receipts and the audit trail ----

  /**
   * Issues the next copy of a posting's receipt ({@code {"reference":"T-…"}}): the first copy is
   * the original, every later one a DUPLICATE, each recorded (ReceiptService). Keyed: a retry with
   * the key replays the same copy. The answer is the receipt's data; the desk renders its PDF.
   */
  private void issueReceipt(Context ctx) {
    Actor actor = actor(ctx);
    IdempotencyKey opKey = actor == null ? null : key(ctx);
    if (opKey == null) {
      return;
    }
    String reference;
    try {
      JsonNode b = Wire.parse(ctx.body(), FieldError.Field.REFERENCE);
      reference = b.path("reference").isTextual() ? b.get("reference").textValue().strip() : "";
    } catch (Wire.WireException e) {
      reference = "";
    }
    if (reference.isEmpty()) {
      invalid(ctx, "The body must be {\"reference\":\"T-…\"}: the posting's reference.");
      return;
    }
    keyedAnswer(
        ctx, receipts.issue(keyed, opKey, r -> Wire.write(Wire.receipt(r)), actor, reference), 201);
  }

  /** An auditor's search of the audit trail, newest first; the search itself is recorded. */
  private void auditSearch(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    com.onceteller.domain.AuditQuery q = auditQuery(ctx, 1_000);
    if (q == null) {
      return;
    }
    var a = Wire.array();
    audit.search(actor, q).forEach(e -> a.add(Wire.auditEvent(e)));
    ctx.status(200).contentType("application/json").result(Wire.write(a));
  }

  /** The audit trail as CSV (RFC 4180, oldest first), as AuditQueries writes it; recorded. */
  private void auditExport(Context ctx) {
    Actor actor = actor(ctx);
    if (actor == null) {
      return;
    }
    com.onceteller.domain.AuditQuery q =
        auditQuery(ctx, com.onceteller.branch.service.AuditQueries.MAX_ROWS);
    if (q == null) {
      return;
    }
    java.io.StringWriter csv = new java.io.StringWriter();
    int rows = audit.exportCsv(actor, q, csv);
    ctx.header("Audit-Rows", Integer.toString(rows));
    ctx.status(200).contentType("text/csv; charset=utf-8").result(csv.toString());
  }

  private static com.onceteller.domain.AuditQuery auditQuery(Context ctx, int defaultLimit) {
    try {
      return Wire.auditQuery(ctx::queryParam, defaultLimit);
    } catch (Wire.WireException e) {
      invalid(ctx, e.errors().get(0).message());
      return null;
    }
  }

  /**
   * The answer of a keyed operation: its stored body ({@code created} status; a replay marked
   * {@code Idempotent-Replayed}), a stored refusal (409 conflict, 404), 422 key reused, 409 in
   * progress.
   */
  private static void keyedAnswer(Context ctx, KeyedOperations.Answer a, int created) {
    if (a instanceof KeyedOperations.Done d) {
      if (d.replayed()) {
        ctx.header(REPLAYED, "true");
      }
      ctx.status(created).contentType("application/json").result(d.body());
    } else if (a instanceof KeyedOperations.Refused r) {
      if (r.replayed()) {
        ctx.header(REPLAYED, "true");
      }
      boolean notFound = r.kind() == ServiceRefusal.Kind.NOT_FOUND;
      problem(
          ctx,
          notFound ? 404 : 409,
          notFound ? "not-found" : "conflict",
          notFound ? "Nothing to act on" : "Refused for the ledger's state",
          r.message(),
          null);
    } else if (a instanceof KeyedOperations.KeyReused k) {
      ObjectNode extra = Wire.object();
      extra.put("original_operation", k.operation().toLowerCase(java.util.Locale.ROOT));
      if (k.decidedAt() != null) {
        extra.put("decided_at", k.decidedAt().toString());
      }
      problem(
          ctx,
          422,
          "key-reused",
          "Idempotency-Key reused for a different request",
          "This Idempotency-Key was used for another request ("
              + k.operation().toLowerCase(java.util.Locale.ROOT)
              + "); send a new key for a new request.",
          extra);
    } else {
      ctx.header("Retry-After", "1");
      problem(
          ctx,
          409,
          "in-progress",
          "A request with this Idempotency-Key is being processed",
          "Another request with this key is being processed; ask again in a moment.",
          null);
    }
  }

  /** A void's answers (POST /v1/voids, POST /v1/in-doubt-sign-offs). */
  private void voidAnswer(Context ctx, TransferOutcome outcome, IdempotencyKey key) {
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

  private static void invalid(Context ctx, String detail) {
    problem(ctx, 400, "invalid", "Invalid request", detail, null);
  }

  // ---- helpers ----

  private static boolean overTheShoulder(JsonNode body) {
    return body != null && "over_the_shoulder".equalsIgnoreCase(body.path("mode").asText(""));
  }

  /** The body as JSON, or null when it is not (answered later, after the key is checked). */
  private static JsonNode lenientBody(Context ctx) {
    try {
      return Wire.parse(ctx.body(), FieldError.Field.REASON);
    } catch (Wire.WireException e) {
      return null;
    }
  }

  /**
   * Who acts: with {@code "mode":"over_the_shoulder"} the supervisor whose credentials were typed
   * on the teller's desk, checked now ({@code what} names the act in the audit trail); else the
   * request's signed-on user. Null after answering 401.
   */
  private Actor actingSupervisor(Context ctx, JsonNode body, String what) {
    if (!overTheShoulder(body)) {
      return actor(ctx);
    }
    try {
      return authenticator.overTheShoulder(ctx.header("Authorization"), workstation(ctx), what);
    } catch (Authenticator.Unauthenticated e) {
      unauthenticated(ctx, e.getMessage());
      return null;
    }
  }

  /** The signed-on user the request is made as, or null after answering 401. */
  private Actor actor(Context ctx) {
    try {
      return authenticator.authenticate(ctx.header("Authorization"), workstation(ctx));
    } catch (Authenticator.Unauthenticated e) {
      unauthenticated(ctx, e.getMessage());
      return null;
    }
  }

  /** As {@link #actor}, for the read side: the user must be allowed to read the journal (403). */
  private Actor reader(Context ctx) {
    Actor actor = actor(ctx);
    if (actor != null && !actor.may(Permission.VIEW_JOURNAL)) {
      ServiceRefusal r = ServiceRefusal.notPermitted(actor, Permission.VIEW_JOURNAL);
      problem(ctx, 403, "not-permitted", "Not permitted", r.getMessage(), null);
      return null;
    }
    return actor;
  }

  /**
   * 401, with the body of an {@code invalid} outcome on the {@code permission} field: nothing was
   * executed, and a desk shows it instead of retrying.
   */
  private static void unauthenticated(Context ctx, String message) {
    ctx.header(
        "WWW-Authenticate",
        "Basic realm=\"onceteller\", charset=\"UTF-8\", Bearer realm=\"onceteller\"");
    ObjectNode extra = Wire.object();
    extra.put("outcome", "invalid");
    extra.set("errors", Wire.errors(List.of(new FieldError(FieldError.Field.PERMISSION, message))));
    problem(ctx, 401, "unauthenticated", "Who is asking?", message, extra);
  }

  /**
   * Where the request comes from, for the actor and the audit trail: the desk's {@code Workstation}
   * header (its name), else the client's address.
   */
  static String workstation(Context ctx) {
    String w = ctx.header(WORKSTATION);
    if (w != null) {
      w = com.onceteller.domain.FreeText.line(w).strip();
    }
    if (w == null || w.isEmpty()) {
      w = "http " + ctx.ip();
    }
    return w.length() > Actor.MAX_WORKSTATION_LENGTH
        ? w.substring(0, Actor.MAX_WORKSTATION_LENGTH)
        : w;
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
    } else if (o instanceof TransferOutcome.NeedsApproval) {
      // Nothing moved, and nothing will until a supervisor acts; then the same key posts.
      return 403;
    } else if (o instanceof TransferOutcome.Voided) {
      return 410;
    } else if (o instanceof TransferOutcome.KeyReused) {
      return 422;
    } else if (o instanceof TransferOutcome.Invalid i) {
      return notPermitted(i) ? 403 : 400;
    } else if (o instanceof TransferOutcome.InProgress) {
      return 409;
    } else if (o instanceof TransferOutcome.NotExecuted) {
      return 503;
    }
    return 500;
  }

  /** A refusal of who is acting (role, or a user unknown, disabled or of another role now). */
  static boolean notPermitted(TransferOutcome.Invalid i) {
    return i.errors().stream().anyMatch(e -> e.field() == FieldError.Field.PERMISSION);
  }

  /** The status of a refusal of an operation that is not a transfer. */
  static int statusOf(ServiceRefusal.Kind kind) {
    switch (kind) {
      case NOT_PERMITTED:
        return 403;
      case INVALID:
        return 400;
      case NOT_FOUND:
        return 404;
      case CONFLICT:
        return 409;
      default:
        return 503;
    }
  }

  private static String refusalType(ServiceRefusal.Kind kind) {
    return kind == ServiceRefusal.Kind.NOT_PERMITTED
        ? "not-permitted"
        : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The problem type of an outcome that is not a success. */
  static String type(TransferOutcome o) {
    if (o instanceof TransferOutcome.Invalid i && notPermitted(i)) {
      return "not-permitted";
    }
    return Wire.name(o).replace('_', '-');
  }

  private static String title(TransferOutcome o) {
    if (o instanceof TransferOutcome.Invalid i && notPermitted(i)) {
      return "Not permitted";
    } else if (o instanceof TransferOutcome.NeedsApproval) {
      return "A supervisor's approval is needed";
    } else if (o instanceof TransferOutcome.Rejected) {
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
            || (o instanceof TransferOutcome.NeedsApproval n && n.replayed())
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
    problem(ctx, status, type(o), title(o), detail, body);
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
