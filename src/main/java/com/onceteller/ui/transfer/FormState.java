package com.onceteller.ui.transfer;

/** Where the transfer on the form stands, as the teller sees it. */
public enum FormState {
  /** Being filled in; nothing sent under this key yet. */
  DRAFT(true, true),
  /** An attempt is on its way. */
  SENDING(false, false),
  /** The last attempt's outcome is unknown; the next one is scheduled. */
  RETRY_WAIT(false, false),
  /** Posted by this form's attempt. */
  POSTED(false, false),
  /** The answer was read back: the transfer had been posted before; nothing moved now. */
  ALREADY_POSTED(false, false),
  /** The ledger refused (stored; resending the key gives the same answer). */
  REJECTED(false, false),
  /** The key was fenced by an abandon: nothing can post under it. */
  VOIDED(false, false),
  /** The key was used before for different details; nothing executed. */
  KEY_REUSED(false, false),
  /** Outcome unknown and no longer retrying by itself: visibly in doubt. */
  IN_DOUBT(true, true),
  /** The service refused the request's shape; correct it and send again. */
  INVALID(true, true),
  /** Every attempt was answered "not executed": nothing moved, sending again is safe. */
  NOT_EXECUTED(true, true),
  /** The outbox could not record the submission: nothing was sent. */
  NOT_SENT(true, true);

  private final boolean editable;
  private final boolean submittable;

  FormState(boolean editable, boolean submittable) {
    this.editable = editable;
    this.submittable = submittable;
  }

  public boolean editable() {
    return editable;
  }

  public boolean submittable() {
    return submittable;
  }

  /** A decision the ledger made: only "New transfer" goes on from here. */
  public boolean decided() {
    return this == POSTED
        || this == ALREADY_POSTED
        || this == REJECTED
        || this == VOIDED
        || this == KEY_REUSED;
  }
}
