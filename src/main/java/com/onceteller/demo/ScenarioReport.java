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

  public ScenarioVerdict balances() {
    return new ScenarioVerdict(
        fromBefore, toBefore, fromAfter, toAfter, postingsForKey, amountMinor);
  }

  /** True when at most one posting exists for the key and the balances moved by exactly that. */
  public boolean movedAtMostOnce() {
    return balances().movedAtMostOnce();
  }

  public String verdict() {
    return balances().headline();
  }
}
