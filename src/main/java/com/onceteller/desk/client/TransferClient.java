package com.onceteller.desk.client;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends single attempts with a real timeout. A timed-out call is not cancelled on the service side,
 * exactly like an HTTP request whose server keeps working after the client gave up: that is the
 * "slow first attempt" a retry can race, and why the retry must carry the same key.
 */
public final class TransferClient {

  private final TransferTransport transport;
  private final Duration timeout;
  private final ExecutorService io;
  private final Clock clock;

  public TransferClient(
      TransferTransport transport, Duration timeout, ExecutorService io, Clock clock) {
    this.transport = transport;
    this.timeout = timeout;
    this.io = io;
    this.clock = clock;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Sends one attempt and waits at most the timeout. Blocking: never call on the UI thread. */
  public AttemptResult attempt(IdempotencyKey key, TransferRequest request, int attemptNumber) {
    return attempt(new Envelope(key, request, attemptNumber));
  }

  /** Sends {@code envelope} and waits at most the timeout. Blocking: never on the UI thread. */
  public AttemptResult attempt(Envelope envelope) {
    Instant start = clock.instant();
    long t0 = System.nanoTime();
    int attemptNumber = envelope.attempt();
    Future<TransferOutcome> call = io.submit(() -> transport.send(envelope));
    try {
      TransferOutcome outcome = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new AttemptResult.Answered(attemptNumber, start, since(t0), outcome);
    } catch (TimeoutException e) {
      return new AttemptResult.NoAnswer(
          attemptNumber,
          start,
          since(t0),
          NoResponseException.Kind.TIMEOUT,
          "No answer within "
              + timeout.toMillis()
              + " ms; the service may still be working on it.");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof NoResponseException nre) {
        return new AttemptResult.NoAnswer(
            attemptNumber, start, since(t0), nre.kind(), nre.getMessage());
      }
      // Anything else thrown across the boundary is, to the client, a dropped connection.
      return new AttemptResult.NoAnswer(
          attemptNumber,
          start,
          since(t0),
          NoResponseException.Kind.CONNECTION_LOST,
          "The connection to the service broke (" + cause.getClass().getSimpleName() + ").");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AttemptResult.NoAnswer(
          attemptNumber,
          start,
          since(t0),
          NoResponseException.Kind.CONNECTION_LOST,
          "Interrupted while waiting.");
    }
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
