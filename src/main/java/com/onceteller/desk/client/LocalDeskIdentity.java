package com.onceteller.desk.client;

import com.onceteller.branch.service.IdentityService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.SignOnResult;
import java.util.Objects;

/** Sign-on against the embedded ledger: a direct call into its {@link IdentityService}. */
public final class LocalDeskIdentity implements DeskIdentity {

  private final IdentityService identity;

  public LocalDeskIdentity(IdentityService identity) {
    this.identity = Objects.requireNonNull(identity);
  }

  @Override
  public SignOnResult signOn(String userId, char[] password, String workstation) {
    return identity.signOn(userId, password, workstation);
  }

  @Override
  public boolean needsFirstAdministrator() {
    return identity.needsFirstAdministrator();
  }

  @Override
  public boolean hasDemoUsers() {
    return identity.hasDemoUsers();
  }

  @Override
  public SignOnResult.SignedOn createFirstAdministrator(
      String userId, String displayName, char[] password, String workstation) {
    return identity.createFirstAdministrator(userId, displayName, password, workstation);
  }

  @Override
  public SignOnResult authenticateSupervisor(
      String userId, char[] password, String workstation, String forWhat) {
    return identity.authenticateSupervisor(userId, password, workstation, forWhat);
  }

  @Override
  public boolean unlockScreen(Actor actor, char[] password) {
    return identity.unlockScreen(actor, password);
  }

  @Override
  public void screenLocked(Actor actor, String why) {
    identity.screenLocked(actor, why);
  }

  @Override
  public void signOff(Actor actor, String why) {
    identity.signOff(actor, why);
  }
}
