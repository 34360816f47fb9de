package com.onceteller.branch.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hibernate.Session;

/**
 * PostgreSQL: the serialised tail of a new posting in one statement. Every posting of a ledger
 * waits for the reference counter's row lock (gapless references), which is held from taking the
 * number until the commit; on a client/server database each statement in that window is a round
 * trip every other desk waits for. So, once the money has moved ({@link Transfer.Movement}, on
 * accounts {@link PostingHead} read and locked) and the claim is inserted, the balances are written
 * and then one data-modifying statement takes the next number (update … returning: the row lock),
 * inserts the transfer under it and its two journal entries (debit, credit: the same amounts the
 * movement applied to the balances), and stores the claim's decision (POSTED, naming the transfer,
 * with its business day). The commit follows.
 *
 * <p>Everything the entities check was checked by the movement (two different accounts, one
 * currency, funds, no overflow, a positive amount); every constraint and trigger of the schema
 * (unique reference, unique key per teller, foreign keys, the open-day and append-only triggers,
 * the check that a posted record names its transfer) applies to these rows as to any. H2 has no
 * data-modifying common table expressions: {@link H2PostingTail} is a few statements there.
 */
public final class PostgresPostingTail {

  // Plain JDBC, positional parameters, in the order write() sets them.
  private static final String SQL =
      "with c as ("
          + " update reference_counter set last_value = last_value + 1 where name = ?"
          + " returning last_value),"
          + " t as ("
          + " insert into transfer (reference, teller_id, idempotency_key, from_account_id,"
          + " to_account_id, amount_minor, currency, memo, posted_at, business_date)"
          // ReferenceCounter.format: T- and the number, zero-padded to at least six digits.
          + " select 'T-' || lpad(cast(c.last_value as varchar),"
          + " greatest(6, length(cast(c.last_value as varchar))), '0'),"
          + " ?, ?, ?, ?, ?, ?, ?, ?, ? from c"
          + " returning id, reference),"
          + " j as ("
          + " insert into journal_entry (transfer_id, account_id, amount_minor, currency, posted_at)"
          + " select t.id, v.account_id, v.amount_minor, ?, ? from t cross join (values"
          + " (1, cast(? as bigint), cast(? as bigint)),"
          + " (2, cast(? as bigint), cast(? as bigint))) as v(leg, account_id, amount_minor)"
          + " order by v.leg),"
          + " r as ("
          + " update idempotency_record set outcome = 'POSTED', rejection_reason = null,"
          + " transfer_id = (select id from t), business_date = ? where id = ?)"
          + " select reference from t";

  private PostgresPostingTail() {}

  /**
   * Writes the balances {@code movement} left on its (locked) accounts, then numbers it, writes its
   * transfer and journal entries and decides the claim {@code claimId} as POSTED, in one statement;
   * returns the reference. The transaction must commit or roll back right after; the session must
   * not be used to read these rows in it.
   */
  public static String write(
      Session session, Transfer.Movement movement, long claimId, LocalDate day) {
    movement.markNumbered();
    return session.doReturningWork(
        c -> {
          // Before the counter's lock: the balances are not what every other posting waits for.
          PostingHead.writeBalances(c, movement);
          OffsetDateTime at = movement.at().atOffset(ZoneOffset.UTC);
          String currency = movement.from().getCurrency();
          try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, ReferenceCounter.TRANSFERS);
            PostingHead.bindTransfer(ps, movement, currency, at, day);
            ps.setString(11, currency);
            ps.setObject(12, at);
            ps.setLong(13, movement.from().getId());
            ps.setLong(14, -movement.amountMinor());
            ps.setLong(15, movement.to().getId());
            ps.setLong(16, movement.amountMinor());
            ps.setObject(17, day);
            ps.setLong(18, claimId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException(
                    "The ledger has no reference counter (migration V5).");
              }
              return rs.getString(1);
            }
          }
        });
  }
}
