package com.onceteller.branch.ledger;

import com.onceteller.domain.AuditEventType;
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
import org.hibernate.annotations.Immutable;

/**
 * One row of the audit trail. Append-only: a database trigger refuses updates and deletes
 * (db/vendor/h2/V9). Text is cut to its column, never refused: an audit row must always be written.
 */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditRecord {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(name = "user_id", nullable = false, length = 64)
  private String userId;

  @Enumerated(EnumType.STRING)
  @Column(name = "event_type", nullable = false, length = 40)
  private AuditEventType eventType;

  @Column(name = "success", nullable = false)
  private boolean success;

  @Column(name = "workstation", nullable = false, length = 64)
  private String workstation;

  @Column(name = "affected", length = 200)
  private String affected;

  @Column(name = "detail", length = 2000)
  private String detail;

  protected AuditRecord() {}

  public AuditRecord(
      Instant occurredAt,
      String userId,
      AuditEventType eventType,
      boolean success,
      String workstation,
      String affected,
      String detail) {
    this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
    this.userId = cut(userId == null || userId.isBlank() ? "(none)" : userId, 64);
    this.eventType = Objects.requireNonNull(eventType, "eventType");
    this.success = success;
    this.workstation =
        cut(workstation == null || workstation.isBlank() ? "(unknown)" : workstation, 64);
    this.affected = affected == null ? null : cut(affected, 200);
    this.detail = detail == null ? null : cut(detail, 2000);
  }

  /** Cuts to {@code max} characters and drops control characters (they hide text in a log). */
  static String cut(String s, int max) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    if (s.length() > max) {
      sb.setCharAt(max - 1, '…');
    }
    return sb.toString();
  }

  public Long getId() {
    return id;
  }

  public Instant getOccurredAt() {
    return occurredAt;
  }

  public String getUserId() {
    return userId;
  }

  public AuditEventType getEventType() {
    return eventType;
  }

  public boolean isSuccess() {
    return success;
  }

  public String getWorkstation() {
    return workstation;
  }

  public String getAffected() {
    return affected;
  }

  public String getDetail() {
    return detail;
  }
}
