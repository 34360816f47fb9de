package com.onceteller.domain;

/**
 * The service refused an operation that is not a transfer (those answer with a {@link
 * TransferOutcome}): the actor may not do it, the input is wrong, the thing is not there or no
 * longer in a state that allows it. Nothing was changed. The message is for the person at the desk.
 */
public final class ServiceRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why; an HTTP server maps these to 403, 400, 404, 409 and 503. */
  public enum Kind {
    NOT_PERMITTED,
    INVALID,
    NOT_FOUND,
    CONFLICT,
    UNAVAILABLE
  }

  private final Kind kind;

  public ServiceRefusal(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static ServiceRefusal notPermitted(Actor actor, Permission p) {
    return new ServiceRefusal(
        Kind.NOT_PERMITTED,
        (actor == null
                ? "Nobody signed on"
                : "A " + actor.role().label().toLowerCase(java.util.Locale.ROOT))
            + " may not "
            + p.words()
            + ".");
  }

  public static ServiceRefusal invalid(String message) {
    return new ServiceRefusal(Kind.INVALID, message);
  }
}
