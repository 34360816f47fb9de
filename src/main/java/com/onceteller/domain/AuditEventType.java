package com.onceteller.domain;

/**
 * What the audit trail records (PCI DSS 10.2.1 and 10.2.2): access to the system, changes to users
 * and configuration, and every decision a person takes on someone else's behalf or against a
 * control. Stored by name: never rename one.
 */
public enum AuditEventType {
  SIGN_ON,
  SIGN_ON_FAILED,
  SIGN_OFF,
  USER_LOCKED,
  USER_UNLOCKED,
  SCREEN_LOCKED,
  SCREEN_UNLOCKED,
  ACCESS_DENIED,
  FIRST_ADMINISTRATOR_CREATED,
  USER_CREATED,
  USER_CHANGED,
  PASSWORD_CHANGED,
  OVERRIDE_AUTHENTICATED,
  APPROVAL_REQUIRED,
  APPROVED,
  DECLINED,
  REVERSED,
  VOIDED,
  IN_DOUBT_SIGNED_OFF,
  POSTING_RESTORED,
  RECEIPT_PRINTED,
  RECEIPT_REPRINTED,
  CONFIGURATION_CHANGED,
  TELLER_DAY_CLOSED,
  BUSINESS_DAY_CLOSED,
  AUDIT_VIEWED,
  AUDIT_EXPORTED
}
