package com.onceteller.demo;

import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.client.TransferClient;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.desk.timeline.TimelineListener;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scripted demonstration through the real client, transport, service and database: arms the
 * fault, submits with a fresh key, waits for the retries to settle, and checks the balances.
 * Blocking: call it off the UI thread.
 */
public final class ScenarioRunner {

  /** Creates a submission wired like the app's (timeline, outbox, retry policy). */
  @FunctionalInterface
  public interface SubmissionFactory {
    RetryingSubmission create(
        IdempotencyKey key, TransferRequest request, RetryingSubmission.Listener listener);
  }

  private static final long AMOUNT = 12_500; // 125.00
  private static final long TOO_MUCH = 50_000; // 500.00, more than the 125.00 on demo account 3

  private final SubmissionFactory submissions;
  private final TransferClient client;
  private final FaultPlan faults;
  private final LedgerQueries queries;
  private final Timeline timeline;
  private final Duration clientTimeout;

  public ScenarioRunner(
      SubmissionFactory submissions,
      TransferClient client,
      FaultPlan faults,
      LedgerQueries queries,
      Timeline timeline,
      Duration clientTimeout) {
    this.submissions = submissions;
    this.client = client;
    this.faults = faults;
    this.queries = queries;
    this.timeline = timeline;
    this.clientTimeout = clientTimeout;
  }

  /** The request a scenario sends: demo accounts, so every ledger created by the app has them. */
  public static TransferRequest requestFor(Scenario s) {
    if (s == Scenario.INSUFFICIENT_FUNDS) {
      return new TransferRequest(demo(3), demo(1), TOO_MUCH, "EUR", "Scenario " + s.cliName());
    }
    return new TransferRequest(demo(0), demo(1), AMOUNT, "EUR", "Scenario " + s.cliName());
  }

  private static String demo(int i) {
    return DemoData.ACCOUNTS.get(i).number();
  }

  public ScenarioReport run(Scenario scenario, RetryingSubmission.Listener observer)
      throws InterruptedException {
    TransferRequest request = requestFor(scenario);
    IdempotencyKey key = IdempotencyKey.mint();
    AccountSummary fromBefore = queries.account(request.fromAccount()).orElseThrow();
    AccountSummary toBefore = queries.account(request.toAccount()).orElseThrow();
    List<TransferOutcome> answers = Collections.synchronizedList(new ArrayList<>());
    RetryingSubmission.Final finalState;
    switch (scenario) {
      case REQUEST_LOST -> faults.arm(Fault.LOSE_REQUEST, Duration.ZERO, key);
      case CRASH_ROLLED_BACK -> faults.arm(Fault.CRASH_BEFORE_COMMIT, Duration.ZERO, key);
      case RESPONSE_LOST -> faults.arm(Fault.LOSE_RESPONSE, Duration.ZERO, key);
      case SLOW_RETRY_RACE ->
          faults.arm(Fault.SLOW_SERVICE, clientTimeout.multipliedBy(5).dividedBy(3));
      default -> faults.disarm();
    }
    if (scenario == Scenario.DOUBLE_CLICK) {
      // Two submissions of the same intent at once, as a UI without a guard would send them.
      Run first = new Run(answers, observer);
      Run second = new Run(answers, RetryingSubmission.Listener.NONE);
      submissions.create(key, request, first).start();
      submissions.create(key, request, second).start();
      first.await();
      second.await();
      finalState = first.state;
    } else {
      Run run = new Run(answers, observer);
      submissions.create(key, request, run).start();
      run.await();
      finalState = run.state;
      if (scenario == Scenario.KEY_REUSED) {
        // The app's own outbox already refuses to send a key with changed details; a client
        // without that guard sends it anyway, and the service must refuse it too.
        TransferRequest changed = request.withAmount(request.amountMinor() + 10_000);
        Envelope resend = new Envelope(key, changed, 2);
        TimelineListener wire = new TimelineListener(timeline);
        wire.attemptStarted(resend, Instant.now());
        observer.attemptStarted(resend, Instant.now());
        AttemptResult result = client.attempt(resend);
        wire.attemptFinished(result);
        observer.attemptFinished(result);
        if (result instanceof AttemptResult.Answered a) {
          answers.add(a.outcome());
        }
      }
    }
    faults.disarm();
    return new ScenarioReport(
        scenario,
        key,
        timeline.eventsFor(key),
        List.copyOf(answers),
        finalState,
        fromBefore,
        toBefore,
        queries.account(request.fromAccount()).orElseThrow(),
        queries.account(request.toAccount()).orElseThrow(),
        queries.countTransfersForKey(key.value()),
        request.amountMinor());
  }

  /** Collects answers and waits for a submission to finish. */
  private static final class Run implements RetryingSubmission.Listener {
    private final List<TransferOutcome> answers;
    private final RetryingSubmission.Listener observer;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile RetryingSubmission.Final state;

    Run(List<TransferOutcome> answers, RetryingSubmission.Listener observer) {
      this.answers = answers;
      this.observer = observer;
    }

    @Override
    public void attemptStarted(Envelope envelope, Instant at) {
      observer.attemptStarted(envelope, at);
    }

    @Override
    public void attemptFinished(AttemptResult result) {
      if (result instanceof AttemptResult.Answered a) {
        answers.add(a.outcome());
      }
      observer.attemptFinished(result);
    }

    @Override
    public void retryScheduled(int nextAttempt, Duration delay, java.time.Instant dueAt) {
      observer.retryScheduled(nextAttempt, delay, dueAt);
    }

    @Override
    public void finished(RetryingSubmission.Final s, AttemptResult last) {
      state = s;
      observer.finished(s, last);
      done.countDown();
    }

    void await() throws InterruptedException {
      if (!done.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("scenario did not settle within 2 minutes");
      }
    }
  }
}
