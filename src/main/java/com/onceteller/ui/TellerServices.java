package com.onceteller.ui;

import com.onceteller.desk.client.Abandonment;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.client.TransferClient;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.LedgerReads;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * What the teller desktop needs from the rest of the application, handed in by the composition
 * root. View-models take this (plus a {@link TaskRunner}) and nothing else.
 *
 * @param databaseLabel the open ledger, as the window title shows it
 * @param queries read-only ledger views (the embedded ledger's, or the branch server's)
 * @param client sends single attempts with a real timeout
 * @param outbox the client's durable memory of what it sends
 * @param policy retry policy of new submissions
 * @param submissions makes the submission of one transfer intent, wired like the app's (outbox,
 *     retry policy, worker thread, and in the app the failure timeline)
 * @param abandoner abandons a transfer the only safe way: the ledger fences its key first
 * @param clock wall clock for times shown and recorded
 * @param zone time zone in which times are shown and "today" is computed
 */
public record TellerServices(
    String databaseLabel,
    LedgerReads queries,
    TransferClient client,
    Outbox outbox,
    RetryPolicy policy,
    Submissions submissions,
    Abandoner abandoner,
    Clock clock,
    ZoneId zone) {

  /**
   * Abandons a transfer: the ledger fences the key (a stored void) before the desk records
   * anything, so no attempt still on its way can post it; a key that had already posted is not
   * abandoned and its posting comes back instead ({@link Abandonment}). Blocks on the ledger: call
   * it off the FX thread.
   */
  @FunctionalInterface
  public interface Abandoner {
    Abandonment.Answer abandon(IdempotencyKey key, TransferRequest request, String reason);
  }

  /** Creates the submission of one transfer intent. */
  @FunctionalInterface
  public interface Submissions {
    RetryingSubmission create(
        IdempotencyKey key, TransferRequest request, RetryingSubmission.Listener listener);

    /**
     * Submissions driven by {@code worker}, without a timeline (tests, production without demo).
     */
    static Submissions direct(
        TransferClient client,
        Outbox outbox,
        RetryPolicy policy,
        ScheduledExecutorService worker,
        RandomGenerator random,
        Clock clock) {
      return (key, request, listener) ->
          new RetryingSubmission(
              client, outbox, policy, worker, random, clock, key, request, listener);
    }
  }
}
