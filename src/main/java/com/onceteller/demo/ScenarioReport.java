package com.onceteller.demo;

import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.timeline.TimelineEvent;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.util.List;

/**
 * What a scenario did: its timeline, the answers, the two accounts before and after, and the
 * verdict on the one thing that matters — money moved at most once.
 */
public record ScenarioReport(
    Scenario scenario,
    IdempotencyKey key,
    List<TimelineEvent> events,
    List<TransferOutcome> answers,
    RetryingSubmission.Final finalState,
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

  public String verdict() {
    if (!movedAtMostOnce()) {
      return "FAIL: money moved " + postingsForKey + " times for one intent";
    }
    return postingsForKey == 1 ? "OK: money moved exactly once" : "OK: no money moved";
  }
}
