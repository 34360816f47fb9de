package com.onceteller.domain;

/** One thing wrong with a request, tied to the field a teller has to correct. */
public record FieldError(Field field, String message) {

  /** The fields of a transfer request, as the form shows them. */
  public enum Field {
    KEY,
    FROM_ACCOUNT,
    TO_ACCOUNT,
    AMOUNT,
    CURRENCY,
    MEMO,
    /** Who abandons a transfer (a teller's name or id). */
    ACTOR,
    /** Why a transfer is abandoned. */
    REASON,
    /** The reference a teller was given for a posting being restored. */
    REFERENCE,
    /** When a posting being restored was acknowledged. */
    POSTED_AT,
    /** The note recorded with a restored posting. */
    NOTE,
    /**
     * Who is acting may not do this (role, or a user that is unknown, disabled or of another role):
     * nothing was stored; an HTTP server answers 403.
     */
    PERMISSION
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
