package com.onceteller.branch.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** One attempt the client sent for a submission, and what came of it. Append-only. */
@Entity
@Immutable
@Table(name = "outbox_attempt")
public class OutboxAttempt {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "submission_id", nullable = false)
  private OutboxSubmission submission;

  @Column(name = "attempt_no", nullable = false)
  private int attemptNo;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "took_millis", nullable = false)
  private long tookMillis;

  @Column(name = "answered", nullable = false)
  private boolean answered;

  @Column(name = "outcome", nullable = false, length = 32)
  private String outcome;

  @Column(name = "detail", length = OutboxSubmission.MAX_RESULT)
  private String detail;

  @Column(name = "recorded_at", nullable = false)
  private Instant recordedAt;

  protected OutboxAttempt() {}

  OutboxAttempt(
      OutboxSubmission submission,
      int attemptNo,
      Instant startedAt,
      long tookMillis,
      boolean answered,
      String outcome,
      String detail,
      Instant recordedAt) {
    this.submission = submission;
    this.attemptNo = attemptNo;
    this.startedAt = startedAt;
    this.tookMillis = tookMillis;
    this.answered = answered;
    this.outcome = outcome;
    this.detail = OutboxSubmission.clip(detail, OutboxSubmission.MAX_RESULT);
    this.recordedAt = recordedAt;
  }

  public Long getId() {
    return id;
  }

  public OutboxSubmission getSubmission() {
    return submission;
  }

  public int getAttemptNo() {
    return attemptNo;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public long getTookMillis() {
    return tookMillis;
  }

  public boolean isAnswered() {
    return answered;
  }

  public String getOutcome() {
    return outcome;
  }

  public String getDetail() {
    return detail;
  }

  public Instant getRecordedAt() {
    return recordedAt;
  }
}
