package com.onceteller.domain;

import java.time.Instant;
import java.time.LocalDate;

/** A request waiting in the supervisors' queue: whose, what, why, since when. */
public record PendingApproval(
    String tellerId,
    IdempotencyKey key,
    TransferRequest request,
    String fingerprint,
    String why,
    Instant since,
    LocalDate businessDate) {}
