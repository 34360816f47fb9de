package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hibernate.Session;

/**
 * H2: the tail of a new posting as prepared statements on the session's connection, as {@link
 * PostgresPostingTail} is one statement on PostgreSQL. Once the money has moved ({@link
 * Transfer.Movement}, on accounts {@link PostingHead} read) and the claim is inserted: write the
 * two balances (each only if its version is still the one read, else the attempt runs again as
 * after any optimistic conflict), take the next reference (update … of the counter row, read back
 * from its final table), insert the transfer, its two journal entries (debit, credit: the amounts
 * the movement applied) and store the claim's decision (POSTED, naming the transfer, with its
 * business day). The commit follows.
 *
 * <p>Why not the entities: each of the three rows costs Hibernate an identity insert of its own
 * plus its bookkeeping, and the counter a locking load and a dirty check, about as much again as
 * the statements themselves (issue 13's phase breakdown). Everything the entities check was checked
 * by the movement; every constraint and trigger of the schema (unique reference and key, foreign
 * keys, the open-day, day-total and append-only triggers, the check that a posted record names its
 * transfer) applies to these rows as to any.
 */
public final class H2PostingTail {

  private static final String NEXT_NUMBER =
      "select last_value from final table (update reference_counter"
          + " set last_value = last_value + 1 where name = ?)";

  private static final String INSERT_TRANSFER =
      "insert into transfer (reference, teller_id, idempotency_key, from_account_id,"
          + " to_account_id, amount_minor, currency, memo, posted_at, business_date)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_JOURNAL =
      "insert into journal_entry (transfer_id, account_id, amount_minor, currency, posted_at)"
          + " values (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)";

  private static final String DECIDE_POSTED =
      "update idempotency_record set outcome = 'POSTED', rejection_reason = null,"
          + " transfer_id = ?, business_date = ? where id = ?";

  private H2PostingTail() {}

  /**
   * Writes the balances {@code movement} left on its two accounts, numbers it, writes its transfer
   * and journal entries and decides the claim {@code claimId} as POSTED; returns the reference. The
   * transaction must commit or roll back right after; the session must not be used to read these
   * rows in it.
   */
  public static String write(
      Session session, Transfer.Movement movement, long claimId, LocalDate day) {
    movement.markNumbered();
    return session.doReturningWork(c -> write(c, movement, claimId, day));
  }

  private static String write(Connection c, Transfer.Movement movement, long claimId, LocalDate day)
      throws SQLException {
    PostingHead.writeBalances(c, movement);
    String reference;
    try (PreparedStatement ps = c.prepareStatement(NEXT_NUMBER)) {
      ps.setString(1, ReferenceCounter.TRANSFERS);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("The ledger has no reference counter (migration V5).");
        }
        reference = ReferenceCounter.format(rs.getLong(1));
      }
    }
    OffsetDateTime at = movement.at().atOffset(ZoneOffset.UTC);
    String currency = movement.from().getCurrency();
    long transferId;
    try (PreparedStatement ps = c.prepareStatement(INSERT_TRANSFER, new String[] {"ID"})) {
      ps.setString(1, reference);
      PostingHead.bindTransfer(ps, movement, currency, at, day);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        transferId = keys.getLong(1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_JOURNAL)) {
      journal(ps, 0, transferId, movement.from().getId(), -movement.amountMinor(), currency, at);
      journal(ps, 5, transferId, movement.to().getId(), movement.amountMinor(), currency, at);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(DECIDE_POSTED)) {
      ps.setLong(1, transferId);
      ps.setObject(2, day);
      ps.setLong(3, claimId);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("the claim " + claimId + " is gone");
      }
    }
    return reference;
  }

  private static void journal(
      PreparedStatement ps,
      int offset,
      long transferId,
      long accountId,
      long amountMinor,
      String currency,
      OffsetDateTime at)
      throws SQLException {
    ps.setLong(offset + 1, transferId);
    ps.setLong(offset + 2, accountId);
    ps.setLong(offset + 3, amountMinor);
    ps.setString(offset + 4, currency);
    ps.setObject(offset + 5, at);
  }
}
