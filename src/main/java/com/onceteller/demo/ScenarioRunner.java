package com.onceteller.demo;

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
 * Plays a demonstration's script ({@link ScenarioScript}) headless, through the real client,
 * transport, service and database — the command line's player; the desktop plays the same script on
 * the teller's form. Blocking: call it off the UI thread.
 */
public final class ScenarioRunner {

  /** Creates a submission wired like the app's (timeline, outbox, retry policy). */
  @FunctionalInterface
  public interface SubmissionFactory {
    RetryingSubmission create(
        IdempotencyKey key, TransferRequest request, RetryingSubmission.Listener listener);
  }

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

  /** The request a scenario sends (see {@link ScenarioScript#requestFor}). */
  public static TransferRequest requestFor(Scenario s) {
    return ScenarioScript.requestFor(s);
  }

  public ScenarioReport run(Scenario scenario, RetryingSubmission.Listener observer)
      throws InterruptedException {
    Play play = new Play(observer);
    try {
      for (ScenarioStep step : ScenarioScript.steps(scenario, clientTimeout)) {
        play.step(step);
      }
    } finally {
      faults.disarm();
    }
    return new ScenarioReport(
        scenario,
        play.key,
        timeline.eventsFor(play.key),
        List.copyOf(play.answers),
        play.finalState,
        play.fromBefore,
        play.toBefore,
        queries.account(play.request.fromAccount()).orElseThrow(),
        queries.account(play.request.toAccount()).orElseThrow(),
        queries.countTransfersForKey(play.key.value()),
        play.request.amountMinor());
  }

  /** The state of one playing of a script. */
  private final class Play {
    private final RetryingSubmission.Listener observer;
    private final List<TransferOutcome> answers = Collections.synchronizedList(new ArrayList<>());
    private final List<Run> runs = new ArrayList<>();
    private final List<CountDownLatch> clicks = new ArrayList<>();
    private IdempotencyKey key;
    private TransferRequest request;
    private AccountSummary fromBefore;
    private AccountSummary toBefore;
    private RetryingSubmission.Final finalState;

    Play(RetryingSubmission.Listener observer) {
      this.observer = observer;
    }

    void step(ScenarioStep step) throws InterruptedException {
      switch (step.action()) {
        case NEW_TRANSFER -> key = IdempotencyKey.mint();
        case FILL -> {
          request = step.request();
          fromBefore = queries.account(request.fromAccount()).orElseThrow();
          toBefore = queries.account(request.toAccount()).orElseThrow();
        }
        case ARM -> faults.arm(step.fault(), step.slowness(), key);
        case SEND -> start(null);
        case SEND_TWICE -> {
          // The second click leaves while the first is on its way, from another thread.
          CountDownLatch done = new CountDownLatch(1);
          clicks.add(done);
          start(() -> new Thread(() -> rawSend(request, done), "scenario-second-click").start());
        }
        case RESEND_CHANGED -> {
          CountDownLatch done = new CountDownLatch(1);
          clicks.add(done);
          rawSend(step.request(), done);
        }
        case AWAIT_ANSWER -> {
          for (Run r : runs) {
            r.await();
          }
          for (CountDownLatch c : clicks) {
            if (!c.await(2, TimeUnit.MINUTES)) {
              throw new IllegalStateException("a second send did not settle within 2 minutes");
            }
          }
          finalState = runs.isEmpty() ? null : runs.get(0).state;
        }
        case VERDICT -> {}
      }
    }

    private void start(Runnable onFirstAttempt) {
      Run run = new Run(answers, observer, onFirstAttempt);
      runs.add(run);
      submissions.create(key, request, run).start();
    }

    /** One attempt with this key, from a client without the form's or the outbox's guard. */
    private void rawSend(TransferRequest details, CountDownLatch done) {
      try {
        Envelope e = new Envelope(key, details, 1);
        TimelineListener wire = new TimelineListener(timeline);
        wire.attemptStarted(e, Instant.now());
        AttemptResult result = client.attempt(e);
        wire.attemptFinished(result);
        if (result instanceof AttemptResult.Answered a) {
          answers.add(a.outcome());
        }
      } finally {
        done.countDown();
      }
    }
  }

  /** Collects answers and waits for a submission to finish. */
  private static final class Run implements RetryingSubmission.Listener {
    private final List<TransferOutcome> answers;
    private final RetryingSubmission.Listener observer;
    private final Runnable onFirstAttempt;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile RetryingSubmission.Final state;

    Run(List<TransferOutcome> answers, RetryingSubmission.Listener observer, Runnable first) {
      this.answers = answers;
      this.observer = observer;
      this.onFirstAttempt = first;
    }

    @Override
    public void attemptStarted(Envelope envelope, Instant at) {
      observer.attemptStarted(envelope, at);
      if (envelope.attempt() == 1 && onFirstAttempt != null) {
        onFirstAttempt.run();
      }
    }

    @Override
    public void attemptFinished(AttemptResult result) {
      if (result instanceof AttemptResult.Answered a) {
        answers.add(a.outcome());
      }
      observer.attemptFinished(result);
    }

    @Override
    public void retryScheduled(int nextAttempt, Duration delay, Instant dueAt) {
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
