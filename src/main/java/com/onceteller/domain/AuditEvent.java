package com.onceteller.domain;

import java.time.Instant;

/**
 * One row of the audit trail: who (user id), what (event type), when, whether it succeeded, from
 * where (workstation) and which record it touched (a reference, key, user id or date).
 */
public record AuditEvent(
    long id,
    Instant occurredAt,
    String userId,
    AuditEventType type,
    boolean success,
    String workstation,
    String affected,
    String detail) {}
