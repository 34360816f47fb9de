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

  /** The teller who posted it; with the key, unique forever (V8). */
  @Column(name = "teller_id", nullable = false, length = 32)
  private String tellerId;

  /**
   * The key that posted it, unique per teller forever: the last line of defence against a double
   * post.
   */
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

  /** The business day it belongs to (V10; null for transfers posted before business days). */
  @Column(name = "business_date")
  private java.time.LocalDate businessDate;

  /** The posting this one reverses (V12), or null. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "reversal_of")
  private Transfer reversalOf;

  @Column(name = "reversal_reason", length = 1000)
  private String reversalReason;

  /** The supervisor's approval it was posted under, if it was above a limit. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "approval_id")
  private ApprovalRecord approval;

  protected Transfer() {}

  /** The two legs written with a transfer; persisted together or not at all. */
  public record Posting(Transfer transfer, JournalEntry debit, JournalEntry credit) {}

  /**
   * Moves money: debits {@code from}, credits {@code to}, and returns the transfer with its
   * balanced pair of journal entries. The caller persists all three in the same transaction.
   */
  public static Posting post(
      String reference,
      String tellerId,
      UUID key,
      Account from,
      Account to,
      long amountMinor,
      String memo,
      Instant at) {
    return legs(reference, tellerId, key, from, to, amountMinor, memo, at, false);
  }

  /**
   * Restores a posting the desk acknowledged ("Posted &lt;reference&gt;") but the ledger lost: the
   * same legs as {@link #post}, at the time it was acknowledged, and the paying account may be
   * overdrawn by it (the customer was told the money moved; the caller records an incident).
   */
  public static Posting restoreAcknowledged(
      String reference,
      String tellerId,
      UUID key,
      Account from,
      Account to,
      long amountMinor,
      String memo,
      Instant postedAt) {
    return legs(reference, tellerId, key, from, to, amountMinor, memo, postedAt, true);
  }

  private static Posting legs(
      String reference,
      String tellerId,
      UUID key,
      Account from,
      Account to,
      long amountMinor,
      String memo,
      Instant at,
      boolean acknowledged) {
    return new Movement(tellerId, key, from, to, amountMinor, memo, at, acknowledged)
        .numbered(reference);
  }

  /**
   * The first half of {@link #post}: moves the money (debits {@code from}, credits {@code to})
   * before the reference is known, so that the balances can be written before the reference counter
   * is locked, and the counter's lock (which every posting of the ledger waits for) is held only
   * for the transfer, its journal entries and the commit. The caller must {@link Movement#numbered
   * number} it in the same transaction; a movement left unnumbered must be rolled back with its
   * transaction.
   */
  public static Movement move(
      String tellerId,
      UUID key,
      Account from,
      Account to,
      long amountMinor,
      String memo,
      Instant at) {
    return new Movement(tellerId, key, from, to, amountMinor, memo, at, false);
  }

  /** Money moved between two accounts, waiting for its reference; numbered once. */
  public static final class Movement {
    void markNumbered() {
      if (numbered) {
        throw new IllegalStateException("a movement is numbered once");
      }
      numbered = true;
    }

    String tellerId() {
      return tellerId;
    }

    UUID key() {
      return key;
    }

    Account from() {
      return from;
    }

    Account to() {
      return to;
    }

    long amountMinor() {
      return amountMinor;
    }

    String memo() {
      return memo;
    }

    Instant at() {
      return at;
    }

    private final String tellerId;
    private final UUID key;
    private final Account from;
    private final Account to;
    private final long amountMinor;
    private final String memo;
    private final Instant at;
    private boolean numbered;

    private Movement(
        String tellerId,
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
      this.tellerId = tellerId;
      this.key = key;
      this.from = from;
      this.to = to;
      this.amountMinor = amountMinor;
      this.memo = memo;
      this.at = at;
    }

    /** The transfer under {@code reference} and its balanced pair of journal entries. */
    public Posting numbered(String reference) {
      markNumbered();
      Transfer t =
          new Transfer(
              reference, tellerId, key, from, to, amountMinor, from.getCurrency(), memo, at);
      return new Posting(
          t,
          new JournalEntry(t, from, -amountMinor, from.getCurrency(), at),
          new JournalEntry(t, to, amountMinor, to.getCurrency(), at));
    }
  }

  private Transfer(
      String reference,
      String tellerId,
      UUID idempotencyKey,
      Account from,
      Account to,
      long amountMinor,
      String currency,
      String memo,
      Instant postedAt) {
    this.reference = reference;
    this.tellerId = java.util.Objects.requireNonNull(tellerId, "tellerId");
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

  public String getTellerId() {
    return tellerId;
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

  public java.time.LocalDate getBusinessDate() {
    return businessDate;
  }

  public ApprovalRecord getApproval() {
    return approval;
  }

  public Transfer getReversalOf() {
    return reversalOf;
  }

  public String getReversalReason() {
    return reversalReason;
  }

  /**
   * Links this new transfer to the posting it reverses, before it is first persisted: it must move
   * the same amount back, between the same two accounts; a reversal is never itself reversed.
   */
  public void reverses(Transfer original, String reason) {
    if (id != null) {
      throw new IllegalStateException("a posted transfer never changes");
    }
    if (original.reversalOf != null) {
      throw new IllegalArgumentException("a reversal is not reversed");
    }
    if (original.amountMinor != amountMinor
        || !original.from.getNumber().equals(to.getNumber())
        || !original.to.getNumber().equals(from.getNumber())) {
      throw new IllegalArgumentException("a reversal moves the same amount back");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a reversal has a reason");
    }
    this.reversalOf = original;
    this.reversalReason = reason;
  }

  /**
   * Sets the business day and the approval before the transfer is first persisted (it is immutable
   * afterwards: the mapping never updates it and a trigger refuses updates).
   */
  public void belongsTo(java.time.LocalDate day, ApprovalRecord approvedBy) {
    if (id != null) {
      throw new IllegalStateException("a posted transfer never changes");
    }
    this.businessDate = day;
    this.approval = approvedBy;
  }
}
