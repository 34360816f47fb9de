package com.onceteller.desk.timeline;

import com.onceteller.domain.TransferOutcome;

/** Short texts for outcomes, as the timeline labels them. */
public final class Outcomes {

  private Outcomes() {}

  public static String describe(TransferOutcome outcome) {
    // Java 17: no pattern matching in switch yet, so an instanceof chain over the sealed type.
    if (outcome instanceof TransferOutcome.Posted p) {
      return (p.replayed() ? "already posted " : "posted ") + p.reference();
    } else if (outcome instanceof TransferOutcome.Rejected r) {
      return (r.replayed() ? "already rejected: " : "rejected: ") + r.reason().label();
    } else if (outcome instanceof TransferOutcome.KeyReused) {
      return "key reused with different details";
    } else if (outcome instanceof TransferOutcome.Invalid i) {
      return "invalid: " + i.summary();
    } else if (outcome instanceof TransferOutcome.InProgress) {
      return "in progress";
    } else if (outcome instanceof TransferOutcome.NotExecuted) {
      return "not executed";
    }
    return "outcome unknown";
  }
}
