package com.onceteller.branch.ledger;

import com.onceteller.domain.RejectionReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The claim on an idempotency key and the decision stored for replay. Inserted (and flushed) first
 * in the transaction that decides the transfer, so the unique constraint on the key is what
 * serialises two attempts with the same key.
 */
@Entity
@Table(name = "idempotency_record")
public class IdempotencyRecord {

  /**
   * The stored decision. Only ledger-state decisions and voids are stored; invalid requests are
   * not. A void is final: nothing decides a voided key again.
   */
  public enum Decision {
    POSTED,
    REJECTED,
    VOIDED,
    /**
     * Above a limit: stored, and replayed until a supervisor approves (the next attempt then posts
     * or is rejected) or declines (a void by the supervisor). The only decision that changes.
     */
    NEEDS_APPROVAL
  }

  /** Column sizes of {@code voided_by} and {@code void_reason} (V5). */
  static final int VOIDED_BY_LENGTH = 120;

  static final int VOID_REASON_LENGTH = 1000;

  private static final Pattern FINGERPRINT = Pattern.compile("^[0-9a-f]{64}$");

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** Whose key it is: the claim is unique per (teller, key) (V8). */
  @Column(name = "teller_id", nullable = false, length = 32, updatable = false)
  private String tellerId;

  @Column(name = "idempotency_key", nullable = false, updatable = false)
  private UUID key;

  /** SHA-256 of the request; null only for a void that did not know the request. */
  // A fixed-width column: PostgreSQL reports it as bpchar, which must not be validated as varchar.
  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(name = "fingerprint", length = 64, columnDefinition = "char(64)")
  private String fingerprint;

  @Enumerated(EnumType.STRING)
  @Column(name = "outcome", nullable = false, length = 16)
  private Decision outcome;

  @Enumerated(EnumType.STRING)
  @Column(name = "rejection_reason", length = 32)
  private RejectionReason rejectionReason;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "transfer_id")
  private Transfer transfer;

  /** The request as first sent; dropped by compaction once the retention has passed. */
  @Column(name = "request_canonical", length = 1024)
  private String requestCanonical;

  @Column(name = "decided_at", nullable = false)
  private Instant decidedAt;

  @Column(name = "compacted_at")
  private Instant compactedAt;

  @Column(name = "voided_by", length = VOIDED_BY_LENGTH)
  private String voidedBy;

  @Column(name = "void_reason", length = VOID_REASON_LENGTH)
  private String voidReason;

  /** Which limit made the request need an approval (V10), for the queue and the replay. */
  @Column(name = "approval_needed", length = 300)
  private String approvalNeeded;

  /** For a reversal: the reference it reverses and why (V12). */
  @Column(name = "reversal_of_reference", length = 16)
  private String reversalOfReference;

  @Column(name = "reversal_reason", length = 1000)
  private String reversalReason;

  /** The business day the decision belongs to (V10; null for decisions made before). */
  @Column(name = "business_date")
  private java.time.LocalDate businessDate;

  protected IdempotencyRecord() {}

  private IdempotencyRecord(
      String tellerId, UUID key, String fingerprint, String requestCanonical, Instant decidedAt) {
    this.tellerId = Objects.requireNonNull(tellerId, "tellerId");
    this.key = key;
    this.fingerprint = fingerprint;
    this.requestCanonical = requestCanonical;
    this.decidedAt = decidedAt;
    // Provisional until the decision is made in the same transaction; never committed as such.
    this.outcome = Decision.REJECTED;
  }

  /** A claim on {@code key}; must be decided before the transaction commits. */
  public static IdempotencyRecord claim(
      String tellerId, UUID key, String fingerprint, String requestCanonical, Instant at) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    if (fingerprint == null || !FINGERPRINT.matcher(fingerprint).matches()) {
      throw new IllegalArgumentException("a fingerprint is 64 lower-case hex digits");
    }
    return new IdempotencyRecord(tellerId, key, fingerprint, requestCanonical, at);
  }

  /**
   * A claim on {@code key} that is decided at once as VOIDED: the key is fenced, so no attempt with
   * it can post. {@code fingerprint} and {@code requestCanonical} describe the abandoned request,
   * or are both null when the desk no longer had it.
   */
  public static IdempotencyRecord voided(
      String tellerId,
      UUID key,
      String fingerprint,
      String requestCanonical,
      String voidedBy,
      String voidReason,
      Instant at) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    if ((fingerprint == null) != (requestCanonical == null)) {
      throw new IllegalArgumentException(
          "a void knows the request with its fingerprint, or neither");
    }
    if (fingerprint != null && !FINGERPRINT.matcher(fingerprint).matches()) {
      throw new IllegalArgumentException("a fingerprint is 64 lower-case hex digits");
    }
    requireText("voided by", voidedBy, VOIDED_BY_LENGTH);
    requireText("void reason", voidReason, VOID_REASON_LENGTH);
    IdempotencyRecord r = new IdempotencyRecord(tellerId, key, fingerprint, requestCanonical, at);
    r.outcome = Decision.VOIDED;
    r.voidedBy = voidedBy;
    r.voidReason = voidReason;
    return r;
  }

  private static void requireText(String what, String text, int max) {
    if (text == null || text.isBlank() || text.length() > max) {
      throw new IllegalArgumentException(what + " must be 1 to " + max + " characters");
    }
  }

  /** Stores "needs approval" ({@code why}: which limit); the key waits for a supervisor. */
  public void decideNeedsApproval(String why) {
    requireNotVoided();
    this.outcome = Decision.NEEDS_APPROVAL;
    this.approvalNeeded = Objects.requireNonNull(why, "why");
    if (approvalNeeded.length() > 300) {
      approvalNeeded = approvalNeeded.substring(0, 299) + "…";
    }
  }

  /**
   * A supervisor declined the request waiting for approval: the key is voided by them, so it can
   * never post.
   */
  public void decline(String by, String reason) {
    if (outcome != Decision.NEEDS_APPROVAL) {
      throw new IllegalStateException("only a request waiting for approval is declined");
    }
    requireText("voided by", by, VOIDED_BY_LENGTH);
    requireText("void reason", reason, VOID_REASON_LENGTH);
    this.outcome = Decision.VOIDED;
    this.voidedBy = by;
    this.voidReason = reason;
  }

  /**
   * A request that waited for approval is decided now (posted or rejected after the approval): the
   * decision's time and business day are those of the final decision, so a replay reports when the
   * money moved.
   */
  public void decidedAgain(Instant at, java.time.LocalDate day) {
    if (outcome != Decision.NEEDS_APPROVAL) {
      throw new IllegalStateException("only a request waiting for approval is decided again");
    }
    this.decidedAt = Objects.requireNonNull(at, "at");
    this.businessDate = day;
  }

  public void setBusinessDate(java.time.LocalDate date) {
    this.businessDate = date;
  }

  public void decidePosted(Transfer transfer) {
    requireNotVoided();
    this.outcome = Decision.POSTED;
    this.transfer = Objects.requireNonNull(transfer, "transfer");
    this.rejectionReason = null;
  }

  public void decideRejected(RejectionReason reason) {
    requireNotVoided();
    this.outcome = Decision.REJECTED;
    this.rejectionReason = Objects.requireNonNull(reason, "reason");
  }

  private void requireNotVoided() {
    if (outcome == Decision.VOIDED) {
      throw new IllegalStateException("key " + key + " is voided; nothing decides it again");
    }
  }

  public void compact(Instant at) {
    this.requestCanonical = null;
    this.compactedAt = at;
  }

  public Long getId() {
    return id;
  }

  public String getTellerId() {
    return tellerId;
  }

  public UUID getKey() {
    return key;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public Decision getOutcome() {
    return outcome;
  }

  public RejectionReason getRejectionReason() {
    return rejectionReason;
  }

  public Transfer getTransfer() {
    return transfer;
  }

  public String getRequestCanonical() {
    return requestCanonical;
  }

  public Instant getDecidedAt() {
    return decidedAt;
  }

  public Instant getCompactedAt() {
    return compactedAt;
  }

  public String getVoidedBy() {
    return voidedBy;
  }

  public String getVoidReason() {
    return voidReason;
  }

  /** Marks this claim as a reversal of {@code reference}, for {@code reason}. */
  public void reversalOf(String reference, String reason) {
    this.reversalOfReference = Objects.requireNonNull(reference, "reference");
    this.reversalReason = Objects.requireNonNull(reason, "reason");
  }

  public String getReversalOfReference() {
    return reversalOfReference;
  }

  public String getReversalReason() {
    return reversalReason;
  }

  public String getApprovalNeeded() {
    return approvalNeeded;
  }

  public java.time.LocalDate getBusinessDate() {
    return businessDate;
  }
}
