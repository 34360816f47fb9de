package com.onceteller.desk.client;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Drives one transfer intent to an answer: records it in the outbox, sends attempts with the same
 * key, waits with {@link RetryPolicy} between retryable results, and stops at a decision, at the
 * attempt limit, or when the teller says so. Never retries a decision (posted, rejected), a key
 * reuse or an invalid request. All state changes run on the single-threaded {@code worker}.
 */
public final class RetryingSubmission {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(RetryingSubmission.class);

  /** How a submission ended. */
  public enum Final {
    /** The service decided (posted, already posted, rejected, key reused, invalid). */
    DECIDED,
    /** Every attempt was answered "not executed": nothing happened, nothing is in doubt. */
    NOT_EXECUTED,
    /** Attempts ran out with the outcome unknown: stays in doubt in the outbox. */
    IN_DOUBT_GAVE_UP,
    /** The teller stopped retrying with the outcome unknown: stays in doubt in the outbox. */
    IN_DOUBT_STOPPED
  }

  /** Progress reports, called on the worker thread. */
  public interface Listener {
    /** A listener that ignores everything. */
    Listener NONE = new Listener() {};

    /** Attempt number {@code attempt} of this submission is about to be sent. */
    default void attemptStarted(int attempt, Instant at) {}

    /**
     * The attempt about to be sent, with its send id. By default reported as {@link
     * #attemptStarted(int, Instant)}; a listener that forwards to others must forward this one.
     */
    default void attemptStarted(Envelope envelope, Instant at) {
      attemptStarted(envelope.attempt(), at);
    }

    default void attemptFinished(AttemptResult result) {}

    default void retryScheduled(int nextAttempt, Duration delay, Instant dueAt) {}

    default void finished(Final state, AttemptResult last) {}
  }

  private final TransferClient client;
  private final Outbox outbox;
  private final RetryPolicy policy;
  private final ScheduledExecutorService worker;
  private final RandomGenerator random;
  private final Clock clock;
  private final IdempotencyKey key;
  private final TransferRequest request;
  private final Listener listener;

  private int attemptsMade;
  private boolean unknownSeen;
  private volatile boolean finished;
  private volatile boolean stopRequested;
  private ScheduledFuture<?> scheduled;
  private AttemptResult last;

  public RetryingSubmission(
      TransferClient client,
      Outbox outbox,
      RetryPolicy policy,
      ScheduledExecutorService worker,
      RandomGenerator random,
      Clock clock,
      IdempotencyKey key,
      TransferRequest request,
      Listener listener) {
    this.client = client;
    this.outbox = outbox;
    this.policy = policy;
    this.worker = worker;
    this.random = random;
    this.clock = clock;
    this.key = key;
    this.request = request;
    this.listener = listener;
  }

  public IdempotencyKey key() {
    return key;
  }

  /** True once it ended (decided, not executed, or left in doubt). */
  public boolean isFinished() {
    return finished;
  }

  public TransferRequest request() {
    return request;
  }

  /**
   * Starts a new submission: the outbox records it (durably) before the first attempt is sent.
   *
   * @throws Outbox.OutboxException if it could not be recorded; nothing was sent
   */
  public void start() {
    outbox.pending(key, request, clock.instant());
    worker.execute(this::runAttempt);
  }

  /** Resumes a submission the outbox already holds (in doubt after a restart): same key. */
  public void resume() {
    unknownSeen = true;
    worker.execute(this::runAttempt);
  }

  /** Sends the next attempt now instead of waiting for the countdown. */
  public void retryNow() {
    worker.execute(
        () -> {
          if (finished || scheduled == null) {
            return;
          }
          scheduled.cancel(false);
          scheduled = null;
          runAttempt();
        });
  }

  /** Stops retrying; an unknown outcome stays visibly in doubt (never silently dropped). */
  public void stop() {
    stopRequested = true;
    worker.execute(
        () -> {
          if (finished || scheduled == null) {
            return; // an attempt in flight finishes first and sees stopRequested
          }
          scheduled.cancel(false);
          scheduled = null;
          finish(unknownSeen ? Final.IN_DOUBT_STOPPED : Final.NOT_EXECUTED);
        });
  }

  /**
   * One attempt and what follows it. Nothing may escape: a task that died here would leave the
   * submission neither finished nor scheduled, with the teller's form stuck in "sending".
   */
  private void runAttempt() {
    try {
      attemptOnce();
    } catch (RuntimeException | Error e) {
      unknownSeen = true;
      finish(Final.IN_DOUBT_GAVE_UP);
      if (e instanceof VirtualMachineError) {
        throw e;
      }
    }
  }

  private void attemptOnce() {
    if (finished) {
      return;
    }
    scheduled = null;
    if (stopRequested && attemptsMade > 0) {
      finish(unknownSeen ? Final.IN_DOUBT_STOPPED : Final.NOT_EXECUTED);
      return;
    }
    int n = ++attemptsMade;
    Envelope envelope = new Envelope(key, request, n);
    listener.attemptStarted(envelope, clock.instant());
    AttemptResult result = client.attempt(envelope);
    last = result;
    if (!result.retryable() && result instanceof AttemptResult.Answered a) {
      // The acknowledgement is on the desk's disk before anyone is shown the decision.
      resolveQuietly(result, a.outcome());
    } else {
      recordQuietly(result);
    }
    listener.attemptFinished(result);
    if (!result.retryable()) {
      finish(Final.DECIDED);
      return;
    }
    if (isUnknown(result)) {
      unknownSeen = true;
    }
    if (stopRequested) {
      finish(unknownSeen ? Final.IN_DOUBT_STOPPED : Final.NOT_EXECUTED);
      return;
    }
    if (!policy.mayAttemptAgain(n)) {
      finish(unknownSeen ? Final.IN_DOUBT_GAVE_UP : Final.NOT_EXECUTED);
      return;
    }
    Duration delay = policy.delayAfter(n, random);
    Instant due = clock.instant().plus(delay);
    listener.retryScheduled(n + 1, delay, due);
    scheduled = worker.schedule(this::runAttempt, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static boolean isUnknown(AttemptResult r) {
    if (r instanceof AttemptResult.NoAnswer) {
      return true;
    }
    TransferOutcome o = ((AttemptResult.Answered) r).outcome();
    return o instanceof TransferOutcome.OutcomeUnknown || o instanceof TransferOutcome.InProgress;
  }

  private void finish(Final state) {
    if (finished) {
      return;
    }
    finished = true;
    // NOT_EXECUTED and in-doubt submissions stay PENDING in the outbox: only an answer from the
    // service (resolved) or the teller (abandoned) closes them.
    listener.finished(state, last);
  }

  private void recordQuietly(AttemptResult result) {
    try {
      outbox.attempted(key, result);
    } catch (RuntimeException e) {
      // The attempt happened whatever the outbox says; the submission stays pending there.
    }
  }

  private void resolveQuietly(AttemptResult result, TransferOutcome outcome) {
    try {
      outbox.attemptedAndResolved(key, result, outcome, clock.instant());
    } catch (RuntimeException e) {
      // Stays pending in the outbox: on restart it is resent with the same key and replays (and
      // is acknowledged then). The decision is still shown: hiding a posting invites a second one.
      log.error("The desk store could not record the answer for {}: {}", key, e.toString());
    }
  }
}
