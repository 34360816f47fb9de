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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One leg of a transfer: negative for the debit, positive for the credit. Append-only. */
@Entity
@Immutable
@Table(name = "journal_entry")
public class JournalEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "transfer_id", nullable = false)
  private Transfer transfer;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "account_id", nullable = false)
  private Account account;

  @Column(name = "amount_minor", nullable = false)
  private long amountMinor;

  // A fixed-width column: PostgreSQL reports it as bpchar, which must not be validated as varchar.
  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(name = "currency", nullable = false, length = 3, columnDefinition = "char(3)")
  private String currency;

  @Column(name = "posted_at", nullable = false)
  private Instant postedAt;

  protected JournalEntry() {}

  JournalEntry(
      Transfer transfer, Account account, long amountMinor, String currency, Instant postedAt) {
    if (amountMinor == 0) {
      throw new IllegalArgumentException("a journal entry moves money");
    }
    this.transfer = transfer;
    this.account = account;
    this.amountMinor = amountMinor;
    this.currency = currency;
    this.postedAt = postedAt;
  }

  public Long getId() {
    return id;
  }

  public Transfer getTransfer() {
    return transfer;
  }

  public Account getAccount() {
    return account;
  }

  public long getAmountMinor() {
    return amountMinor;
  }

  public String getCurrency() {
    return currency;
  }

  public Instant getPostedAt() {
    return postedAt;
  }
}
