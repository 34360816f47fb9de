package com.onceteller.branch.ledger;

import com.onceteller.domain.AccountStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.StaleObjectStateException;

/**
 * The head of a new posting as plain statements on the session's connection, before the tail
 * ({@link H2PostingTail}, {@link PostgresPostingTail}) writes the rest: whether a key is stored at
 * all (H2's pre-read of a new attempt), the claim's insert, the two accounts, and their balances
 * once the money has moved.
 *
 * <p>Why not the entities: a new posting is a dozen rows and index entries plus one sync, and
 * Hibernate's identity insert, query translation and the flushes' dirty checks cost more than the
 * statements themselves (issue 13: a third of the desk service's CPU; most of the branch server's).
 * The entities still hold the invariants: the claim is built by {@link IdempotencyRecord#claim}
 * (fingerprint, key), the money moves through {@link Account#debit} and {@link Account#credit} on
 * the accounts read here, and a balance is written back only over the version it was read at, as
 * Hibernate's versioned update would; every constraint and trigger of the schema applies as to any
 * row. Nothing read here enters the session, so its flush at commit has nothing to write over.
 */
public final class PostingHead {

  private static final String STORED =
      "select id from idempotency_record where teller_id = ? and idempotency_key = ?";

  private static final String INSERT_CLAIM =
      "insert into idempotency_record (teller_id, idempotency_key, fingerprint, outcome,"
          + " request_canonical, decided_at) values (?, ?, ?, ?, ?, ?)";

  // In id order, so two postings lock their accounts in one order and never deadlock (PostgreSQL).
  private static final String ACCOUNTS =
      "select id, number, holder, currency, balance_minor, opening_balance_minor, status, version,"
          + " opened_at from account where number = ? or number = ? order by id";

  private static final String BALANCE =
      "update account set balance_minor = ?, version = version + 1 where id = ? and version = ?";

  private PostingHead() {}

  /**
   * The id of {@code teller}'s record for {@code key}, or null: a point lookup on the unique
   * (teller, key) index, both columns as equalities (see StoredOutcomes on why never an IN list).
   */
  public static Long storedId(Session session, String teller, UUID key) {
    return session.doReturningWork(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(STORED)) {
            ps.setString(1, teller);
            ps.setObject(2, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getLong(1) : null;
            }
          }
        });
  }

  /**
   * Inserts {@code claim} (new, undecided) and returns its id. A key already claimed collides with
   * the unique index here (or waits for the attempt that holds it, on PostgreSQL), as the entity's
   * insert would. {@code postgres} names the id column as that engine folds it.
   */
  public static long insertClaim(Session session, IdempotencyRecord claim, boolean postgres) {
    if (claim.getId() != null) {
      throw new IllegalArgumentException("the claim is inserted already");
    }
    String[] id = {postgres ? "id" : "ID"};
    return session.doReturningWork(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(INSERT_CLAIM, id)) {
            ps.setString(1, claim.getTellerId());
            ps.setObject(2, claim.getKey());
            ps.setString(3, claim.getFingerprint());
            ps.setString(4, claim.getOutcome().name());
            ps.setString(5, claim.getRequestCanonical());
            ps.setObject(6, claim.getDecidedAt().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              if (!keys.next()) {
                throw new IllegalStateException("the claim's insert returned no id");
              }
              return keys.getLong(1);
            }
          }
        });
  }

  /**
   * The two accounts by number, not in the session; an element is null when there is none. With
   * {@code lock}, both rows are locked for the rest of the transaction (PostgreSQL, where postings
   * run side by side; on H2 the one writer at a time needs none).
   */
  public static Account[] accounts(Session session, String from, String to, boolean lock) {
    String sql = lock ? ACCOUNTS + " for update" : ACCOUNTS;
    return session.doReturningWork(
        c -> {
          Account[] found = new Account[2];
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, from);
            ps.setString(2, to);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Account a =
                    Account.read(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        AccountStatus.valueOf(rs.getString(7)),
                        rs.getLong(8),
                        rs.getObject(9, OffsetDateTime.class).toInstant());
                found[a.getNumber().equals(from) ? 0 : 1] = a;
              }
            }
          }
          return found;
        });
  }

  /**
   * Writes the balances {@code movement} left on its two accounts, each only over the version it
   * was read at: if anyone changed the account since, nothing is written and the attempt runs again
   * as after any optimistic conflict.
   */
  static void writeBalances(Connection c, Transfer.Movement movement) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BALANCE)) {
      balance(ps, movement.from());
      balance(ps, movement.to());
    }
  }

  private static void balance(PreparedStatement ps, Account a) throws SQLException {
    ps.setLong(1, a.getBalanceMinor());
    ps.setLong(2, a.getId());
    ps.setLong(3, a.getVersion());
    if (ps.executeUpdate() != 1) {
      throw new StaleObjectStateException(Account.class.getName(), a.getId());
    }
  }

  /**
   * Binds the transfer row's columns after the first (the reference on H2, the counter's name on
   * PostgreSQL, where the number is drawn in the same statement): parameters 2 to 10 are teller,
   * key, from, to, amount, currency, memo, posted at and business day, in both tails' statements.
   */
  static void bindTransfer(
      PreparedStatement ps,
      Transfer.Movement movement,
      String currency,
      OffsetDateTime at,
      LocalDate day)
      throws SQLException {
    ps.setString(2, movement.tellerId());
    ps.setObject(3, movement.key());
    ps.setLong(4, movement.from().getId());
    ps.setLong(5, movement.to().getId());
    ps.setLong(6, movement.amountMinor());
    ps.setString(7, currency);
    ps.setString(8, movement.memo());
    ps.setObject(9, at);
    ps.setObject(10, day);
  }
}
