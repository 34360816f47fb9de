package com.onceteller.demo;

import com.onceteller.domain.AccountSummary;

/**
 * The one thing a demonstration must show: did money move at most once for the intent? From the two
 * accounts before and after and the number of postings under the key.
 */
public record ScenarioVerdict(
    AccountSummary fromBefore,
    AccountSummary toBefore,
    AccountSummary fromAfter,
    AccountSummary toAfter,
    long postingsForKey,
    long amountMinor) {

  /** True when at most one posting exists for the key and the balances moved by exactly that. */
  public boolean movedAtMostOnce() {
    long moved = postingsForKey * amountMinor;
    return postingsForKey <= 1
        && fromBefore.balanceMinor() - fromAfter.balanceMinor() == moved
        && toAfter.balanceMinor() - toBefore.balanceMinor() == moved;
  }

  public String headline() {
    if (!movedAtMostOnce()) {
      return "FAIL: money moved " + postingsForKey + " times for one intent";
    }
    return postingsForKey == 1 ? "OK: money moved exactly once" : "OK: no money moved";
  }

  /** The balances, one account per line. */
  public String balances() {
    return line(fromBefore, fromAfter) + "\n" + line(toBefore, toAfter);
  }

  private static String line(AccountSummary before, AccountSummary after) {
    return before.holder() + ": " + before.balance().format() + " → " + after.balance().format();
  }
}
