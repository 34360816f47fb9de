package com.onceteller.branch.ledger;

import com.onceteller.domain.Approval;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * A supervisor's approval of one teller's key, bound to the fingerprint of the request approved.
 * One per key (unique), never by the maker (check), never changed (trigger).
 */
@Entity
@Immutable
@Table(name = "approval")
public class ApprovalRecord {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "teller_id", nullable = false, length = 32)
  private String tellerId;

  @Column(name = "idempotency_key", nullable = false)
  private UUID key;

  // A fixed-width column: PostgreSQL reports it as bpchar, which must not be validated as varchar.
  @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.CHAR)
  @Column(name = "fingerprint", nullable = false, length = 64, columnDefinition = "char(64)")
  private String fingerprint;

  @Column(name = "approver_id", nullable = false, length = 32)
  private String approverId;

  @Column(name = "approver_workstation", nullable = false, length = 64)
  private String approverWorkstation;

  @Column(name = "approved_at", nullable = false)
  private Instant approvedAt;

  @Column(name = "reason", nullable = false, length = 1000)
  private String reason;

  @Enumerated(EnumType.STRING)
  @Column(name = "mode", nullable = false, length = 20)
  private Approval.Mode mode;

  protected ApprovalRecord() {}

  public ApprovalRecord(
      String tellerId,
      UUID key,
      String fingerprint,
      String approverId,
      String approverWorkstation,
      Instant approvedAt,
      String reason,
      Approval.Mode mode) {
    this.tellerId = Objects.requireNonNull(tellerId, "tellerId");
    this.key = Objects.requireNonNull(key, "key");
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    this.approverId = Objects.requireNonNull(approverId, "approverId");
    if (approverId.equals(tellerId)) {
      throw new IllegalArgumentException("the approver is never the maker");
    }
    this.approverWorkstation = Objects.requireNonNull(approverWorkstation, "approverWorkstation");
    this.approvedAt = Objects.requireNonNull(approvedAt, "approvedAt");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.mode = Objects.requireNonNull(mode, "mode");
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

  public String getApproverId() {
    return approverId;
  }

  public String getApproverWorkstation() {
    return approverWorkstation;
  }

  public Instant getApprovedAt() {
    return approvedAt;
  }

  public String getReason() {
    return reason;
  }

  public Approval.Mode getMode() {
    return mode;
  }
}
