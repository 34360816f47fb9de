package com.onceteller.branch.service;

import com.onceteller.branch.ledger.AppUser;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.Permission;
import com.onceteller.domain.Role;
import com.onceteller.domain.ServiceRefusal;
import org.hibernate.Session;

/**
 * The service's checks of who is acting. Two steps: the role must allow the operation ({@link
 * #roleProblem}, before any transaction), and inside a writing transaction the user must exist, be
 * enabled and hold that role ({@link #userProblem}), so that a disabled user or a changed role
 * takes effect at once and every id written with a posting is a real user.
 */
final class Access {

  private Access() {}

  /** Why {@code actor} may not use {@code p}, or null. */
  static String roleProblem(Actor actor, Permission p) {
    if (actor == null) {
      return "Nobody is signed on: sign on first.";
    }
    if (!actor.may(p)) {
      return ServiceRefusal.notPermitted(actor, p).getMessage();
    }
    return null;
  }

  /** Why the ledger's record of {@code actor} does not let them act, or null. */
  static String userProblem(Session session, Actor actor) {
    AppUser user = session.find(AppUser.class, actor.userId());
    return user == null
        ? userProblem(actor, false, null)
        : userProblem(actor, user.isEnabled(), user.getRole());
  }

  /**
   * As {@link #userProblem(Session, Actor)}, from the user's row as read ({@code role} null when
   * there is no such user).
   */
  static String userProblem(Actor actor, boolean enabled, Role role) {
    if (role == null || !enabled) {
      return "User " + actor.userId() + " may not act on this ledger (unknown or disabled).";
    }
    if (role != actor.role()) {
      return "User "
          + actor.userId()
          + " is a "
          + role.label().toLowerCase(java.util.Locale.ROOT)
          + " now, not a "
          + actor.role().label().toLowerCase(java.util.Locale.ROOT)
          + ": sign on again.";
    }
    return null;
  }

  /**
   * Throws a refusal (and records it) unless {@code actor}'s role allows {@code p}: for operations
   * that answer with records or nothing rather than a transfer outcome.
   */
  static void require(AuditTrail audit, Actor actor, Permission p, String affected) {
    String problem = roleProblem(actor, p);
    if (problem != null) {
      audit.recordAlone(actor, AuditEventType.ACCESS_DENIED, false, affected, problem);
      throw new ServiceRefusal(ServiceRefusal.Kind.NOT_PERMITTED, problem);
    }
  }
}
