package com.onceteller.branch.http;

import com.onceteller.domain.Actor;
import com.onceteller.domain.Role;
import com.onceteller.domain.SignOnResult;

/**
 * Tells who a request is made as: a user of the ledger, signed on with their password (HTTP Basic),
 * as the teller controls' {@code IdentityService} decides it. The rest of the server only sees the
 * {@link Actor}, which every service operation takes and checks.
 */
public interface Authenticator {

  /**
   * The user a request is made as: HTTP Basic (user id and password), or {@code Bearer} with the
   * token of a live session ({@link #startSession}).
   *
   * @param authorization the {@code Authorization} header, or null
   * @param workstation where the request comes from (the desk's name, or the client's address), for
   *     the actor and the audit trail
   * @throws Unauthenticated when the request names no user, or one whose password does not check
   */
  Actor authenticate(String authorization, String workstation) throws Unauthenticated;

  /**
   * An explicit sign-on ({@code POST /v1/sign-on}): the password is checked now and the sign-on is
   * recorded in the audit trail.
   *
   * @throws Unauthenticated for a header that is not HTTP Basic, or a refused sign-on
   */
  SignOnResult.SignedOn signOn(String authorization, String workstation) throws Unauthenticated;

  /**
   * The user of {@code authorization} unlocks their idle-locked screen with the password typed
   * there; {@code role} is the role their desk signed on with.
   *
   * @throws Unauthenticated when the password is not right (it counts towards the lockout)
   */
  void unlockScreen(String authorization, Role role, String workstation) throws Unauthenticated;

  /**
   * A supervisor's credentials typed on someone else's desk for one override (over the shoulder):
   * the password is checked now, never from memory, and nothing is remembered afterwards; the check
   * is recorded ({@code OVERRIDE_AUTHENTICATED}) and a failure counts towards the lockout.
   *
   * @throws Unauthenticated when the password does not check or the user is not a supervisor
   */
  Actor overTheShoulder(String authorization, String workstation, String forWhat)
      throws Unauthenticated;

  /**
   * Starts a session for {@code actor}, just signed on with their password: the token the desk
   * sends from then on as {@code Authorization: Bearer …}.
   */
  com.onceteller.branch.service.SessionService.Started startSession(Actor actor);

  /** Ends the session of a {@code Bearer} header (sign-off); other headers are ignored. */
  void endSession(String authorization, String why);

  /** Forgets the checked password of {@code actor} (signed off): the next request checks again. */
  void forget(Actor actor);

  /** No acceptable user on the request (HTTP 401). */
  final class Unauthenticated extends Exception {
    private static final long serialVersionUID = 1L;

    public Unauthenticated(String message) {
      super(message);
    }
  }
}
