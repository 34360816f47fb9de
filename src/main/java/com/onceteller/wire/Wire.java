package com.onceteller.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The branch API's JSON, both ways, for the server ({@code branch.http}) and the desk's client
 * ({@code desk.remote}): one codec, so the two cannot drift apart. Money is an integer count of
 * minor units; times are ISO-8601 instants; every answer names its {@code outcome}. See
 * docs/api.md.
 */
public final class Wire {

  /** Where the problem types of docs/api.md live (RFC 9457 {@code type}). */
  public static final String PROBLEM_BASE = "https://onceteller.example/problems/";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Set<String> REQUEST_FIELDS =
      Set.of("from", "to", "amount_minor", "currency", "memo");

  private Wire() {}

  /** A body that is not what the API accepts; {@code errors} say which field and why. */
  public static final class WireException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public WireException(List<FieldError> errors) {
      super(errors.toString());
      this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  public static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a JSON document; a malformed one is a {@link WireException} on {@code field}. */
  public static JsonNode parse(String text, FieldError.Field field) throws WireException {
    try {
      JsonNode node = JSON.readTree(text == null ? "" : text);
      if (node == null || node.isMissingNode()) {
        throw new WireException(List.of(new FieldError(field, "The request body is empty.")));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new WireException(
          List.of(
              new FieldError(
                  field, "The request body is not valid JSON: " + e.getOriginalMessage())));
    }
  }

  // ---- requests ----

  public static ObjectNode request(TransferRequest r) {
    ObjectNode o = object();
    o.put("from", r.fromAccount());
    o.put("to", r.toAccount());
    o.put("amount_minor", r.amountMinor());
    o.put("currency", r.currency());
    o.put("memo", r.memoOrEmpty());
    return o;
  }

  /**
   * A transfer request from JSON. Strict about shape (an object; known fields only; amounts are
   * whole numbers of minor units), lenient about nothing else: the service validates the values.
   */
  public static TransferRequest request(JsonNode node) throws WireException {
    List<FieldError> errors = new ArrayList<>();
    if (node == null || !node.isObject()) {
      throw new WireException(
          List.of(new FieldError(FieldError.Field.AMOUNT, "The transfer must be a JSON object.")));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!REQUEST_FIELDS.contains(name)) {
        errors.add(
            new FieldError(
                FieldError.Field.MEMO,
                "Unknown field \"" + name + "\"; a transfer has " + REQUEST_FIELDS + "."));
      }
    }
    String from = text(node, "from", FieldError.Field.FROM_ACCOUNT, errors);
    String to = text(node, "to", FieldError.Field.TO_ACCOUNT, errors);
    String currency = text(node, "currency", FieldError.Field.CURRENCY, errors);
    String memo = node.has("memo") && !node.get("memo").isNull() ? null : "";
    if (memo == null) {
      memo = text(node, "memo", FieldError.Field.MEMO, errors);
    }
    long amount = 0;
    JsonNode a = node.get("amount_minor");
    if (a == null || a.isNull()) {
      errors.add(new FieldError(FieldError.Field.AMOUNT, "amount_minor is missing."));
    } else if (!a.isIntegralNumber() || !a.canConvertToLong()) {
      errors.add(
          new FieldError(
              FieldError.Field.AMOUNT,
              "amount_minor must be a whole number of minor units (cents), e.g. 12345 for"
                  + " 123.45."));
    } else {
      amount = a.longValue();
    }
    if (!errors.isEmpty()) {
      throw new WireException(errors);
    }
    return new TransferRequest(from, to, amount, currency, memo);
  }

  private static String text(
      JsonNode node, String name, FieldError.Field field, List<FieldError> errors) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      errors.add(new FieldError(field, name + " is missing."));
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(field, name + " must be a string."));
      return null;
    }
    return v.textValue();
  }

  private static TransferRequest optionalRequest(JsonNode node) throws WireException {
    return node == null || node.isNull() ? null : request(node);
  }

  // ---- outcomes ----

  /** The name of an outcome on the wire. */
  public static String name(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted) {
      return "posted";
    } else if (o instanceof TransferOutcome.Rejected) {
      return "rejected";
    } else if (o instanceof TransferOutcome.NeedsApproval) {
      return "needs_approval";
    } else if (o instanceof TransferOutcome.Voided) {
      return "voided";
    } else if (o instanceof TransferOutcome.KeyReused) {
      return "key_reused";
    } else if (o instanceof TransferOutcome.Invalid) {
      return "invalid";
    } else if (o instanceof TransferOutcome.InProgress) {
      return "in_progress";
    } else if (o instanceof TransferOutcome.NotExecuted) {
      return "not_executed";
    }
    return "outcome_unknown";
  }

  /**
   * The body of an answer. {@code key} is the key as the caller sent it (the ledger may store a
   * scoped one). Nothing here depends on whether the answer is a replay, so a replay's body is the
   * first answer's body byte for byte; the {@code Idempotent-Replayed} header says which it is.
   */
  public static ObjectNode outcome(TransferOutcome o, IdempotencyKey key) {
    ObjectNode b = object();
    b.put("outcome", name(o));
    if (key != null) {
      b.put("key", key.toString());
    }
    if (o instanceof TransferOutcome.Posted p) {
      b.put("reference", p.reference());
      b.put("posted_at", p.postedAt().toString());
      b.set("request", request(p.request()));
    } else if (o instanceof TransferOutcome.Rejected r) {
      b.put("reason", r.reason().name());
      b.put("detail", r.reason().label() + ".");
      b.put("decided_at", r.decidedAt().toString());
      if (r.request() != null) {
        b.set("request", request(r.request()));
      }
    } else if (o instanceof TransferOutcome.NeedsApproval n) {
      b.put("detail", n.why());
      b.put("why", n.why());
      b.put("decided_at", n.decidedAt().toString());
      if (n.request() != null) {
        b.set("request", request(n.request()));
      }
      if (n.approval() != null) {
        b.set("approval", approval(n.approval()));
      }
    } else if (o instanceof TransferOutcome.Voided v) {
      b.put("voided_at", v.voidedAt().toString());
      b.put("voided_by", v.voidedBy());
      b.put("reason", v.reason());
      if (v.request() != null) {
        b.set("request", request(v.request()));
      }
    } else if (o instanceof TransferOutcome.KeyReused k) {
      b.put(
          "detail",
          "This Idempotency-Key was already used for a different request; nothing was executed.");
      if (k.original() != null) {
        b.set("original", request(k.original()));
      }
      if (k.originalReference() != null) {
        b.put("original_reference", k.originalReference());
      }
      if (k.originalDecidedAt() != null) {
        b.put("original_decided_at", k.originalDecidedAt().toString());
      }
      if (k.attempted() != null) {
        b.set("attempted", request(k.attempted()));
      }
    } else if (o instanceof TransferOutcome.Invalid i) {
      b.put("detail", i.summary());
      b.set("errors", errors(i.errors()));
    } else if (o instanceof TransferOutcome.InProgress ip) {
      b.put("detail", ip.message());
    } else if (o instanceof TransferOutcome.NotExecuted n) {
      b.put("detail", n.message());
    } else if (o instanceof TransferOutcome.OutcomeUnknown u) {
      b.put("detail", u.message());
    }
    return b;
  }

  /** A supervisor's approval of a request above a limit. */
  public static ObjectNode approval(com.onceteller.domain.Approval a) {
    ObjectNode b = object();
    b.put("teller_id", a.tellerId());
    if (a.fingerprint() != null) {
      b.put("fingerprint", a.fingerprint());
    }
    b.put("approver_id", a.approverId());
    if (a.approverWorkstation() != null) {
      b.put("approver_workstation", a.approverWorkstation());
    }
    if (a.approvedAt() != null) {
      b.put("approved_at", a.approvedAt().toString());
    }
    if (a.reason() != null) {
      b.put("reason", a.reason());
    }
    b.put("mode", a.mode().name());
    return b;
  }

  private static com.onceteller.domain.Approval approval(JsonNode b, IdempotencyKey key)
      throws WireException {
    return new com.onceteller.domain.Approval(
        required(b, "teller_id"),
        key,
        b.hasNonNull("fingerprint") ? b.get("fingerprint").asText() : null,
        required(b, "approver_id"),
        b.hasNonNull("approver_workstation") ? b.get("approver_workstation").asText() : null,
        b.hasNonNull("approved_at") ? instant(b, "approved_at") : null,
        b.hasNonNull("reason") ? b.get("reason").asText() : null,
        com.onceteller.domain.Approval.Mode.valueOf(required(b, "mode")));
  }

  public static ArrayNode errors(List<FieldError> errors) {
    ArrayNode a = JSON.createArrayNode();
    for (FieldError e : errors) {
      ObjectNode f = a.addObject();
      f.put("field", e.field().name().toLowerCase(Locale.ROOT));
      f.put("detail", e.message());
    }
    return a;
  }

  /**
   * An outcome read back from an answer's body. {@code replayed} comes from the {@code
   * Idempotent-Replayed} header. Throws {@link WireException} for a body that is not an answer of
   * this API (the caller then treats the attempt as unanswered).
   */
  public static TransferOutcome outcome(JsonNode b, IdempotencyKey key, boolean replayed)
      throws WireException {
    String name = b.path("outcome").asText("");
    try {
      switch (name) {
        case "posted":
          return new TransferOutcome.Posted(
              key,
              required(b, "reference"),
              request(b.get("request")),
              instant(b, "posted_at"),
              replayed);
        case "rejected":
          return new TransferOutcome.Rejected(
              key,
              RejectionReason.valueOf(required(b, "reason")),
              b.path("detail").asText(""),
              optionalRequest(b.get("request")),
              instant(b, "decided_at"),
              replayed);
        case "needs_approval":
          return new TransferOutcome.NeedsApproval(
              key,
              optionalRequest(b.get("request")),
              required(b, "why"),
              instant(b, "decided_at"),
              b.hasNonNull("approval") ? approval(b.get("approval"), key) : null,
              replayed);
        case "voided":
          return new TransferOutcome.Voided(
              key,
              optionalRequest(b.get("request")),
              instant(b, "voided_at"),
              required(b, "voided_by"),
              required(b, "reason"),
              replayed);
        case "key_reused":
          return new TransferOutcome.KeyReused(
              key,
              optionalRequest(b.get("original")),
              optionalRequest(b.get("attempted")),
              b.hasNonNull("original_reference") ? b.get("original_reference").asText() : null,
              b.hasNonNull("original_decided_at") ? instant(b, "original_decided_at") : null);
        case "invalid":
          return new TransferOutcome.Invalid(key, fieldErrors(b.get("errors")));
        case "in_progress":
          return new TransferOutcome.InProgress(key, b.path("detail").asText(""));
        case "not_executed":
          return new TransferOutcome.NotExecuted(key, b.path("detail").asText(""));
        case "outcome_unknown":
          return new TransferOutcome.OutcomeUnknown(key, b.path("detail").asText(""));
        default:
          throw new WireException(
              List.of(new FieldError(FieldError.Field.KEY, "Not an answer of this API: " + name)));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new WireException(
          List.of(new FieldError(FieldError.Field.KEY, "Malformed answer: " + e.getMessage())));
    }
  }

  private static List<FieldError> fieldErrors(JsonNode a) {
    List<FieldError> errors = new ArrayList<>();
    if (a != null && a.isArray()) {
      for (JsonNode f : a) {
        FieldError.Field field;
        try {
          field = FieldError.Field.valueOf(f.path("field").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          field = FieldError.Field.KEY;
        }
        errors.add(new FieldError(field, f.path("detail").asText("")));
      }
    }
    return errors;
  }

  private static String required(JsonNode b, String name) throws WireException {
    JsonNode v = b.get(name);
    if (v == null || !v.isTextual()) {
      throw new WireException(
          List.of(new FieldError(FieldError.Field.KEY, "The answer has no " + name + ".")));
    }
    return v.textValue();
  }

  private static Instant instant(JsonNode b, String name) throws WireException {
    return Instant.parse(required(b, name));
  }

  // ---- key status ----

  public static ObjectNode keyStatus(KeyStatus s, IdempotencyKey key) {
    ObjectNode b = object();
    b.put("key", key.toString());
    b.put("state", s.state().name().toLowerCase(Locale.ROOT));
    if (s.reference() != null) {
      b.put("reference", s.reference());
    }
    if (s.decidedAt() != null) {
      b.put("decided_at", s.decidedAt().toString());
    }
    if (s.request() != null) {
      b.set("request", request(s.request()));
    }
    if (s.rejectionReason() != null) {
      b.put("reason", s.rejectionReason().name());
    }
    if (s.voidedBy() != null) {
      b.put("voided_by", s.voidedBy());
      b.put("void_reason", s.voidReason());
    }
    return b;
  }

  public static KeyStatus keyStatus(JsonNode b, IdempotencyKey key) throws WireException {
    try {
      KeyStatus.State state =
          KeyStatus.State.valueOf(b.path("state").asText("").toUpperCase(Locale.ROOT));
      TransferRequest request = optionalRequest(b.get("request"));
      Instant at = b.hasNonNull("decided_at") ? instant(b, "decided_at") : null;
      switch (state) {
        case POSTED:
          return KeyStatus.posted(key, required(b, "reference"), at, request);
        case REJECTED:
          return KeyStatus.rejected(
              key, RejectionReason.valueOf(required(b, "reason")), at, request);
        case VOIDED:
          return KeyStatus.voided(
              key, required(b, "voided_by"), required(b, "void_reason"), at, request);
        case AWAITING_APPROVAL:
          return KeyStatus.awaitingApproval(key, at, request);
        default:
          return KeyStatus.unknown(key);
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new WireException(
          List.of(new FieldError(FieldError.Field.KEY, "Malformed key status: " + e.getMessage())));
    }
  }

  // ---- restore ----

  public static ObjectNode restoreResult(RestoreResult r, IdempotencyKey key) {
    ObjectNode b = object();
    b.put("key", key.toString());
    b.put("restored", r.restored());
    if (r.reference() != null) {
      b.put("reference", r.reference());
    }
    b.put("reference_as_acknowledged", r.referenceAsAcknowledged());
    if (r.incidentId() != null) {
      b.put("incident_id", r.incidentId());
    }
    b.set("ledger_answer", outcome(r.outcome(), key));
    b.put("message", r.message());
    return b;
  }

  public static RestoreResult restoreResult(JsonNode b, IdempotencyKey key, boolean replayed)
      throws WireException {
    return new RestoreResult(
        key,
        b.path("restored").asBoolean(false),
        b.hasNonNull("reference") ? b.get("reference").asText() : null,
        b.path("reference_as_acknowledged").asBoolean(false),
        b.hasNonNull("incident_id") ? b.get("incident_id").asLong() : null,
        outcome(b.path("ledger_answer"), key, replayed),
        b.path("message").asText(""));
  }

  // ---- read side (accounts, journal) ----

  public static ObjectNode account(com.onceteller.domain.AccountSummary a) {
    ObjectNode b = object();
    b.put("number", a.number());
    b.put("holder", a.holder());
    b.put("currency", a.currency());
    b.put("balance_minor", a.balanceMinor());
    b.put("status", a.status().name());
    return b;
  }

  public static com.onceteller.domain.AccountSummary account(JsonNode b) {
    return new com.onceteller.domain.AccountSummary(
        b.path("number").asText(),
        b.path("holder").asText(),
        b.path("currency").asText(),
        b.path("balance_minor").asLong(),
        com.onceteller.domain.AccountStatus.valueOf(b.path("status").asText()));
  }

  public static ObjectNode transfer(com.onceteller.domain.TransferSummary t) {
    ObjectNode b = object();
    b.put("reference", t.reference());
    b.put("key", t.key().toString());
    b.put("posted_at", t.postedAt().toString());
    b.put("from", t.fromAccount());
    b.put("to", t.toAccount());
    b.put("amount_minor", t.amountMinor());
    b.put("currency", t.currency());
    b.put("memo", t.memo());
    if (t.tellerId() != null) {
      b.put("teller_id", t.tellerId());
    }
    if (t.reversalOf() != null) {
      b.put("reversal_of", t.reversalOf());
    }
    if (t.reversedBy() != null) {
      b.put("reversed_by", t.reversedBy());
    }
    return b;
  }

  public static com.onceteller.domain.TransferSummary transfer(JsonNode b) {
    return new com.onceteller.domain.TransferSummary(
        b.path("reference").asText(),
        new IdempotencyKey(java.util.UUID.fromString(b.path("key").asText())),
        Instant.parse(b.path("posted_at").asText()),
        b.path("from").asText(),
        b.path("to").asText(),
        b.path("amount_minor").asLong(),
        b.path("currency").asText(),
        b.path("memo").asText(),
        b.hasNonNull("teller_id") ? b.get("teller_id").asText() : null,
        b.hasNonNull("reversal_of") ? b.get("reversal_of").asText() : null,
        b.hasNonNull("reversed_by") ? b.get("reversed_by").asText() : null);
  }

  // ---- who is signed on ----

  /** The answer to a sign-on: who, in which role, at which workstation. */
  public static ObjectNode signedOn(com.onceteller.domain.SignOnResult.SignedOn s) {
    ObjectNode b = object();
    b.put("user_id", s.actor().userId());
    b.put("role", s.actor().role().name());
    b.put("workstation", s.actor().workstation());
    b.put("display_name", s.displayName());
    return b;
  }

  public static com.onceteller.domain.SignOnResult.SignedOn signedOn(JsonNode b)
      throws WireException {
    try {
      return new com.onceteller.domain.SignOnResult.SignedOn(
          new com.onceteller.domain.Actor(
              required(b, "user_id"),
              com.onceteller.domain.Role.valueOf(required(b, "role")),
              required(b, "workstation")),
          required(b, "display_name"));
    } catch (IllegalArgumentException e) {
      throw new WireException(
          List.of(new FieldError(FieldError.Field.ACTOR, "Malformed sign-on: " + e.getMessage())));
    }
  }

  public static ArrayNode array() {
    return JSON.createArrayNode();
  }

  /** An instant on the wire, or a {@link WireException} naming {@code field}. */
  public static Instant instant(JsonNode node, FieldError.Field field) throws WireException {
    try {
      return node == null || node.isNull() ? null : Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new WireException(
          List.of(new FieldError(field, "Not an ISO-8601 instant: " + node.asText())));
    }
  }

  // ---- approvals, end of day, users (docs/api.md) ----

  /** A request waiting for a supervisor (an item of {@code GET /v1/approvals}). */
  public static ObjectNode pending(com.onceteller.domain.PendingApproval p) {
    ObjectNode b = object();
    b.put("teller", p.tellerId());
    b.put("key", p.key().toString());
    if (p.request() != null) {
      b.set("request", request(p.request()));
    }
    putText(b, "fingerprint", p.fingerprint());
    putText(b, "why", p.why());
    putText(b, "since", p.since() == null ? null : p.since().toString());
    putText(b, "business_date", p.businessDate() == null ? null : p.businessDate().toString());
    return b;
  }

  public static com.onceteller.domain.PendingApproval pending(JsonNode b) throws WireException {
    return new com.onceteller.domain.PendingApproval(
        required(b, "teller"),
        key(required(b, "key")),
        optionalRequest(b.get("request")),
        textOrNull(b, "fingerprint"),
        textOrNull(b, "why"),
        b.hasNonNull("since") ? instant(b, "since") : null,
        b.hasNonNull("business_date") ? date(b.get("business_date").asText()) : null);
  }

  /** The answer of an approval ({@code POST /v1/approvals}, decision approve). */
  public static ObjectNode approvalResult(com.onceteller.domain.ApprovalResult r) {
    ObjectNode b = object();
    b.put("outcome", "approved");
    b.put("key", r.approval().key().toString());
    b.set("approval", approval(r.approval()));
    b.put("already_approved", r.replayed());
    b.put("message", r.message());
    return b;
  }

  public static com.onceteller.domain.ApprovalResult approvalResult(JsonNode b, boolean replayed)
      throws WireException {
    return new com.onceteller.domain.ApprovalResult(
        approval(b.get("approval"), key(required(b, "key"))),
        replayed || b.path("already_approved").asBoolean(false),
        required(b, "message"));
  }

  /** A desk's in-doubt items, as the end of day takes them. */
  public static ArrayNode deskItems(List<com.onceteller.domain.DeskItem> items) {
    ArrayNode a = array();
    for (com.onceteller.domain.DeskItem i :
        items == null ? List.<com.onceteller.domain.DeskItem>of() : items) {
      ObjectNode o = a.addObject();
      putText(o, "teller", i.tellerId());
      o.put("key", i.key().toString());
      if (i.request() != null) {
        o.set("request", request(i.request()));
      }
    }
    return a;
  }

  public static List<com.onceteller.domain.DeskItem> deskItems(JsonNode a) throws WireException {
    List<com.onceteller.domain.DeskItem> out = new ArrayList<>();
    if (a == null || a.isNull()) {
      return out;
    }
    if (!a.isArray()) {
      throw new WireException(
          List.of(new FieldError(FieldError.Field.KEY, "in_doubt must be an array.")));
    }
    for (JsonNode o : a) {
      out.add(
          new com.onceteller.domain.DeskItem(
              textOrNull(o, "teller"), key(required(o, "key")), optionalRequest(o.get("request"))));
    }
    return out;
  }

  /** An end-of-day report (a teller's or the branch's, open or closed). */
  public static ObjectNode report(com.onceteller.domain.EndOfDayReport r) {
    ObjectNode b = object();
    b.put("business_date", r.date().toString());
    putText(b, "teller", r.tellerId());
    b.put("closed", r.closed());
    putText(b, "closed_at", r.closedAt() == null ? null : r.closedAt().toString());
    putText(b, "closed_by", r.closedBy());
    ArrayNode lines = b.putArray("lines");
    for (var l : r.lines()) {
      ObjectNode o = lines.addObject();
      o.put("currency", l.currency());
      o.set("posted", tally(l.posted()));
      o.set("reversed", tally(l.reversed()));
      o.set("rejected", tally(l.rejected()));
      o.set("voided", tally(l.voided()));
      o.set("awaiting_approval", tally(l.awaitingApproval()));
    }
    ArrayNode awaiting = b.putArray("awaiting_approval");
    r.awaitingApproval().forEach(p -> awaiting.add(pending(p)));
    ArrayNode inDoubt = b.putArray("in_doubt");
    for (var i : r.inDoubt()) {
      ObjectNode o = inDoubt.addObject();
      putText(o, "teller", i.tellerId());
      o.put("key", i.key().toString());
      if (i.request() != null) {
        o.set("request", request(i.request()));
      }
      putText(
          o,
          "ledger_state",
          i.ledgerState() == null ? null : i.ledgerState().name().toLowerCase(Locale.ROOT));
    }
    ObjectNode proof = b.putObject("proof");
    ArrayNode pl = proof.putArray("lines");
    for (var l : r.proof().lines()) {
      ObjectNode o = pl.addObject();
      o.put("currency", l.currency());
      o.put("held_minor", l.heldMinor());
      o.put("debits_minor", l.debitsMinor());
      o.put("credits_minor", l.creditsMinor());
    }
    ArrayNode problems = proof.putArray("problems");
    r.proof().problems().forEach(problems::add);
    proof.put("balanced", r.proof().balanced());
    ArrayNode blockers = b.putArray("blockers");
    r.blockers().forEach(blockers::add);
    return b;
  }

  public static com.onceteller.domain.EndOfDayReport report(JsonNode b) throws WireException {
    List<com.onceteller.domain.EndOfDayReport.CurrencyLine> lines = new ArrayList<>();
    for (JsonNode o : b.path("lines")) {
      lines.add(
          new com.onceteller.domain.EndOfDayReport.CurrencyLine(
              required(o, "currency"),
              tally(o.get("posted")),
              tally(o.get("reversed")),
              tally(o.get("rejected")),
              tally(o.get("voided")),
              tally(o.get("awaiting_approval"))));
    }
    List<com.onceteller.domain.PendingApproval> awaiting = new ArrayList<>();
    for (JsonNode o : b.path("awaiting_approval")) {
      awaiting.add(pending(o));
    }
    List<com.onceteller.domain.EndOfDayReport.InDoubtItem> inDoubt = new ArrayList<>();
    for (JsonNode o : b.path("in_doubt")) {
      inDoubt.add(
          new com.onceteller.domain.EndOfDayReport.InDoubtItem(
              textOrNull(o, "teller"),
              key(required(o, "key")),
              optionalRequest(o.get("request")),
              o.hasNonNull("ledger_state")
                  ? KeyStatus.State.valueOf(o.get("ledger_state").asText().toUpperCase(Locale.ROOT))
                  : null));
    }
    List<com.onceteller.domain.EndOfDayReport.ProofLine> proofLines = new ArrayList<>();
    for (JsonNode o : b.path("proof").path("lines")) {
      proofLines.add(
          new com.onceteller.domain.EndOfDayReport.ProofLine(
              required(o, "currency"),
              o.path("held_minor").asLong(),
              o.path("debits_minor").asLong(),
              o.path("credits_minor").asLong()));
    }
    List<String> problems = new ArrayList<>();
    b.path("proof").path("problems").forEach(p -> problems.add(p.asText()));
    List<String> blockers = new ArrayList<>();
    b.path("blockers").forEach(p -> blockers.add(p.asText()));
    return new com.onceteller.domain.EndOfDayReport(
        date(required(b, "business_date")),
        textOrNull(b, "teller"),
        lines,
        awaiting,
        inDoubt,
        new com.onceteller.domain.EndOfDayReport.Proof(proofLines, problems),
        blockers,
        b.path("closed").asBoolean(false),
        b.hasNonNull("closed_at") ? instant(b, "closed_at") : null,
        textOrNull(b, "closed_by"));
  }

  private static ObjectNode tally(com.onceteller.domain.EndOfDayReport.Tally t) {
    ObjectNode o = object();
    o.put("count", t.count());
    o.put("total_minor", t.totalMinor());
    return o;
  }

  private static com.onceteller.domain.EndOfDayReport.Tally tally(JsonNode o) {
    return o == null || o.isNull()
        ? com.onceteller.domain.EndOfDayReport.Tally.NONE
        : new com.onceteller.domain.EndOfDayReport.Tally(
            o.path("count").asLong(), o.path("total_minor").asLong());
  }

  /** A user of the ledger, as an administrator or a supervisor sees it (never a password). */
  public static ObjectNode user(com.onceteller.domain.UserSummary u) {
    ObjectNode b = object();
    b.put("user_id", u.userId());
    b.put("display_name", u.displayName());
    b.put("role", u.role().name());
    b.put("enabled", u.enabled());
    b.put("locked", u.locked());
    b.put("failed_sign_ons", u.failedSignOns());
    putText(b, "locked_at", u.lockedAt() == null ? null : u.lockedAt().toString());
    return b;
  }

  public static com.onceteller.domain.UserSummary user(JsonNode b) throws WireException {
    return new com.onceteller.domain.UserSummary(
        required(b, "user_id"),
        textOrNull(b, "display_name"),
        com.onceteller.domain.Role.valueOf(required(b, "role")),
        b.path("enabled").asBoolean(),
        b.path("locked").asBoolean(),
        b.path("failed_sign_ons").asInt(),
        b.hasNonNull("locked_at") ? instant(b, "locked_at") : null);
  }

  private static void putText(ObjectNode b, String name, String value) {
    if (value != null) {
      b.put(name, value);
    }
  }

  private static String textOrNull(JsonNode b, String name) {
    return b != null && b.hasNonNull(name) ? b.get(name).asText() : null;
  }

  private static IdempotencyKey key(String text) throws WireException {
    try {
      return IdempotencyKey.parse(text);
    } catch (IdempotencyKey.InvalidKeyException e) {
      throw new WireException(List.of(new FieldError(FieldError.Field.KEY, e.getMessage())));
    }
  }

  private static java.time.LocalDate date(String text) throws WireException {
    try {
      return java.time.LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new WireException(
          List.of(new FieldError(FieldError.Field.KEY, "Not an ISO-8601 date: " + text)));
    }
  }

  // ---- receipts and the audit trail ----

  /** A receipt as issued: the desk renders (and saves) its PDF from these fields. */
  public static ObjectNode receipt(com.onceteller.domain.Receipt r) {
    ObjectNode b = object();
    b.put("reference", r.reference());
    b.put("posted_at", r.postedAt().toString());
    putText(b, "business_date", r.businessDate() == null ? null : r.businessDate().toString());
    putText(b, "teller_id", r.tellerId());
    b.put("from_masked", r.fromMasked());
    putText(b, "from_holder", r.fromHolder());
    b.put("to_masked", r.toMasked());
    putText(b, "to_holder", r.toHolder());
    b.put("amount_minor", r.amount().minorUnits());
    b.put("currency", r.amount().currency());
    putText(b, "memo", r.memo());
    putText(b, "key_short", r.keyShort());
    putText(b, "reversal_of", r.reversalOf());
    b.put("copy", r.copy());
    b.put("duplicate", r.duplicate());
    return b;
  }

  public static com.onceteller.domain.Receipt receipt(JsonNode b) throws WireException {
    return new com.onceteller.domain.Receipt(
        required(b, "reference"),
        instant(b, "posted_at"),
        b.hasNonNull("business_date") ? date(b.get("business_date").asText()) : null,
        textOrNull(b, "teller_id"),
        required(b, "from_masked"),
        textOrNull(b, "from_holder"),
        required(b, "to_masked"),
        textOrNull(b, "to_holder"),
        new com.onceteller.domain.Money(b.path("amount_minor").asLong(), required(b, "currency")),
        textOrNull(b, "memo"),
        textOrNull(b, "key_short"),
        textOrNull(b, "reversal_of"),
        b.path("copy").asInt(1));
  }

  public static ObjectNode auditEvent(com.onceteller.domain.AuditEvent e) {
    ObjectNode b = object();
    b.put("id", e.id());
    b.put("occurred_at", e.occurredAt().toString());
    putText(b, "user_id", e.userId());
    b.put("event_type", e.type().name());
    b.put("success", e.success());
    putText(b, "workstation", e.workstation());
    putText(b, "affected", e.affected());
    putText(b, "detail", e.detail());
    return b;
  }

  public static com.onceteller.domain.AuditEvent auditEvent(JsonNode b) throws WireException {
    com.onceteller.domain.AuditEventType type;
    try {
      type = com.onceteller.domain.AuditEventType.valueOf(required(b, "event_type"));
    } catch (IllegalArgumentException e) {
      throw new WireException(
          List.of(new FieldError(FieldError.Field.KEY, "Unknown event type: " + e.getMessage())));
    }
    return new com.onceteller.domain.AuditEvent(
        b.path("id").asLong(),
        instant(b, "occurred_at"),
        textOrNull(b, "user_id"),
        type,
        b.path("success").asBoolean(),
        textOrNull(b, "workstation"),
        textOrNull(b, "affected"),
        textOrNull(b, "detail"));
  }

  /**
   * The query string of an audit search ({@code GET /v1/audit-events}): {@code from}, {@code to}
   * (ISO-8601 instants), {@code user}, {@code type}, {@code failures=true}, {@code affected},
   * {@code limit}; empty criteria left out.
   */
  public static String auditQuery(com.onceteller.domain.AuditQuery q) {
    StringBuilder sb = new StringBuilder("limit=").append(q.limit());
    param(sb, "from", q.from() == null ? null : q.from().toString());
    param(sb, "to", q.to() == null ? null : q.to().toString());
    param(sb, "user", q.userId());
    param(sb, "type", q.type() == null ? null : q.type().name());
    param(sb, "failures", q.failuresOnly() ? "true" : null);
    param(sb, "affected", q.affected());
    return sb.toString();
  }

  private static void param(StringBuilder sb, String name, String value) {
    if (value != null && !value.isBlank()) {
      sb.append('&')
          .append(name)
          .append('=')
          .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /**
   * An audit search from its query parameters ({@code param} answers a parameter or null).
   *
   * @throws WireException a parameter that is not what it should be
   */
  public static com.onceteller.domain.AuditQuery auditQuery(
      java.util.function.UnaryOperator<String> param, int defaultLimit) throws WireException {
    try {
      String limit = param.apply("limit");
      String type = param.apply("type");
      String from = param.apply("from");
      String to = param.apply("to");
      return new com.onceteller.domain.AuditQuery(
          from == null || from.isBlank() ? null : Instant.parse(from.strip()),
          to == null || to.isBlank() ? null : Instant.parse(to.strip()),
          blankToNull(param.apply("user")),
          type == null || type.isBlank()
              ? null
              : com.onceteller.domain.AuditEventType.valueOf(
                  type.strip().toUpperCase(java.util.Locale.ROOT)),
          "true".equalsIgnoreCase(param.apply("failures")),
          blankToNull(param.apply("affected")),
          limit == null || limit.isBlank() ? defaultLimit : Integer.parseInt(limit.strip()));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new WireException(
          List.of(
              new FieldError(
                  FieldError.Field.KEY,
                  "from and to are ISO-8601 instants, type an audit event type, limit a number: "
                      + e.getMessage())));
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
