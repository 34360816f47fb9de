package com.onceteller.desk.store;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.domain.TransferOutcome;

/** How the desk store writes an answer down: a stable code, and a line for the record. */
final class OutcomeCodes {

  private OutcomeCodes() {}

  static String code(AttemptResult r) {
    return r instanceof AttemptResult.Answered a ? code(a.outcome()) : "NO_ANSWER";
  }

  static String code(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted) {
      return "POSTED";
    } else if (o instanceof TransferOutcome.Rejected) {
      return "REJECTED";
    } else if (o instanceof TransferOutcome.Voided) {
      return "VOIDED";
    } else if (o instanceof TransferOutcome.NeedsApproval) {
      return "NEEDS_APPROVAL";
    } else if (o instanceof TransferOutcome.KeyReused) {
      return "KEY_REUSED";
    } else if (o instanceof TransferOutcome.Invalid) {
      return "INVALID";
    } else if (o instanceof TransferOutcome.InProgress) {
      return "IN_PROGRESS";
    } else if (o instanceof TransferOutcome.NotExecuted) {
      return "NOT_EXECUTED";
    } else if (o instanceof TransferOutcome.OutcomeUnknown) {
      return "OUTCOME_UNKNOWN";
    }
    throw new IllegalArgumentException("an outcome this store does not know: " + o.getClass());
  }

  /**
   * True when the attempt may have acted without the desk knowing (the key may be in the ledger).
   */
  static boolean uncertain(AttemptResult r) {
    if (r instanceof AttemptResult.Answered a) {
      return a.outcome() instanceof TransferOutcome.OutcomeUnknown
          || a.outcome() instanceof TransferOutcome.InProgress;
    }
    return true;
  }

  static boolean uncertain(TransferOutcome o) {
    return o instanceof TransferOutcome.OutcomeUnknown || o instanceof TransferOutcome.InProgress;
  }

  static String text(AttemptResult r) {
    if (r instanceof AttemptResult.Answered a) {
      return text(a.outcome());
    }
    return "No answer: " + ((AttemptResult.NoAnswer) r).detail();
  }

  static String text(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted p) {
      return (p.replayed() ? "Already posted as " : "Posted as ") + p.reference();
    } else if (o instanceof TransferOutcome.Rejected r) {
      return "Rejected: " + r.message();
    } else if (o instanceof TransferOutcome.Voided v) {
      return "Abandoned and voided by " + v.voidedBy() + ": " + v.reason();
    } else if (o instanceof TransferOutcome.NeedsApproval n) {
      return (n.approval() == null
              ? "Needs a supervisor's approval: "
              : "Approved by " + n.approval().approverId() + ": ")
          + n.why();
    } else if (o instanceof TransferOutcome.KeyReused k) {
      return "Key already used for a different transfer"
          + (k.originalReference() == null ? "" : " (" + k.originalReference() + ")");
    } else if (o instanceof TransferOutcome.Invalid i) {
      return "Invalid: " + i.summary();
    } else if (o instanceof TransferOutcome.InProgress ip) {
      return "In progress: " + ip.message();
    } else if (o instanceof TransferOutcome.NotExecuted n) {
      return "Not executed: " + n.message();
    } else if (o instanceof TransferOutcome.OutcomeUnknown u) {
      return "Outcome unknown: " + u.message();
    }
    throw new IllegalArgumentException("an outcome this store does not know: " + o.getClass());
  }
}
