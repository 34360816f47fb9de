package com.onceteller.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a signed-on user is, and so what the service lets them do. The matrix is here, in one place,
 * and the service enforces it on every call (docs/teller-controls.md shows it as a table). Duties
 * are separated: an administrator manages users and configuration but moves no money; an auditor
 * reads and exports, nothing else; only a supervisor approves, and never their own request.
 */
public enum Role {
  TELLER(
      "Teller",
      EnumSet.of(
          Permission.POST_TRANSFER,
          Permission.VOID_OWN,
          Permission.REVERSE,
          Permission.VIEW_JOURNAL,
          Permission.PRINT_RECEIPT,
          Permission.CLOSE_OWN_DAY)),
  SUPERVISOR(
      "Supervisor",
      EnumSet.of(
          Permission.POST_TRANSFER,
          Permission.VOID_OWN,
          Permission.REVERSE,
          Permission.VIEW_JOURNAL,
          Permission.PRINT_RECEIPT,
          Permission.CLOSE_OWN_DAY,
          Permission.APPROVE,
          Permission.UNLOCK_USER,
          Permission.ACT_FOR_OTHER_TELLER,
          Permission.CLOSE_BRANCH_DAY,
          Permission.VIEW_REPORTS)),
  AUDITOR(
      "Auditor",
      EnumSet.of(Permission.VIEW_JOURNAL, Permission.VIEW_AUDIT, Permission.VIEW_REPORTS)),
  ADMINISTRATOR(
      "Administrator",
      EnumSet.of(Permission.MANAGE_USERS, Permission.UNLOCK_USER, Permission.CONFIGURE));

  private final String label;
  private final Set<Permission> permissions;

  Role(String label, Set<Permission> permissions) {
    this.label = label;
    this.permissions = permissions;
  }

  public String label() {
    return label;
  }

  public boolean may(Permission p) {
    return permissions.contains(p);
  }

  /** A copy of what this role may do. */
  public Set<Permission> permissions() {
    return EnumSet.copyOf(permissions);
  }
}
