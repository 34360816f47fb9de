package com.onceteller.branch.ledger;

/** The ledger could not be opened; the message is written for the person at the screen. */
public class DatabaseOpenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, so that the app can choose what to offer (quit, pick another file, …). */
  public enum Reason {
    IN_USE,
    NEWER_SCHEMA,
    CORRUPT,
    NOT_ACCESSIBLE,
    LEDGER_INCONSISTENT,
    /** A server database that would acknowledge a commit before it is durable. */
    NOT_DURABLE,
    OTHER
  }

  private final Reason reason;

  public DatabaseOpenException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
