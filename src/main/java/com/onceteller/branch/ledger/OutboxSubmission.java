package com.onceteller.branch.ledger;

import com.onceteller.desk.client.Outbox;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.NaturalId;

/**
 * One transfer intent as the client's outbox holds it (table {@code outbox_submission}). Written
 * before the first attempt is sent; never deleted. Only {@link HibernateOutbox} changes it.
 */
@Entity
@Table(name = "outbox_submission")
public class OutboxSubmission {

  static final int MAX_REQUEST = 100_000;
  static final int MAX_RESULT = 1_000;
  static final int MAX_WHO = 120;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @NaturalId
  @Column(name = "idempotency_key", nullable = false)
  private UUID key;

  @Column(name = "fingerprint", nullable = false, length = 64, columnDefinition = "char(64)")
  private String fingerprint;

  @Column(name = "request_canonical", nullable = false, length = MAX_REQUEST)
  private String requestCanonical;

  @Enumerated(EnumType.STRING)
  @Column(name = "state", nullable = false, length = 16)
  private Outbox.State state;

  @Column(name = "attempts", nullable = false)
  private int attempts;

  @Column(name = "last_outcome", length = 32)
  private String lastOutcome;

  @Column(name = "last_result", length = MAX_RESULT)
  private String lastResult;

  @Column(name = "uncertain", nullable = false)
  private boolean uncertain;

  @Column(name = "reference", length = 16)
  private String reference;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "resolved_at")
  private Instant resolvedAt;

  @Column(name = "abandoned_at")
  private Instant abandonedAt;

  @Column(name = "abandoned_by", length = MAX_WHO)
  private String abandonedBy;

  @Column(name = "abandon_reason", length = MAX_RESULT)
  private String abandonReason;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected OutboxSubmission() {}

  OutboxSubmission(UUID key, String fingerprint, String requestCanonical, Instant at) {
    this.key = key;
    this.fingerprint = fingerprint;
    this.requestCanonical = requestCanonical;
    this.state = Outbox.State.PENDING;
    this.createdAt = at;
    this.updatedAt = at;
  }

  /** The same intent is being sent again (a resent or corrected form): in doubt until answered. */
  void resend(String newFingerprint, String newCanonical, Instant at) {
    this.fingerprint = newFingerprint;
    this.requestCanonical = newCanonical;
    this.state = Outbox.State.PENDING;
    this.resolvedAt = null;
    this.updatedAt = at;
  }

  void recordAttempt(String outcome, String result, boolean uncertainOutcome, Instant at) {
    this.attempts++;
    this.lastOutcome = outcome;
    this.lastResult = clip(result, MAX_RESULT);
    this.uncertain |= uncertainOutcome;
    this.updatedAt = at;
  }

  void resolve(Outbox.State decided, String outcome, String result, String ref, Instant at) {
    this.state = decided;
    this.lastOutcome = outcome;
    this.lastResult = clip(result, MAX_RESULT);
    if (ref != null) {
      this.reference = ref;
    }
    this.resolvedAt = at;
    this.updatedAt = at;
  }

  void noteAnswer(String outcome, String result, boolean uncertainOutcome, Instant at) {
    this.lastOutcome = outcome;
    this.lastResult = clip(result, MAX_RESULT);
    this.uncertain |= uncertainOutcome;
    this.updatedAt = at;
  }

  void abandon(String who, String why, Instant at) {
    this.state = Outbox.State.ABANDONED;
    this.abandonedBy = clip(who, MAX_WHO);
    this.abandonReason = clip(why, MAX_RESULT);
    this.abandonedAt = at;
    this.updatedAt = at;
  }

  static String clip(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, max - 1) + "…";
  }

  public Long getId() {
    return id;
  }

  public UUID getKey() {
    return key;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public String getRequestCanonical() {
    return requestCanonical;
  }

  public Outbox.State getState() {
    return state;
  }

  public int getAttempts() {
    return attempts;
  }

  public String getLastOutcome() {
    return lastOutcome;
  }

  public String getLastResult() {
    return lastResult;
  }

  public boolean isUncertain() {
    return uncertain;
  }

  public String getReference() {
    return reference;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public Instant getResolvedAt() {
    return resolvedAt;
  }

  public Instant getAbandonedAt() {
    return abandonedAt;
  }

  public String getAbandonedBy() {
    return abandonedBy;
  }

  public String getAbandonReason() {
    return abandonReason;
  }
}
