package com.onceteller.ui.transfer;

import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.LedgerReads;
import com.onceteller.ui.Folding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The branch's accounts for the pickers, searched in Java so that accents and case never matter
 * (the database compares bytes). A branch holds thousands of accounts at most; the list is re-read
 * when it is older than a few seconds or after a decision moved money. Call off the UI thread.
 */
public final class AccountDirectory {

  private static final Duration FRESH = Duration.ofSeconds(5);

  private final LedgerReads queries;
  private final Clock clock;
  private List<AccountSummary> accounts = List.of();
  private Instant readAt = Instant.MIN;

  public AccountDirectory(LedgerReads queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  /** Accounts whose number starts with, or whose holder contains, {@code text}. Blocking. */
  public synchronized List<AccountSummary> search(String text, int limit) {
    Instant now = clock.instant();
    if (readAt.plus(FRESH).isBefore(now)) {
      accounts = queries.accounts();
      readAt = now;
    }
    String number = AccountNumbers.normalize(text);
    List<AccountSummary> found = new ArrayList<>();
    for (AccountSummary a : accounts) {
      boolean byNumber = number != null && !number.isEmpty() && a.number().startsWith(number);
      if (byNumber || Folding.contains(a.holder(), text)) {
        found.add(a);
        if (found.size() == limit) {
          break;
        }
      }
    }
    return found;
  }

  /** The next search re-reads the ledger (a decision moved money or changed an account). */
  public synchronized void invalidate() {
    readAt = Instant.MIN;
  }
}
