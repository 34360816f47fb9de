package com.onceteller.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who is acting: the signed-on user, their role and the workstation they act from. Every service
 * operation takes one; the service checks it (role against {@link Role}, and for writes the user
 * against the ledger's users) and records the user id with what they did. A plain value, so it
 * travels to the service in-process today and from an authenticated HTTP request later; it is made
 * by sign-on ({@code IdentityService}), never by the UI from what someone typed.
 *
 * @param userId the user's id (see {@link #USER_ID})
 * @param role the role the user holds
 * @param workstation where the user acts from (the desk's name or a client address), for the audit
 *     trail's origin
 */
public record Actor(String userId, Role role, String workstation) {

  /** A user id: 2 to 32 of lower-case letters, digits, dot, dash and underscore. */
  public static final Pattern USER_ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,31}$");

  public static final int MAX_WORKSTATION_LENGTH = 64;

  /**
   * The scope of keys decided before users existed (migration V8): every teller's attempt with such
   * a key replays it, so an upgrade never posts a key twice.
   */
  public static final String LEGACY_TELLER = "legacy";

  public Actor {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(workstation, "workstation");
    if (!USER_ID.matcher(userId).matches()) {
      throw new IllegalArgumentException("not a user id: " + userId);
    }
    if (workstation.isBlank() || workstation.length() > MAX_WORKSTATION_LENGTH) {
      throw new IllegalArgumentException("a workstation is 1 to 64 characters");
    }
  }

  public boolean may(Permission p) {
    return role.may(p);
  }

  /** "anna (Teller) at desk-3", for messages and logs. */
  public String describe() {
    return userId + " (" + role.label() + ") at " + workstation;
  }

  /** A message saying what is wrong with a typed user id, or null; never says whether it exists. */
  public static String userIdProblem(String typed) {
    if (typed == null || typed.isBlank()) {
      return "Enter your user id.";
    }
    if (!USER_ID.matcher(typed.strip()).matches()) {
      return "A user id has 2 to 32 lower-case letters, digits, dots, dashes or underscores.";
    }
    return null;
  }
}
