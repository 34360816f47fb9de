package com.onceteller.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A supervisor's approval of one request above a limit: who, when, why and how, bound to the
 * teller's key and the fingerprint of the request approved.
 */
public record Approval(
    String tellerId,
    IdempotencyKey key,
    String fingerprint,
    String approverId,
    String approverWorkstation,
    Instant approvedAt,
    String reason,
    Mode mode) {

  /** Where the supervisor approved from. */
  public enum Mode {
    /** The supervisor authenticated on the teller's desk. */
    OVER_THE_SHOULDER,
    /** The supervisor approved from the queue on their own desk. */
    QUEUE
  }

  public Approval {
    Objects.requireNonNull(tellerId, "tellerId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(approverId, "approverId");
    Objects.requireNonNull(mode, "mode");
    if (approverId.equals(tellerId)) {
      throw new IllegalArgumentException("the approver is never the maker");
    }
  }
}
