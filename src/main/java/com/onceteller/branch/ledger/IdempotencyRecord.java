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
import java.util.UUID;
import org.hibernate.annotations.NaturalId;

/**
 * The claim on an idempotency key and the decision stored for replay. Inserted (and flushed) first
 * in the transaction that decides the transfer, so the unique constraint on the key is what
 * serialises two attempts with the same key.
 */
@Entity
@Table(name = "idempotency_record")
public class IdempotencyRecord {

  /** The stored decision. Only ledger-state decisions are stored; invalid requests are not. */
  public enum Decision {
    POSTED,
    REJECTED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @NaturalId
  @Column(name = "idempotency_key", nullable = false)
  private UUID key;

  @Column(name = "fingerprint", nullable = false, length = 64, columnDefinition = "char(64)")
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

  protected IdempotencyRecord() {}

  private IdempotencyRecord(
      UUID key, String fingerprint, String requestCanonical, Instant decidedAt) {
    this.key = key;
    this.fingerprint = fingerprint;
    this.requestCanonical = requestCanonical;
    this.decidedAt = decidedAt;
    // Provisional until the decision is made in the same transaction; never committed as such.
    this.outcome = Decision.REJECTED;
  }

  /** A claim on {@code key}; must be decided before the transaction commits. */
  public static IdempotencyRecord claim(
      UUID key, String fingerprint, String requestCanonical, Instant at) {
    return new IdempotencyRecord(key, fingerprint, requestCanonical, at);
  }

  public void decidePosted(Transfer transfer) {
    this.outcome = Decision.POSTED;
    this.transfer = transfer;
    this.rejectionReason = null;
  }

  public void decideRejected(RejectionReason reason) {
    this.outcome = Decision.REJECTED;
    this.rejectionReason = reason;
  }

  public void compact(Instant at) {
    this.requestCanonical = null;
    this.compactedAt = at;
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
}
