package com.onceteller.branch.service;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;

/**
 * What happens inside the service for one attempt, step by step. The app's composition root uses it
 * to draw the failure timeline (and, for demonstrations only, to inject faults at these real
 * points); production code passes {@link #NONE}. Called on the submitting thread.
 */
public interface ServiceObserver {

  ServiceObserver NONE = new ServiceObserver() {};

  /** The request reached the service. */
  default void received(IdempotencyKey key) {}

  /** The key's claim row is written (not yet committed): other attempts now wait or replay. */
  default void keyClaimed(IdempotencyKey key) {}

  /** Balances, transfer and journal entries are written (flushed), the commit comes next. */
  default void postingsWritten(IdempotencyKey key) {}

  /**
   * The commit returned; the sync to disk (H2) follows. On PostgreSQL the commit already waited for
   * its WAL flush (synchronous_commit=on), so nothing is left to sync.
   */
  default void commitWritten(IdempotencyKey key) {}

  /** The decision is committed and durable. */
  default void committed(IdempotencyKey key, TransferOutcome outcome) {}

  /** The transaction was rolled back: nothing of this attempt remains. */
  default void rolledBack(IdempotencyKey key, Throwable cause) {}

  /** The answer was read back from the stored outcome; nothing was executed. */
  default void replayed(IdempotencyKey key, TransferOutcome outcome) {}
}
