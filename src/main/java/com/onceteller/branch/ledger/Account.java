package com.onceteller.branch.ledger;

import com.onceteller.domain.AccountStatus;
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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.NaturalId;
import org.hibernate.type.SqlTypes;

/** A customer account. Its balance changes only together with a journal entry. */
@Entity
@Table(name = "account")
public class Account {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @NaturalId
  @Column(name = "number", nullable = false, length = 34)
  private String number;

  @Column(name = "holder", nullable = false, length = 120)
  private String holder;

  // A fixed-width column: PostgreSQL reports it as bpchar, which must not be validated as varchar.
  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(name = "currency", nullable = false, length = 3, columnDefinition = "char(3)")
  private String currency;

  @Column(name = "balance_minor", nullable = false)
  private long balanceMinor;

  /** The balance the account was opened with; never changes (start-up reconciliation). */
  @Column(name = "opening_balance_minor", nullable = false, updatable = false)
  private long openingBalanceMinor;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", nullable = false, length = 10)
  private AccountStatus status;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  @Column(name = "opened_at", nullable = false)
  private Instant openedAt;

  protected Account() {}

  public Account(
      String number,
      String holder,
      String currency,
      long openingBalanceMinor,
      AccountStatus status,
      Instant openedAt) {
    if (openingBalanceMinor < 0) {
      throw new IllegalArgumentException("opening balance must not be negative");
    }
    this.number = number;
    this.holder = holder;
    this.currency = currency;
    this.balanceMinor = openingBalanceMinor;
    this.openingBalanceMinor = openingBalanceMinor;
    this.status = status;
    this.openedAt = openedAt;
  }

  /**
   * An account as a plain statement read it ({@link H2PostingHead}): not in any session, so it is
   * written back only by a statement that checks {@code version} as Hibernate would.
   */
  static Account read(
      long id,
      String number,
      String holder,
      String currency,
      long balanceMinor,
      long openingBalanceMinor,
      AccountStatus status,
      long version,
      Instant openedAt) {
    Account a = new Account();
    a.id = id;
    a.number = number;
    a.holder = holder;
    a.currency = currency;
    a.balanceMinor = balanceMinor;
    a.openingBalanceMinor = openingBalanceMinor;
    a.status = status;
    a.version = version;
    a.openedAt = openedAt;
    return a;
  }

  /** Debits the account; the caller has checked funds. Never lets the balance go negative. */
  void debit(long amountMinor) {
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("debit must be positive");
    }
    if (amountMinor > balanceMinor) {
      throw new IllegalStateException("debit would overdraw " + number);
    }
    balanceMinor -= amountMinor;
  }

  /**
   * Debits a posting the teller already acknowledged and the ledger lost, being restored: the
   * customer was told the money moved, so it moves even if the balance goes negative. The overdraft
   * is flagged by the restore's incident, never refused here.
   */
  void debitAcknowledged(long amountMinor) {
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("debit must be positive");
    }
    balanceMinor = Math.subtractExact(balanceMinor, amountMinor);
  }

  void credit(long amountMinor) {
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("credit must be positive");
    }
    if (!canCredit(amountMinor)) {
      // The service rejects this before writing (BALANCE_OVERFLOW); this is the last line.
      throw new ArithmeticException("credit would overflow the balance of " + number);
    }
    balanceMinor += amountMinor;
  }

  /**
   * False when crediting {@code amountMinor} would take the balance past {@link Long#MAX_VALUE}.
   */
  public boolean canCredit(long amountMinor) {
    return amountMinor <= 0 || balanceMinor <= Long.MAX_VALUE - amountMinor;
  }

  public Long getId() {
    return id;
  }

  public String getNumber() {
    return number;
  }

  public String getHolder() {
    return holder;
  }

  public String getCurrency() {
    return currency;
  }

  public long getBalanceMinor() {
    return balanceMinor;
  }

  public long getOpeningBalanceMinor() {
    return openingBalanceMinor;
  }

  public AccountStatus getStatus() {
    return status;
  }

  public long getVersion() {
    return version;
  }

  public Instant getOpenedAt() {
    return openedAt;
  }
}
