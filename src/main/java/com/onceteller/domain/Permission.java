package com.onceteller.domain;

/** One thing the service may allow; {@link Role} says who may. */
public enum Permission {
  /** Submit a transfer under one's own keys (and resubmit it after approval). */
  POST_TRANSFER("post transfers"),
  /** Abandon (void) one's own in-doubt transfer. */
  VOID_OWN("abandon own transfers"),
  /** Reverse a posting from the journal (a new, linked transfer the other way). */
  REVERSE("reverse postings"),
  /** Read accounts, the journal and the status of keys. */
  VIEW_JOURNAL("read the journal"),
  /** Print a receipt, or reprint one marked DUPLICATE. */
  PRINT_RECEIPT("print receipts"),
  /** Close one's own teller day. */
  CLOSE_OWN_DAY("close their own day"),
  /** Approve (or decline) a request above a limit, never one's own. */
  APPROVE("approve requests above a limit"),
  /** Unlock a user locked after failed sign-ons. */
  UNLOCK_USER("unlock users"),
  /**
   * Act on another teller's keys: ask their status, sign off their in-doubt items, close their day.
   */
  ACT_FOR_OTHER_TELLER("act on another teller's items"),
  /** Close the branch's business day. */
  CLOSE_BRANCH_DAY("close the business day"),
  /** Read end-of-day reports of every teller. */
  VIEW_REPORTS("read the reports"),
  /** Search and export the audit trail. */
  VIEW_AUDIT("read the audit trail"),
  /** Create users, change roles, disable users, reset passwords. */
  MANAGE_USERS("manage users"),
  /** Change limits and settings of the ledger. */
  CONFIGURE("change the configuration");

  private final String words;

  Permission(String words) {
    this.words = words;
  }

  /** What it allows, for messages ("may not approve requests above a limit"). */
  public String words() {
    return words;
  }
}
