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
    MEMO
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
