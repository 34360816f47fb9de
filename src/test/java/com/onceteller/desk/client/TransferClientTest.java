package com.onceteller.desk.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransferClientTest {

  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private final ExecutorService io = Executors.newCachedThreadPool();
  private final IdempotencyKey key = IdempotencyKey.mint();
  private final TransferRequest request =
      new TransferRequest("DE-FROM", "DE-TO", 12_345, "EUR", "client test");

  @AfterEach
  void stopIo() throws InterruptedException {
    io.shutdownNow();
    assertThat(io.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private TransferClient client(TransferTransport transport) {
    return new TransferClient(transport, TIMEOUT, io, Clock.systemUTC());
  }

  @Test
  void aTransportThatAnswersGivesAnsweredWithThatOutcomeAndTheEnvelopeCarriesKeyRequestAttempt() {
    AtomicReference<Envelope> sent = new AtomicReference<>();
    TransferOutcome posted =
        new TransferOutcome.Posted(
            key, "TX-1", request, Instant.parse("2024-01-01T00:00:00Z"), false);
    AttemptResult r =
        client(
                e -> {
                  sent.set(e);
                  return posted;
                })
            .attempt(key, request, 3);

    assertThat(r).isInstanceOf(AttemptResult.Answered.class);
    AttemptResult.Answered a = (AttemptResult.Answered) r;
    assertThat(a.outcome()).isSameAs(posted);
    assertThat(a.attempt()).isEqualTo(3);
    assertThat(a.retryable()).isFalse();
    assertThat(a.startedAt()).isNotNull();
    assertThat(a.took().isNegative()).isFalse();
    assertThat(sent.get().key()).isEqualTo(key);
    assertThat(sent.get().request()).isEqualTo(request);
    assertThat(sent.get().attempt()).isEqualTo(3);
    assertThat(sent.get().sendId()).as("every send has its own id").isPositive();
  }

  @Test
  void anAnsweredUnknownOutcomeIsRetryable() {
    AttemptResult r =
        client(e -> new TransferOutcome.OutcomeUnknown(key, "commit failed"))
            .attempt(key, request, 1);
    assertThat(r).isInstanceOf(AttemptResult.Answered.class);
    assertThat(r.retryable()).isTrue();
  }

  @Test
  void noResponseExceptionGivesNoAnswerOfItsKind() {
    for (NoResponseException.Kind kind : NoResponseException.Kind.values()) {
      AttemptResult r =
          client(
                  e -> {
                    throw new NoResponseException(kind, "lost on the wire " + kind);
                  })
              .attempt(key, request, 2);
      assertThat(r).isInstanceOf(AttemptResult.NoAnswer.class);
      AttemptResult.NoAnswer n = (AttemptResult.NoAnswer) r;
      assertThat(n.kind()).isEqualTo(kind);
      assertThat(n.detail()).isEqualTo("lost on the wire " + kind);
      assertThat(n.attempt()).isEqualTo(2);
      assertThat(n.retryable()).isTrue();
    }
  }

  @Test
  void aRuntimeExceptionFromTheTransportGivesNoAnswerConnectionLost() {
    AttemptResult r =
        client(
                e -> {
                  throw new IllegalStateException("socket reset");
                })
            .attempt(key, request, 1);
    assertThat(r).isInstanceOf(AttemptResult.NoAnswer.class);
    assertThat(((AttemptResult.NoAnswer) r).kind())
        .isEqualTo(NoResponseException.Kind.CONNECTION_LOST);
    assertThat(((AttemptResult.NoAnswer) r).detail()).contains("IllegalStateException");
  }

  @Test
  void anErrorFromTheTransportGivesNoAnswerConnectionLost() {
    AttemptResult r =
        client(
                e -> {
                  throw new StackOverflowError("deep");
                })
            .attempt(key, request, 1);
    assertThat(r).isInstanceOf(AttemptResult.NoAnswer.class);
    assertThat(((AttemptResult.NoAnswer) r).kind())
        .isEqualTo(NoResponseException.Kind.CONNECTION_LOST);
    assertThat(((AttemptResult.NoAnswer) r).detail()).contains("StackOverflowError");
  }

  @Test
  void aTransportThatBlocksGivesTimeoutAndKeepsRunningUntilItAnswersLater() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch sendStarted = new CountDownLatch(1);
    CountDownLatch sendCompleted = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    TransferOutcome late =
        new TransferOutcome.Posted(key, "TX-LATE", request, Instant.now(), false);
    TransferTransport slow =
        e -> {
          sendStarted.countDown();
          try {
            release.await();
          } catch (InterruptedException ie) {
            interrupted.set(true);
            Thread.currentThread().interrupt();
          }
          sendCompleted.countDown();
          return late;
        };

    AttemptResult r;
    try {
      r = client(slow).attempt(key, request, 1);
      // At the timeout the call is still in the service, neither cancelled nor finished.
      assertThat(sendStarted.getCount()).isZero();
      assertThat(sendCompleted.getCount()).as("the call was still running at the timeout").isOne();
    } finally {
      release.countDown();
    }

    assertThat(r).isInstanceOf(AttemptResult.NoAnswer.class);
    AttemptResult.NoAnswer n = (AttemptResult.NoAnswer) r;
    assertThat(n.kind()).isEqualTo(NoResponseException.Kind.TIMEOUT);
    assertThat(n.detail()).contains("200 ms");
    assertThat(n.took()).as("waited the whole timeout").isGreaterThanOrEqualTo(TIMEOUT);

    assertThat(sendCompleted.await(10, TimeUnit.SECONDS))
        .as("the timed-out call completes later, as a real server would")
        .isTrue();
    assertThat(interrupted).as("the timed-out call was not interrupted").isFalse();
  }
}
