package com.onceteller.ui;

import com.onceteller.client.Outbox;
import com.onceteller.client.RetryPolicy;
import com.onceteller.client.TransferClient;
import com.onceteller.service.LedgerQueries;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * What the teller desktop needs from the rest of the application, handed in by the composition
 * root. View-models take this (plus a {@link TaskRunner}) and nothing else.
 *
 * @param databaseLabel the open ledger, as the window title shows it
 * @param queries read-only ledger views
 * @param client sends single attempts with a real timeout
 * @param outbox the client's durable memory of what it sends
 * @param policy retry policy of new submissions
 * @param retryWorker single thread that drives {@link com.onceteller.client.RetryingSubmission}s
 * @param clock wall clock for times shown and recorded
 * @param zone time zone in which times are shown and "today" is computed
 * @param random jitter source of the retry policy
 */
public record TellerServices(
    String databaseLabel,
    LedgerQueries queries,
    TransferClient client,
    Outbox outbox,
    RetryPolicy policy,
    ScheduledExecutorService retryWorker,
    Clock clock,
    ZoneId zone,
    RandomGenerator random) {}
