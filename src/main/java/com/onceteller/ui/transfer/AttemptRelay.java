package com.onceteller.ui.transfer;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.ui.ReplayTally;
import com.onceteller.ui.TaskRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Carries a submission's progress from the retry worker to the form: other observers hear it on the
 * worker thread, the form hears it on the UI thread, tagged with the ticket of the submission it
 * came from — so reports of a submission the form has moved on from can be told apart.
 */
final class AttemptRelay {

  /** Identifies one submission of the form; the form keeps the ticket of the current one. */
  static final class Ticket {}

  /** The form's side, called on the UI thread. */
  interface Sink {
    void attemptStarted(Ticket t, Envelope e, Instant at);

    void attemptFinished(Ticket t, AttemptResult result);

    void retryScheduled(Ticket t, Duration delay, Instant dueAt);

    void finished(Ticket t, RetryingSubmission.Final end, AttemptResult last);
  }

  private final TaskRunner tasks;
  private final ReplayTally replays;
  private final List<RetryingSubmission.Listener> observers = new CopyOnWriteArrayList<>();

  AttemptRelay(TaskRunner tasks, ReplayTally replays) {
    this.tasks = tasks;
    this.replays = replays;
  }

  void addObserver(RetryingSubmission.Listener observer) {
    observers.add(observer);
  }

  /** The listener for the submission {@code ticket} of {@code key}. */
  RetryingSubmission.Listener listener(IdempotencyKey key, Ticket ticket, Sink sink) {
    return new RetryingSubmission.Listener() {
      @Override
      public void attemptStarted(Envelope envelope, Instant at) {
        observers.forEach(o -> o.attemptStarted(envelope, at));
        tasks.ui().run(() -> sink.attemptStarted(ticket, envelope, at));
      }

      @Override
      public void attemptFinished(AttemptResult result) {
        replays.record(key, result);
        observers.forEach(o -> o.attemptFinished(result));
        tasks.ui().run(() -> sink.attemptFinished(ticket, result));
      }

      @Override
      public void retryScheduled(int nextAttempt, Duration delay, Instant dueAt) {
        observers.forEach(o -> o.retryScheduled(nextAttempt, delay, dueAt));
        tasks.ui().run(() -> sink.retryScheduled(ticket, delay, dueAt));
      }

      @Override
      public void finished(RetryingSubmission.Final end, AttemptResult last) {
        observers.forEach(o -> o.finished(end, last));
        tasks.ui().run(() -> sink.finished(ticket, end, last));
      }
    };
  }
}
