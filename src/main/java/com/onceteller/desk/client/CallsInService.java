package com.onceteller.desk.client;

import com.onceteller.domain.IdempotencyKey;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attempts inside the embedded service right now, so that what the service reports about a key
 * (received, claimed, committed, …) lands on the attempt that caused it — even when two attempts
 * with the same key are inside at once. Across a network a request id header would do this; in
 * process, each attempt hands the service a key object of its own (equal value, its own identity),
 * and the service reports its steps with the very object it was given. No thread-bound state.
 */
public final class CallsInService {

  private final Map<IdempotencyKey, Envelope> inside = new IdentityHashMap<>();

  /** Registers {@code e} and returns the key object to hand the service for this attempt. */
  public IdempotencyKey enter(Envelope e) {
    IdempotencyKey own = new IdempotencyKey(e.key().value());
    synchronized (inside) {
      inside.put(own, e);
    }
    return own;
  }

  /** The attempt has left the service (answered or thrown). */
  public void leave(IdempotencyKey own) {
    synchronized (inside) {
      inside.remove(own);
    }
  }

  /** The attempt the service is talking about, if the key object came from {@link #enter}. */
  public Optional<Envelope> attemptOf(IdempotencyKey reported) {
    synchronized (inside) {
      return Optional.ofNullable(inside.get(reported));
    }
  }
}
