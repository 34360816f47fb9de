package com.onceteller.domain;

/**
 * Why a well-formed transfer was refused by the ledger. These depend on ledger state at the moment
 * of decision, so they are stored and replayed: trying again after a deposit is a new transfer.
 */
public enum RejectionReason {
  INSUFFICIENT_FUNDS("Insufficient funds"),
  SOURCE_FROZEN("The paying account is frozen"),
  SOURCE_CLOSED("The paying account is closed"),
  DESTINATION_FROZEN("The receiving account is frozen"),
  DESTINATION_CLOSED("The receiving account is closed"),
  /**
   * The credit would take the receiving balance past the largest amount the ledger can hold (a
   * signed 64-bit count of minor units). Deterministic, so stored like the others (cf.
   * TigerBeetle's {@code overflows_credits}); checked before anything is written.
   */
  BALANCE_OVERFLOW("The receiving balance would exceed the largest amount the ledger can hold"),
  /**
   * A reversal of a posting that another reversal already reversed: an original is reversed at most
   * once (a unique constraint), so the second is a stored refusal like any other.
   */
  ALREADY_REVERSED("The posting was already reversed");

  private final String label;

  RejectionReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
