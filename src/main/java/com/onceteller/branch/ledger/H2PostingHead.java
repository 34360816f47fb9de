package com.onceteller.branch.ledger;

import com.onceteller.domain.AccountStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.hibernate.Session;

/**
 * H2: the head of a new posting as plain statements on the session's connection, before {@link
 * H2PostingTail} writes the rest: whether a key is stored at all (the pre-read of a new attempt),
 * the claim's insert, and the two accounts.
 *
 * <p>Why not the entities: on the one-workstation ledger a new posting is a dozen rows and indexes
 * in memory plus one sync, and Hibernate's identity insert, query translation and the two flushes'
 * dirty checks cost more than the statements (issue 13: a third of the service's CPU). The entities
 * still hold the invariants: the claim is built by {@link IdempotencyRecord#claim} (fingerprint,
 * key), the money moves through {@link Account#debit} and {@link Account#credit} on the accounts
 * read here, and the balances are written back with the same optimistic version check Hibernate
 * would make ({@link H2PostingTail}); every constraint and trigger of the schema applies as to any
 * row. Nothing read here enters the session, so its flush at commit has nothing to write over.
 */
public final class H2PostingHead {

  private static final String STORED =
      "select id from idempotency_record where teller_id = ? and idempotency_key = ?";

  private static final String INSERT_CLAIM =
      "insert into idempotency_record (teller_id, idempotency_key, fingerprint, outcome,"
          + " request_canonical, decided_at) values (?, ?, ?, ?, ?, ?)";

  private static final String ACCOUNTS =
      "select id, number, holder, currency, balance_minor, opening_balance_minor, status, version,"
          + " opened_at from account where number = ? or number = ?";

  private H2PostingHead() {}

  /**
   * Whether {@code teller} has a record for {@code key}: a point lookup on the unique (teller, key)
   * index, both columns as equalities (see StoredOutcomes on why never an IN list).
   */
  public static boolean stored(Session session, String teller, UUID key) {
    return session.doReturningWork(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(STORED)) {
            ps.setString(1, teller);
            ps.setObject(2, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /**
   * Inserts {@code claim} (new, undecided) and returns its id. A key already claimed collides with
   * the unique index here, as the entity's insert would.
   */
  public static long insertClaim(Session session, IdempotencyRecord claim) {
    if (claim.getId() != null) {
      throw new IllegalArgumentException("the claim is inserted already");
    }
    return session.doReturningWork(c -> insertClaim(c, claim));
  }

  private static long insertClaim(Connection c, IdempotencyRecord claim) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_CLAIM, new String[] {"ID"})) {
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
  }

  /** The two accounts by number, not in the session; an element is null when there is none. */
  public static Account[] accounts(Session session, String from, String to) {
    return session.doReturningWork(
        c -> {
          Account[] found = new Account[2];
          try (PreparedStatement ps = c.prepareStatement(ACCOUNTS)) {
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
}
