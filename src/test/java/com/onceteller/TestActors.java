package com.onceteller;

import com.onceteller.branch.ledger.DemoUsers;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Role;

/**
 * The principals tests act as: the demo users every {@link TestLedger} has (so the service's check
 * of the user passes), each at a workstation of its own.
 */
public final class TestActors {

  /** Anna, a teller: what most tests post as. */
  public static final Actor TELLER = new Actor("anna", Role.TELLER, "test-desk-1");

  /** Ben, a second teller. */
  public static final Actor TELLER_2 = new Actor("ben", Role.TELLER, "test-desk-2");

  /** Sara, a supervisor. */
  public static final Actor SUPERVISOR = new Actor("sara", Role.SUPERVISOR, "test-desk-3");

  /** Omar, an auditor. */
  public static final Actor AUDITOR = new Actor("omar", Role.AUDITOR, "test-desk-4");

  /** Ida, an administrator. */
  public static final Actor ADMINISTRATOR = new Actor("ida", Role.ADMINISTRATOR, "test-desk-5");

  private TestActors() {}

  /** The demo password of {@code actor}. */
  public static char[] password(Actor actor) {
    return DemoUsers.get(actor.userId()).password().toCharArray();
  }
}
