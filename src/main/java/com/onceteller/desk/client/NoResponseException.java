package com.onceteller.desk.client;

/** An attempt ended without an answer from the service. Its outcome is unknown to the client. */
public class NoResponseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How the answer went missing, as far as the client can see. */
  public enum Kind {
    /** The connection broke before an answer arrived. */
    CONNECTION_LOST,
    /** No answer within the client's timeout; the service may still be working on it. */
    TIMEOUT
  }

  private final Kind kind;

  public NoResponseException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
