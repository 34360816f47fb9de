package com.onceteller.desk.client;

import com.onceteller.domain.TransferOutcome;
import java.time.Duration;
import java.time.Instant;

/** What one attempt came back with, as the client saw it. */
public sealed interface AttemptResult {

  int attempt();

  Instant startedAt();

  Duration took();

  /** True when sending the same key again may help and is safe. */
  boolean retryable();

  /** What this attempt came to, as the client sees it. */
  AttemptKind attemptKind();

  /** The service answered. */
  record Answered(int attempt, Instant startedAt, Duration took, TransferOutcome outcome)
      implements AttemptResult {
    @Override
    public boolean retryable() {
      return outcome.retryable();
    }

    @Override
    public AttemptKind attemptKind() {
      return AttemptKind.of(outcome);
    }
  }

  /** No answer came back: the outcome is unknown until an attempt with the same key answers. */
  record NoAnswer(
      int attempt, Instant startedAt, Duration took, NoResponseException.Kind kind, String detail)
      implements AttemptResult {
    @Override
    public boolean retryable() {
      return true;
    }

    @Override
    public AttemptKind attemptKind() {
      return AttemptKind.of(kind);
    }
  }
}
