package com.onceteller.domain;

import java.util.Objects;

/**
 * The answer to a sign-on. A refusal never says whether the user exists, whether the password was
 * wrong or whether the user is locked: all three read the same ({@link #REFUSED_MESSAGE}).
 */
public sealed interface SignOnResult {

  String REFUSED_MESSAGE =
      "Sign-on refused: the user id or password is not right, or the user is locked. After 5 failed"
          + " tries a user is locked until a supervisor unlocks it.";

  /** Signed on; {@code actor} is the principal to hand every service call. */
  record SignedOn(Actor actor, String displayName) implements SignOnResult {
    public SignedOn {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(displayName, "displayName");
    }
  }

  /** Not signed on; {@code message} is what the desk shows (the same for every reason). */
  record Refused(String message) implements SignOnResult {}
}
