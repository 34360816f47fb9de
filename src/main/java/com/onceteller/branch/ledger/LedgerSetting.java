package com.onceteller.branch.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** One setting of the ledger (V10), e.g. {@code reversal_requires_approval}. */
@Entity
@Table(name = "ledger_setting")
public class LedgerSetting {

  public static final String REVERSAL_REQUIRES_APPROVAL = "reversal_requires_approval";

  @Id
  @Column(name = "setting_name", length = 40)
  private String name;

  @Column(name = "setting_value", nullable = false, length = 200)
  private String value;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "updated_by", nullable = false, length = 32)
  private String updatedBy;

  protected LedgerSetting() {}

  public LedgerSetting(String name, String value, String by, Instant at) {
    this.name = Objects.requireNonNull(name, "name");
    set(value, by, at);
  }

  public void set(String value, String by, Instant at) {
    this.value = Objects.requireNonNull(value, "value");
    this.updatedBy = Objects.requireNonNull(by, "by");
    this.updatedAt = Objects.requireNonNull(at, "at");
  }

  public String getName() {
    return name;
  }

  public String getValue() {
    return value;
  }
}
