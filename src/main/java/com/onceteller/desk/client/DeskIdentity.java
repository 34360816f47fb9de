package com.onceteller.desk.client;

import com.onceteller.domain.Actor;
import com.onceteller.domain.SignOnResult;

/**
 * Who may use the desk, as the ledger decides it: sign-on, the first administrator of a new ledger,
 * the screen lock, a supervisor's authentication for an override, sign-off. Embedded it calls the
 * ledger's {@code IdentityService} ({@link LocalDeskIdentity}); against a branch server it is HTTP,
 * and the server checks the password against the same users. Blocking: call it off the FX thread.
 */
public interface DeskIdentity {

  /** Signs {@code userId} on at {@code workstation}; a refusal never says why. */
  SignOnResult signOn(String userId, char[] password, String workstation);

  /** True while the ledger has no administrator: the desk must ask for the first one. */
  boolean needsFirstAdministrator();

  /** True when the ledger has the demonstration's users (their passwords are public). */
  boolean hasDemoUsers();

  /** Creates the first administrator of a ledger that has none, and signs them on. */
  SignOnResult.SignedOn createFirstAdministrator(
      String userId, String displayName, char[] password, String workstation);

  /** A supervisor authenticates on someone else's desk for one override. */
  SignOnResult authenticateSupervisor(
      String userId, char[] password, String workstation, String forWhat);

  /** The signed-on user unlocks their idle-locked screen; a failure counts towards the lockout. */
  boolean unlockScreen(Actor actor, char[] password);

  /** Records that the desk locked its screen. */
  void screenLocked(Actor actor, String why);

  /** Records a sign-off. */
  void signOff(Actor actor, String why);
}
