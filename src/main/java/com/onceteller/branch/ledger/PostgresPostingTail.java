package com.onceteller.branch.ledger;

import java.time.LocalDate;
import org.hibernate.FlushMode;
import org.hibernate.Session;

/**
 * PostgreSQL: the serialised tail of a new posting in one statement. Every posting of a ledger
 * waits for the reference counter's row lock (gapless references), which is held from taking the
 * number until the commit; on a client/server database each statement in that window is a round
 * trip every other desk waits for. So, once the money has moved ({@link Transfer.Movement}, the
 * balances already flushed) and the claim is inserted, one data-modifying statement takes the next
 * number (update … returning: the row lock), inserts the transfer under it and its two journal
 * entries (debit, credit: the same amounts the movement applied to the balances), and stores the
 * claim's decision (POSTED, naming the transfer, with its business day). The commit follows.
 *
 * <p>Everything the entities check was checked by the movement (two different accounts, one
 * currency, funds, no overflow, a positive amount); every constraint and trigger of the schema
 * (unique reference, unique key per teller, foreign keys, the open-day and append-only triggers,
 * the check that a posted record names its transfer) applies to these rows as to any. The claim
 * entity is detached first: the session must not write its provisional state over the decision. H2
 * has no data-modifying common table expressions and one writer at a time; it keeps the entities'
 * path.
 */
public final class PostgresPostingTail {

  private static final String SQL =
      "with c as ("
          + " update reference_counter set last_value = last_value + 1 where name = :counter"
          + " returning last_value),"
          + " t as ("
          + " insert into transfer (reference, teller_id, idempotency_key, from_account_id,"
          + " to_account_id, amount_minor, currency, memo, posted_at, business_date)"
          // ReferenceCounter.format: T- and the number, zero-padded to at least six digits.
          + " select 'T-' || lpad(cast(c.last_value as varchar),"
          + " greatest(6, length(cast(c.last_value as varchar))), '0'),"
          + " :teller, :key, :fromId, :toId, :amount, :currency, :memo, :at, :day from c"
          + " returning id, reference),"
          + " j as ("
          + " insert into journal_entry (transfer_id, account_id, amount_minor, currency, posted_at)"
          + " select t.id, v.account_id, v.amount_minor, :currency, :at from t cross join (values"
          + " (1, cast(:fromId as bigint), cast(:debit as bigint)),"
          + " (2, cast(:toId as bigint), cast(:amount as bigint))) as v(leg, account_id, amount_minor)"
          + " order by v.leg),"
          + " r as ("
          + " update idempotency_record set outcome = 'POSTED', rejection_reason = null,"
          + " transfer_id = (select id from t), business_date = :day where id = :claim)"
          + " select reference from t";

  private PostgresPostingTail() {}

  /**
   * Numbers {@code movement}, writes its transfer and journal entries and decides {@code claim} as
   * POSTED, in one statement; returns the reference. The transaction must commit or roll back right
   * after; the session must not be used to read these rows in it.
   */
  public static String write(
      Session session, Transfer.Movement movement, IdempotencyRecord claim, LocalDate day) {
    long claimId = movement.takeOver(session, claim);
    String reference =
        session
            .createNativeQuery(SQL, String.class)
            .setHibernateFlushMode(FlushMode.MANUAL)
            .setParameter("counter", ReferenceCounter.TRANSFERS)
            .setParameter("teller", movement.tellerId())
            .setParameter("key", movement.key())
            .setParameter("fromId", movement.from().getId())
            .setParameter("toId", movement.to().getId())
            .setParameter("amount", movement.amountMinor())
            .setParameter("debit", -movement.amountMinor())
            .setParameter("currency", movement.from().getCurrency())
            .setParameter("memo", movement.memo())
            .setParameter("at", movement.at())
            .setParameter("day", day)
            .setParameter("claim", claimId)
            .getSingleResultOrNull();
    if (reference == null) {
      throw new IllegalStateException("The ledger has no reference counter (migration V5).");
    }
    return reference;
  }
}
