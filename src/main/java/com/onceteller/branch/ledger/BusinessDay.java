package com.onceteller.branch.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A business day of the branch. Postings belong to the one open day; closing it opens the next. A
 * closed day never changes (trigger, V11) and nothing is posted into it (trigger on transfer).
 */
@Entity
@Table(name = "business_day")
public class BusinessDay {

  public enum State {
    OPEN,
    CLOSED
  }

  @Id
  @Column(name = "business_date")
  private LocalDate date;

  @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
  @Column(name = "state", nullable = false, length = 8)
  private State state;

  /** 'X' while open, null once closed: the unique constraint allows one open day. */
  // A fixed-width column: PostgreSQL reports it as bpchar, which must not be validated as varchar.
  @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.CHAR)
  @Column(name = "open_marker", length = 1, columnDefinition = "char(1)")
  private String openMarker;

  @Column(name = "opened_at", nullable = false)
  private Instant openedAt;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Column(name = "closed_by", length = 32)
  private String closedBy;

  @Column(name = "close_summary", length = 4000)
  private String closeSummary;

  protected BusinessDay() {}

  public static BusinessDay open(LocalDate date, Instant at) {
    BusinessDay d = new BusinessDay();
    d.date = Objects.requireNonNull(date, "date");
    d.state = State.OPEN;
    d.openMarker = "X";
    d.openedAt = Objects.requireNonNull(at, "at");
    return d;
  }

  /** Closes the day; a closed day cannot be closed again. */
  public void close(String by, Instant at, String summary) {
    if (state != State.OPEN) {
      throw new IllegalStateException("business day " + date + " is already closed");
    }
    state = State.CLOSED;
    openMarker = null;
    closedAt = Objects.requireNonNull(at, "at");
    closedBy = Objects.requireNonNull(by, "by");
    closeSummary =
        summary == null ? null : summary.length() > 4000 ? summary.substring(0, 4000) : summary;
  }

  public LocalDate getDate() {
    return date;
  }

  public State getState() {
    return state;
  }

  public Instant getOpenedAt() {
    return openedAt;
  }

  public Instant getClosedAt() {
    return closedAt;
  }

  public String getClosedBy() {
    return closedBy;
  }

  public String getCloseSummary() {
    return closeSummary;
  }
}
