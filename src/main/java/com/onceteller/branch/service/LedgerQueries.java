package com.onceteller.branch.service;

import com.onceteller.branch.ledger.Account;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.Transfer;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferSummary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.SessionFactory;

/** Read-only views of the ledger for the UI and for checks. Returns records, never entities. */
public final class LedgerQueries implements com.onceteller.domain.LedgerReads {

  private final SessionFactory sf;

  public LedgerQueries(Database database) {
    this.sf = database.sessionFactory();
  }

  @Override
  public List<AccountSummary> accounts() {
    return sf.fromSession(
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
    return sf.fromSession(
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
    return sf.fromSession(
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
    return sf.fromSession(
        s -> {
          String hql =
              "select t from Transfer t join fetch t.from f join fetch t.to o where t.postedAt >= :since"
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
          return query.getResultList().stream().map(LedgerQueries::summary).toList();
        });
  }

  public Optional<TransferSummary> transferByKey(IdempotencyKey key) {
    return sf.fromSession(
        s ->
            Optional.ofNullable(s.bySimpleNaturalId(Transfer.class).load(key.value()))
                .map(LedgerQueries::summary));
  }

  /**
   * What the ledger knows about {@code key}: POSTED (reference, time, request), REJECTED (reason),
   * VOIDED (by, why), or UNKNOWN (no decision and no transfer). Read-only. A posted key is found
   * even when its replay record was compacted or lost: the transfer row carries the key. This is
   * the committed state; an answer a teller is given as final still comes from {@link
   * TransferService#submit} with the same key (which also waits for a sync in flight).
   */
  public KeyStatus statusOf(IdempotencyKey key) {
    java.util.Objects.requireNonNull(key, "key");
    return sf.fromSession(s -> StoredOutcomes.status(s, key));
  }

  public long countTransfers() {
    return sf.fromSession(
        s ->
            s.createSelectionQuery("select count(t) from Transfer t", Long.class)
                .getSingleResult());
  }

  /** Number of transfers posted under one key: 0 or 1, by the unique constraint. For checks. */
  public long countTransfersForKey(UUID key) {
    return sf.fromSession(
        s ->
            s.createSelectionQuery(
                    "select count(t) from Transfer t where t.idempotencyKey = :k", Long.class)
                .setParameter("k", key)
                .getSingleResult());
  }

  /** Sum of all balances per currency: transfers never change it. */
  @Override
  public Map<String, Long> totalsByCurrency() {
    return sf.fromSession(
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
        t.getMemo());
  }
}
