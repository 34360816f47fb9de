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
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.NaturalId;
import org.hibernate.type.SqlTypes;

/** A posted transfer. Immutable: corrections are new transfers, never edits. */
@Entity
@Immutable
@Table(name = "transfer")
public class Transfer {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "reference", nullable = false, length = 16, unique = true)
  private String reference;

  /** The key that posted it, unique forever: the last line of defence against a double post. */
  @NaturalId
  @Column(name = "idempotency_key", nullable = false)
  private UUID idempotencyKey;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "from_account_id", nullable = false)
  private Account from;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "to_account_id", nullable = false)
  private Account to;

  @Column(name = "amount_minor", nullable = false)
  private long amountMinor;

  // A fixed-width column: PostgreSQL reports it as bpchar, which must not be validated as varchar.
  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(name = "currency", nullable = false, length = 3, columnDefinition = "char(3)")
  private String currency;

  @Column(name = "memo", nullable = false, length = 140)
  private String memo;

  @Column(name = "posted_at", nullable = false)
  private Instant postedAt;

  protected Transfer() {}

  /** The two legs written with a transfer; persisted together or not at all. */
  public record Posting(Transfer transfer, JournalEntry debit, JournalEntry credit) {}

  /**
   * Moves money: debits {@code from}, credits {@code to}, and returns the transfer with its
   * balanced pair of journal entries. The caller persists all three in the same transaction.
   */
  public static Posting post(
      String reference,
      UUID key,
      Account from,
      Account to,
      long amountMinor,
      String memo,
      Instant at) {
    return legs(reference, key, from, to, amountMinor, memo, at, false);
  }

  /**
   * Restores a posting the desk acknowledged ("Posted &lt;reference&gt;") but the ledger lost: the
   * same legs as {@link #post}, at the time it was acknowledged, and the paying account may be
   * overdrawn by it (the customer was told the money moved; the caller records an incident).
   */
  public static Posting restoreAcknowledged(
      String reference,
      UUID key,
      Account from,
      Account to,
      long amountMinor,
      String memo,
      Instant postedAt) {
    return legs(reference, key, from, to, amountMinor, memo, postedAt, true);
  }

  private static Posting legs(
      String reference,
      UUID key,
      Account from,
      Account to,
      long amountMinor,
      String memo,
      Instant at,
      boolean acknowledged) {
    if (from.getId() != null && from.getId().equals(to.getId())) {
      throw new IllegalArgumentException("a transfer needs two different accounts");
    }
    if (!from.getCurrency().equals(to.getCurrency())) {
      throw new IllegalArgumentException("both accounts must hold the same currency");
    }
    if (acknowledged) {
      from.debitAcknowledged(amountMinor);
    } else {
      from.debit(amountMinor);
    }
    to.credit(amountMinor);
    Transfer t = new Transfer(reference, key, from, to, amountMinor, from.getCurrency(), memo, at);
    return new Posting(
        t,
        new JournalEntry(t, from, -amountMinor, from.getCurrency(), at),
        new JournalEntry(t, to, amountMinor, to.getCurrency(), at));
  }

  private Transfer(
      String reference,
      UUID idempotencyKey,
      Account from,
      Account to,
      long amountMinor,
      String currency,
      String memo,
      Instant postedAt) {
    this.reference = reference;
    this.idempotencyKey = idempotencyKey;
    this.from = from;
    this.to = to;
    this.amountMinor = amountMinor;
    this.currency = currency;
    this.memo = memo;
    this.postedAt = postedAt;
  }

  public Long getId() {
    return id;
  }

  public String getReference() {
    return reference;
  }

  public UUID getIdempotencyKey() {
    return idempotencyKey;
  }

  public Account getFrom() {
    return from;
  }

  public Account getTo() {
    return to;
  }

  public long getAmountMinor() {
    return amountMinor;
  }

  public String getCurrency() {
    return currency;
  }

  public String getMemo() {
    return memo;
  }

  public Instant getPostedAt() {
    return postedAt;
  }
}
