package com.onceteller.demo;

import com.onceteller.desk.client.Envelope;
import com.onceteller.domain.IdempotencyKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault armed for the next attempt. Thread-safe; the next attempt to reach the transport takes
 * it, so a fault fires exactly once. A taken fault stays bound to that attempt's send id while the
 * attempt is inside the service, where the service-side injector looks it up.
 */
public final class FaultPlan {

  /** A fault with its parameter (how long a slow service holds the attempt). */
  public record Armed(Fault fault, Duration slowness, IdempotencyKey onlyFor) {
    static final Armed NONE = new Armed(Fault.NONE, Duration.ZERO, null);

    boolean appliesTo(IdempotencyKey key) {
      return onlyFor == null || onlyFor.equals(key);
    }
  }

  private final AtomicReference<Armed> next = new AtomicReference<>(Armed.NONE);
  private final Map<Long, Armed> taken = new ConcurrentHashMap<>();

  /** Arms a fault for the next attempt of any transfer (the trainer's "next attempt" button). */
  public void arm(Fault fault, Duration slowness) {
    arm(fault, slowness, null);
  }

  /**
   * Arms a fault for the next attempt of one transfer only, so that a scripted scenario's fault is
   * never taken by a teller's own transfer running at the same time.
   */
  public void arm(Fault fault, Duration slowness, IdempotencyKey onlyFor) {
    next.set(new Armed(fault, slowness == null ? Duration.ZERO : slowness, onlyFor));
  }

  public void arm(Fault fault) {
    arm(fault, Duration.ofMillis(1_500));
  }

  public void disarm() {
    next.set(Armed.NONE);
  }

  /** What the next attempt will meet (for the demo panel). */
  public Armed armed() {
    return next.get();
  }

  /** The attempt {@code e} takes the armed fault if it applies to its key; once only. */
  Armed take(Envelope e) {
    Armed armed = next.get();
    if (armed.fault() != Fault.NONE
        && armed.appliesTo(e.key())
        && next.compareAndSet(armed, Armed.NONE)) {
      taken.put(e.sendId(), armed);
      return armed;
    }
    return Armed.NONE;
  }

  /** The fault the attempt {@code e} took, while it is on its way. */
  Armed takenBy(Optional<Envelope> e) {
    return e.map(env -> taken.getOrDefault(env.sendId(), Armed.NONE)).orElse(Armed.NONE);
  }

  /** The attempt is back (answered or not): its fault is spent. */
  void spent(Envelope e) {
    taken.remove(e.sendId());
  }
}
