package com.onceteller.branch.ledger;

import com.onceteller.domain.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A role's limits in one currency (V10): per transfer and per teller per business day. */
@Entity
@Table(name = "teller_limit")
public class LimitRow {

  /** The key: role and currency. */
  @Embeddable
  public static class Id implements Serializable {
    private static final long serialVersionUID = 1L;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", length = 16)
    private Role role;

    // A fixed-width column: PostgreSQL reports it as bpchar, which must not be validated as
    // varchar.
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.CHAR)
    @Column(name = "currency", length = 3, columnDefinition = "char(3)")
    private String currency;

    protected Id() {}

    public Id(Role role, String currency) {
      this.role = role;
      this.currency = currency;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Id other
          && role == other.role
          && Objects.equals(currency, other.currency);
    }

    @Override
    public int hashCode() {
      return Objects.hash(role, currency);
    }
  }

  @EmbeddedId private Id id;

  @Column(name = "per_transfer_minor", nullable = false)
  private long perTransferMinor;

  @Column(name = "daily_minor", nullable = false)
  private long dailyMinor;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "updated_by", nullable = false, length = 32)
  private String updatedBy;

  protected LimitRow() {}

  public LimitRow(Role role, String currency, long perTransfer, long daily, String by, Instant at) {
    this.id = new Id(role, currency);
    set(perTransfer, daily, by, at);
  }

  public void set(long perTransfer, long daily, String by, Instant at) {
    if (perTransfer <= 0 || daily <= 0) {
      throw new IllegalArgumentException("limits are positive");
    }
    this.perTransferMinor = perTransfer;
    this.dailyMinor = daily;
    this.updatedBy = Objects.requireNonNull(by, "by");
    this.updatedAt = Objects.requireNonNull(at, "at");
  }

  public Role getRole() {
    return id.role;
  }

  public String getCurrency() {
    return id.currency;
  }

  public long getPerTransferMinor() {
    return perTransferMinor;
  }

  public long getDailyMinor() {
    return dailyMinor;
  }
}
