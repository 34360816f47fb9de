package com.onceteller.branch.service;

import com.onceteller.branch.ledger.Account;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.Transfer;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.Permission;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferSummary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.SessionFactory;

/**
 * Read-only views of the ledger for the UI and for checks. Returns records, never entities.
 *
 * <p>Each read runs in a transaction that commits (it wrote nothing): a connection handed back to
 * the pool with a transaction open is rolled back, and H2 empties that connection's
 * parsed-statement cache on every rollback, so the next posting on it would parse all its
 * statements again (the desk refreshes its accounts and journal after every decision).
 */
public final class LedgerQueries implements com.onceteller.domain.LedgerReads {

  private final SessionFactory sf;

  public LedgerQueries(Database database) {
    this.sf = database.sessionFactory();
  }

  @Override
  public List<AccountSummary> accounts() {
    return sf.fromTransaction(
        s ->
            s
                .createSelectionQuery("from Account a order by a.currency, a.holder", Account.class)
                .getResultList()
                .stream()
                .map(LedgerQueries::summary)
                .toList());
  }

  @Override
  public Optional<AccountSummary> account(String number) {
    String n = AccountNumbers.normalize(number);
    if (n == null || n.isEmpty()) {
      return Optional.empty();
    }
    return sf.fromTransaction(
        s ->
            Optional.ofNullable(s.bySimpleNaturalId(Account.class).load(n))
                .map(LedgerQueries::summary));
  }

  /** Accounts whose number starts with, or whose holder contains, {@code text} (any case). */
  @Override
  public List<AccountSummary> searchAccounts(String text, int limit) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return accounts().stream().limit(limit).toList();
    }
    String numberPrefix = AccountNumbers.normalize(t) + "%";
    String holderPart = "%" + t.toLowerCase(Locale.ROOT) + "%";
    return sf.fromTransaction(
        s ->
            s
                .createSelectionQuery(
                    "from Account a where a.number like :n or lower(a.holder) like :h order by a.holder",
                    Account.class)
                .setParameter("n", numberPrefix)
                .setParameter("h", holderPart)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(LedgerQueries::summary)
                .toList());
  }

  /**
   * Transfers posted at or after {@code since}, newest first, optionally filtered by reference, key
   * or account number (prefix) or holder name.
   */
  @Override
  public List<TransferSummary> journal(Instant since, String search, int limit) {
    String q = search == null ? "" : search.strip();
    return sf.fromTransaction(
        s -> {
          String hql =
              "select t from Transfer t join fetch t.from f join fetch t.to o"
                  + " left join fetch t.reversalOf where t.postedAt >= :since"
                  + (q.isEmpty()
                      ? ""
                      : " and (upper(t.reference) like :ref or cast(t.idempotencyKey as String) like :key"
                          + " or f.number like :acct or o.number like :acct"
                          + " or lower(f.holder) like :holder or lower(o.holder) like :holder)")
                  + " order by t.id desc";
          var query =
              s.createSelectionQuery(hql, Transfer.class)
                  .setParameter("since", since)
                  .setMaxResults(limit);
          if (!q.isEmpty()) {
            query.setParameter("ref", "%" + q.toUpperCase(Locale.ROOT) + "%");
            query.setParameter("key", "%" + q.toLowerCase(Locale.ROOT) + "%");
            query.setParameter("acct", AccountNumbers.normalize(q) + "%");
            query.setParameter("holder", "%" + q.toLowerCase(Locale.ROOT) + "%");
          }
          List<Transfer> found = query.getResultList();
          Map<Long, String> reversed = reversedBy(s, found);
          return found.stream().map(t -> summary(t, reversed.get(t.getId()))).toList();
        });
  }

  /** The transfer {@code tellerId} posted under {@code key} (or a legacy one, V8), if any. */
  public Optional<TransferSummary> transferByKey(String tellerId, IdempotencyKey key) {
    return sf.fromTransaction(
        s ->
            Optional.ofNullable(StoredOutcomes.transfer(s, tellerId, key))
                .map(LedgerQueries::summary));
  }

  /**
   * What the ledger knows about {@code key}: POSTED (reference, time, request), REJECTED (reason),
   * VOIDED (by, why), or UNKNOWN (no decision and no transfer). Read-only. A posted key is found
   * even when its replay record was compacted or lost: the transfer row carries the key. This is
   * the committed state; an answer a teller is given as final still comes from {@link
   * TransferService#submit} with the same key (which also waits for a sync in flight).
   */
  public KeyStatus statusOf(Actor actor, IdempotencyKey key) {
    java.util.Objects.requireNonNull(key, "key");
    if (actor == null) {
      throw ServiceRefusal.notPermitted(null, Permission.VIEW_JOURNAL);
    }
    return statusOf(actor, actor.userId(), key);
  }

  /**
   * What the ledger knows about {@code tellerId}'s {@code key}; another teller's key needs {@link
   * Permission#ACT_FOR_OTHER_TELLER} (a supervisor signing off in-doubt items).
   *
   * @throws ServiceRefusal when {@code actor} may not ask
   */
  public KeyStatus statusOf(Actor actor, String tellerId, IdempotencyKey key) {
    java.util.Objects.requireNonNull(key, "key");
    Permission p =
        actor != null && actor.userId().equals(tellerId)
            ? Permission.VIEW_JOURNAL
            : Permission.ACT_FOR_OTHER_TELLER;
    if (actor == null || !actor.may(p)) {
      throw ServiceRefusal.notPermitted(actor, p);
    }
    return sf.fromTransaction(s -> StoredOutcomes.status(s, tellerId, key));
  }

  public long countTransfers() {
    return sf.fromTransaction(
        s ->
            s.createSelectionQuery("select count(t) from Transfer t", Long.class)
                .getSingleResult());
  }

  /** Number of transfers posted under one key: 0 or 1, by the unique constraint. For checks. */
  @Override
  public long countTransfersForKey(UUID key) {
    return sf.fromTransaction(
        s ->
            s.createSelectionQuery(
                    "select count(t) from Transfer t where t.idempotencyKey = :k", Long.class)
                .setParameter("k", key)
                .getSingleResult());
  }

  /** Sum of all balances per currency: transfers never change it. */
  @Override
  public Map<String, Long> totalsByCurrency() {
    return sf.fromTransaction(
        s -> {
          Map<String, Long> totals = new TreeMap<>();
          for (Object[] row :
              s.createSelectionQuery(
                      "select a.currency, sum(a.balanceMinor) from Account a group by a.currency",
                      Object[].class)
                  .getResultList()) {
            totals.put((String) row[0], ((Number) row[1]).longValue());
          }
          return totals;
        });
  }

  static AccountSummary summary(Account a) {
    return new AccountSummary(
        a.getNumber(), a.getHolder(), a.getCurrency(), a.getBalanceMinor(), a.getStatus());
  }

  static TransferSummary summary(Transfer t) {
    return new TransferSummary(
        t.getReference(),
        new IdempotencyKey(t.getIdempotencyKey()),
        t.getPostedAt(),
        t.getFrom().getNumber(),
        t.getTo().getNumber(),
        t.getAmountMinor(),
        t.getCurrency(),
        t.getMemo(),
        t.getTellerId(),
        t.getReversalOf() == null ? null : t.getReversalOf().getReference(),
        null);
  }

  /** The same with the reference of the reversal that reversed it, if any. */
  static TransferSummary summary(Transfer t, String reversedBy) {
    TransferSummary s = summary(t);
    return new TransferSummary(
        s.reference(),
        s.key(),
        s.postedAt(),
        s.fromAccount(),
        s.toAccount(),
        s.amountMinor(),
        s.currency(),
        s.memo(),
        s.tellerId(),
        s.reversalOf(),
        reversedBy);
  }

  /** The posting with {@code reference}, with its reversal link both ways. */
  public Optional<TransferSummary> transferByReference(String reference) {
    return sf.fromTransaction(
        s -> {
          Transfer t =
              s.createSelectionQuery(
                      "from Transfer t left join fetch t.reversalOf where t.reference = :r",
                      Transfer.class)
                  .setParameter("r", reference == null ? "" : reference.strip())
                  .getSingleResultOrNull();
          if (t == null) {
            return Optional.<TransferSummary>empty();
          }
          return Optional.of(summary(t, reversedBy(s, java.util.List.of(t)).get(t.getId())));
        });
  }

  /** For each of {@code transfers}, the reference of the reversal that reversed it. */
  private static Map<Long, String> reversedBy(org.hibernate.Session s, List<Transfer> transfers) {
    Map<Long, String> out = new java.util.HashMap<>();
    if (transfers.isEmpty()) {
      return out;
    }
    for (Object[] row :
        s.createSelectionQuery(
                "select r.reversalOf.id, r.reference from Transfer r where r.reversalOf.id in :ids",
                Object[].class)
            .setParameter("ids", transfers.stream().map(Transfer::getId).toList())
            .getResultList()) {
      out.put((Long) row[0], (String) row[1]);
    }
    return out;
  }
}
