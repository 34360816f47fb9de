package com.onceteller.domain;

import java.time.Instant;

/**
 * What an auditor searches the audit trail for; every criterion is optional (null).
 *
 * @param from rows at or after
 * @param to rows before
 * @param userId rows of this user id
 * @param type rows of this event type
 * @param failuresOnly only failures (refusals, failed sign-ons)
 * @param affected rows whose affected record contains this text (a reference, a key, a user)
 * @param limit at most this many rows, newest first (1 to 10,000)
 */
public record AuditQuery(
    Instant from,
    Instant to,
    String userId,
    AuditEventType type,
    boolean failuresOnly,
    String affected,
    int limit) {

  public static AuditQuery all(int limit) {
    return new AuditQuery(null, null, null, null, false, null, limit);
  }

  /** A short description for the audit row that records the search itself. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (from != null) {
      sb.append("from ").append(from).append(' ');
    }
    if (to != null) {
      sb.append("to ").append(to).append(' ');
    }
    if (userId != null) {
      sb.append("user ").append(userId).append(' ');
    }
    if (type != null) {
      sb.append("type ").append(type).append(' ');
    }
    if (failuresOnly) {
      sb.append("failures ");
    }
    if (affected != null) {
      sb.append("affected ~ ").append(affected).append(' ');
    }
    return sb.append("limit ").append(limit).toString();
  }
}
