package com.onceteller.desk.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.desk.client.RetryingSubmission.Final;
import com.onceteller.desk.store.SqliteOutbox;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryingSubmissionTest {

  /** Tiny backoff: retries follow each other within milliseconds. */
  private static final RetryPolicy TINY =
      new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 10);

  /**
   * A backoff no test outlives: a retry that arrives at all was sent by retryNow(), and a stop()
   * issued after retryScheduled certainly lands inside the backoff.
   */
  private static final RetryPolicy HOUR =
      new RetryPolicy(Duration.ofHours(1), Duration.ofHours(1), 10);

  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;

  private TestLedger ledger;
  private SqliteOutbox outbox;
  private ScheduledExecutorService worker;
  private ExecutorService io;
  private Random random;
  private final IdempotencyKey key = IdempotencyKey.mint();
  private TransferRequest request;
  private final Recorder listener = new Recorder();

  @BeforeEach
  void open() {
    ledger = TestLedger.open(dir);
    outbox = SqliteOutbox.open(dir.resolve("desk.sqlite"), Clock.systemUTC());
    worker = Executors.newSingleThreadScheduledExecutor();
    io = Executors.newCachedThreadPool();
    long seed = new Random().nextLong();
    System.out.println("RetryingSubmissionTest seed=" + seed);
    random = new Random(seed);
    request = new TransferRequest(TestLedger.number(0), TestLedger.number(1), 4_200, "EUR", "rent");
  }

  @AfterEach
  void close() throws InterruptedException {
    worker.shutdownNow();
    io.shutdownNow();
    worker.awaitTermination(10, TimeUnit.SECONDS);
    io.awaitTermination(10, TimeUnit.SECONDS);
    outbox.close();
    ledger.close();
  }

  // ---- the script ---------------------------------------------------------------------------

  /** Answers each attempt from a queue (an outcome, or a Throwable to throw) and records it. */
  private final class ScriptedTransport implements TransferTransport {
    final Deque<Object> script = new ArrayDeque<>();
    final List<Envelope> sent = Collections.synchronizedList(new ArrayList<>());
    final List<Boolean> inDoubtWhenSent = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger overrun = new AtomicInteger();

    ScriptedTransport then(Object step) {
      script.add(step);
      return this;
    }

    @Override
    public TransferOutcome send(Envelope envelope) throws NoResponseException {
      sent.add(envelope);
      inDoubtWhenSent.add(outbox.inDoubt().stream().anyMatch(e -> e.key().equals(envelope.key())));
      Object step;
      synchronized (script) {
        step = script.poll();
      }
      if (step == null) {
        overrun.incrementAndGet();
        return new TransferOutcome.OutcomeUnknown(envelope.key(), "script ran out");
      }
      if (step instanceof NoResponseException e) {
        throw e;
      }
      if (step instanceof RuntimeException e) {
        throw e;
      }
      if (step instanceof Error e) {
        throw e;
      }
      return (TransferOutcome) step;
    }
  }

  private static class Recorder implements RetryingSubmission.Listener {
    final CountDownLatch finished = new CountDownLatch(1);
    final CountDownLatch retryScheduled = new CountDownLatch(1);
    final AtomicInteger finishedCalls = new AtomicInteger();
    volatile Final state;
    volatile AttemptResult last;
    final List<AttemptResult> results = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void attemptFinished(AttemptResult result) {
      results.add(result);
    }

    @Override
    public void retryScheduled(int nextAttempt, Duration delay, Instant dueAt) {
      retryScheduled.countDown();
    }

    @Override
    public void finished(Final s, AttemptResult l) {
      state = s;
      last = l;
      finishedCalls.incrementAndGet();
      finished.countDown();
    }
  }

  private RetryingSubmission submission(
      ScriptedTransport transport, RetryPolicy policy, RetryingSubmission.Listener l) {
    TransferClient client =
        new TransferClient(transport, Duration.ofSeconds(10), io, Clock.systemUTC());
    return new RetryingSubmission(
        client, outbox, policy, worker, random, Clock.systemUTC(), key, request, l);
  }

  private void awaitFinished(Recorder r) throws InterruptedException {
    assertThat(r.finished.await(WAIT_SECONDS, TimeUnit.SECONDS))
        .as("the submission finished")
        .isTrue();
  }

  private Outbox.OutboxEntry entry() {
    return outbox.since(Instant.EPOCH).stream()
        .filter(e -> e.key().equals(key))
        .findFirst()
        .orElseThrow();
  }

  private boolean inDoubt() {
    return outbox.inDoubt().stream().anyMatch(e -> e.key().equals(key));
  }

  private void assertEveryAttemptCarriesTheSameKeyAndRequest(ScriptedTransport t) {
    for (int i = 0; i < t.sent.size(); i++) {
      Envelope e = t.sent.get(i);
      assertThat(e.key()).isEqualTo(key);
      assertThat(e.request()).isEqualTo(request);
      assertThat(e.attempt()).isEqualTo(i + 1);
    }
  }

  private TransferOutcome posted() {
    return new TransferOutcome.Posted(key, "TX-000042", request, Instant.now(), false);
  }

  private static NoResponseException noAnswer(NoResponseException.Kind kind) {
    return new NoResponseException(kind, "scripted " + kind);
  }

  // ---- the tests ----------------------------------------------------------------------------

  @Test
  void theOutboxRecordsTheSubmissionBeforeTheFirstAttemptIsSent() throws Exception {
    ScriptedTransport t = new ScriptedTransport().then(posted());
    submission(t, TINY, listener).start();
    awaitFinished(listener);

    assertThat(t.sent).hasSize(1);
    assertThat(t.inDoubtWhenSent).containsExactly(true);
    assertThat(listener.state).isEqualTo(Final.DECIDED);
    assertThat(entry().state()).isEqualTo(Outbox.State.POSTED);
    assertThat(entry().reference()).isEqualTo("TX-000042");
    assertThat(inDoubt()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"POSTED", "REJECTED", "KEY_REUSED", "INVALID"})
  void aDecisionIsNeverRetried(String decision) throws Exception {
    TransferOutcome outcome;
    Outbox.State expected;
    switch (decision) {
      case "POSTED" -> {
        outcome = posted();
        expected = Outbox.State.POSTED;
      }
      case "REJECTED" -> {
        outcome =
            new TransferOutcome.Rejected(
                key,
                RejectionReason.INSUFFICIENT_FUNDS,
                "Insufficient funds",
                request,
                Instant.now(),
                false);
        expected = Outbox.State.REJECTED;
      }
      case "KEY_REUSED" -> {
        outcome =
            new TransferOutcome.KeyReused(
                key, request.withAmount(1), request, "TX-000001", Instant.now());
        expected = Outbox.State.REFUSED;
      }
      default -> {
        outcome =
            new TransferOutcome.Invalid(
                key, List.of(new FieldError(FieldError.Field.AMOUNT, "Amount must be positive.")));
        expected = Outbox.State.REFUSED;
      }
    }
    // Whatever would follow must never be asked for.
    ScriptedTransport t = new ScriptedTransport().then(outcome).then(posted()).then(posted());
    submission(t, TINY, listener).start();
    awaitFinished(listener);

    assertThat(listener.state).isEqualTo(Final.DECIDED);
    assertThat(t.sent).hasSize(1);
    assertThat(t.script).hasSize(2);
    assertThat(((AttemptResult.Answered) listener.last).outcome()).isSameAs(outcome);
    assertThat(listener.retryScheduled.getCount()).as("no retry was scheduled").isOne();
    assertThat(entry().state()).isEqualTo(expected);
    assertThat(entry().attempts()).isEqualTo(1);
    assertThat(inDoubt()).isFalse();
  }

  /** A decision shown after a crash must not come back as "in doubt": it is recorded first. */
  @Test
  void aDecisionIsAcknowledgedInTheDeskStoreBeforeAnyoneIsShownIt() throws Exception {
    List<Boolean> acknowledgedWhenShown = Collections.synchronizedList(new ArrayList<>());
    Recorder r =
        new Recorder() {
          @Override
          public void attemptFinished(AttemptResult result) {
            acknowledgedWhenShown.add(
                outbox.unaudited().stream().anyMatch(a -> a.key().equals(key)));
            super.attemptFinished(result);
          }
        };
    ScriptedTransport t =
        new ScriptedTransport()
            .then(new NoResponseException(NoResponseException.Kind.TIMEOUT, "lost"))
            .then(posted());
    submission(t, TINY, r).start();
    awaitFinished(r);
    assertThat(acknowledgedWhenShown).containsExactly(false, true);
    assertThat(outbox.unaudited())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.decision()).isEqualTo(Outbox.Decision.POSTED);
              assertThat(a.request()).isEqualTo(request);
            });
    assertThat(inDoubt()).isFalse();
  }

  @Test
  void unknownAnswersAreRetriedWithTheSameKeyAndRequestUntilDecided() throws Exception {
    ScriptedTransport t =
        new ScriptedTransport()
            .then(noAnswer(NoResponseException.Kind.TIMEOUT))
            .then(noAnswer(NoResponseException.Kind.CONNECTION_LOST))
            .then(new IllegalStateException("socket reset"))
            .then(new TransferOutcome.InProgress(key, "another attempt holds the key"))
            .then(new TransferOutcome.OutcomeUnknown(key, "commit failed"))
            .then(posted())
            .then(posted());
    submission(t, TINY, listener).start();
    awaitFinished(listener);

    assertThat(listener.state).isEqualTo(Final.DECIDED);
    assertThat(t.sent).hasSize(6);
    assertEveryAttemptCarriesTheSameKeyAndRequest(t);
    assertThat(t.inDoubtWhenSent).containsOnly(true);
    assertThat(listener.results).hasSize(6);
    assertThat(listener.results.subList(0, 5)).allMatch(AttemptResult::retryable);
    assertThat(listener.last.attempt()).isEqualTo(6);
    assertThat(entry().state()).isEqualTo(Outbox.State.POSTED);
    assertThat(entry().attempts()).isEqualTo(6);
    assertThat(outbox.attemptOutcomes(key)).hasSize(6);
    assertThat(inDoubt()).isFalse();
  }

  @Test
  void afterMaxAttemptsOfUnknownsItGivesUpAndStaysInDoubt() throws Exception {
    RetryPolicy three = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 3);
    ScriptedTransport t =
        new ScriptedTransport()
            .then(new TransferOutcome.OutcomeUnknown(key, "commit failed"))
            .then(noAnswer(NoResponseException.Kind.TIMEOUT))
            .then(new TransferOutcome.InProgress(key, "busy"))
            .then(posted());
    submission(t, three, listener).start();
    awaitFinished(listener);

    assertThat(listener.state).isEqualTo(Final.IN_DOUBT_GAVE_UP);
    assertThat(t.sent).hasSize(3);
    assertEveryAttemptCarriesTheSameKeyAndRequest(t);
    assertThat(t.script).hasSize(1);
    assertThat(listener.last.attempt()).isEqualTo(3);
    assertThat(listener.finishedCalls).hasValue(1);
    assertThat(inDoubt()).isTrue();
    assertThat(entry().state()).isEqualTo(Outbox.State.PENDING);
    assertThat(entry().attempts()).isEqualTo(3);
  }

  @Test
  void stopDuringTheBackoffEndsInDoubtStoppedAndSendsNothingMore() throws Exception {
    ScriptedTransport t =
        new ScriptedTransport().then(noAnswer(NoResponseException.Kind.TIMEOUT)).then(posted());
    RetryingSubmission s = submission(t, HOUR, listener);
    s.start();
    assertThat(listener.retryScheduled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    s.stop();
    awaitFinished(listener);

    assertThat(listener.state).isEqualTo(Final.IN_DOUBT_STOPPED);
    assertThat(t.sent).hasSize(1);
    assertThat(listener.last).isInstanceOf(AttemptResult.NoAnswer.class);
    assertThat(inDoubt()).isTrue();
    assertThat(entry().state()).isEqualTo(Outbox.State.PENDING);
    assertThat(entry().attempts()).isEqualTo(1);
  }

  @Test
  void retryNowSendsTheNextAttemptBeforeTheBackoffEnds() throws Exception {
    ScriptedTransport t =
        new ScriptedTransport()
            .then(new TransferOutcome.OutcomeUnknown(key, "commit failed"))
            .then(posted());
    RetryingSubmission s = submission(t, HOUR, listener);
    s.start();
    assertThat(listener.retryScheduled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    s.retryNow();
    awaitFinished(listener);

    // The backoff is an hour: attempt 2 can only have come from retryNow().
    assertThat(listener.state).isEqualTo(Final.DECIDED);
    assertThat(t.sent).hasSize(2);
    assertEveryAttemptCarriesTheSameKeyAndRequest(t);
    assertThat(entry().state()).isEqualTo(Outbox.State.POSTED);
    assertThat(inDoubt()).isFalse();
  }

  @Test
  void aListenerThatThrowsInAttemptStartedDoesNotLeaveTheSubmissionHanging() throws Exception {
    ScriptedTransport t = new ScriptedTransport().then(posted());
    Recorder inner = listener;
    RetryingSubmission.Listener throwing =
        new RetryingSubmission.Listener() {
          @Override
          public void attemptStarted(int attempt, Instant at) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void finished(Final state, AttemptResult last) {
            inner.finished(state, last);
          }
        };
    submission(t, TINY, throwing).start();
    awaitFinished(inner);

    assertThat(inner.state).isEqualTo(Final.IN_DOUBT_GAVE_UP);
    assertThat(inner.finishedCalls).hasValue(1);
    assertThat(t.sent).as("the attempt never started").isEmpty();
    assertThat(inDoubt()).as("recorded before the attempt, never resolved").isTrue();
  }
}
