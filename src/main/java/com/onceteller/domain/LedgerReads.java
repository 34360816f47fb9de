package com.onceteller.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the teller desktop reads from the ledger (accounts, the journal): the embedded ledger's
 * queries, or the branch server's over HTTP. Records only.
 */
public interface LedgerReads {

  List<AccountSummary> accounts();

  Optional<AccountSummary> account(String number);

  /** Accounts whose number starts with, or whose holder contains, {@code text} (any case). */
  List<AccountSummary> searchAccounts(String text, int limit);

  /** The sum of all balances per currency (what double entry keeps constant). */
  java.util.Map<String, Long> totalsByCurrency();

  /** Transfers posted at or after {@code since}, newest first, optionally filtered. */
  List<TransferSummary> journal(Instant since, String search, int limit);

  /**
   * How many transfers carry {@code key}, whoever's (a demonstration's check: never more than 1).
   */
  long countTransfersForKey(java.util.UUID key);
}
