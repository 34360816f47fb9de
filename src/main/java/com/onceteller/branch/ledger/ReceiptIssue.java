package com.onceteller.branch.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** One issued copy of a posting's receipt (V15); copy 1 is the original. Append-only. */
@Entity
@Immutable
@Table(name = "receipt_issue")
public class ReceiptIssue {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "transfer_id", nullable = false)
  private Long transferId;

  @Column(name = "copy_number", nullable = false)
  private int copyNumber;

  @Column(name = "issued_at", nullable = false)
  private Instant issuedAt;

  @Column(name = "issued_by", nullable = false, length = 32)
  private String issuedBy;

  @Column(name = "workstation", nullable = false, length = 64)
  private String workstation;

  protected ReceiptIssue() {}

  public ReceiptIssue(
      Long transferId, int copyNumber, Instant issuedAt, String issuedBy, String workstation) {
    if (copyNumber < 1) {
      throw new IllegalArgumentException("copies are numbered from 1");
    }
    this.transferId = transferId;
    this.copyNumber = copyNumber;
    this.issuedAt = issuedAt;
    this.issuedBy = issuedBy;
    this.workstation = workstation;
  }

  public int getCopyNumber() {
    return copyNumber;
  }
}
