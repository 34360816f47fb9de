package com.onceteller.branch.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

/** A teller's closed day (V13): once per teller and business day, never changed. */
@Entity
@Immutable
@Table(name = "teller_day")
public class TellerDay {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "business_date", nullable = false)
  private LocalDate businessDate;

  @Column(name = "teller_id", nullable = false, length = 32)
  private String tellerId;

  @Column(name = "closed_at", nullable = false)
  private Instant closedAt;

  @Column(name = "closed_by", nullable = false, length = 32)
  private String closedBy;

  @Column(name = "summary", nullable = false, length = 4000)
  private String summary;

  protected TellerDay() {}

  public TellerDay(
      LocalDate businessDate, String tellerId, Instant closedAt, String closedBy, String summary) {
    this.businessDate = Objects.requireNonNull(businessDate, "businessDate");
    this.tellerId = Objects.requireNonNull(tellerId, "tellerId");
    this.closedAt = Objects.requireNonNull(closedAt, "closedAt");
    this.closedBy = Objects.requireNonNull(closedBy, "closedBy");
    String s = Objects.requireNonNull(summary, "summary");
    this.summary = s.length() > 4000 ? s.substring(0, 4000) : s;
  }

  public LocalDate getBusinessDate() {
    return businessDate;
  }

  public String getTellerId() {
    return tellerId;
  }

  public Instant getClosedAt() {
    return closedAt;
  }

  public String getClosedBy() {
    return closedBy;
  }
}
