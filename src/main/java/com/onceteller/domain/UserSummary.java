package com.onceteller.domain;

import java.time.Instant;

/** A user as an administrator or supervisor sees it; never the password hash. */
public record UserSummary(
    String userId,
    String displayName,
    Role role,
    boolean enabled,
    boolean locked,
    int failedSignOns,
    Instant lockedAt) {}
