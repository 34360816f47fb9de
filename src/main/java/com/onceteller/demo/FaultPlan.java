package com.onceteller.demo;

import com.onceteller.domain.IdempotencyKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault armed for the next attempt. Thread-safe; the next attempt to reach the transport takes
 * it, so a fault fires exactly once.
 */
public final class FaultPlan {

  /** A fault with its parameter (how long a slow service holds the attempt). */
  public record Armed(Fault fault, Duration slowness, IdempotencyKey onlyFor) {
    static final Armed NONE = new Armed(Fault.NONE, Duration.ZERO, null);

    boolean appliesTo(IdempotencyKey key) {
      return onlyFor == null || onlyFor.equals(key);
    }
  }

  private static final ThreadLocal<Armed> IN_FLIGHT = new ThreadLocal<>();
  private final AtomicReference<Armed> next = new AtomicReference<>(Armed.NONE);

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

  Armed take(IdempotencyKey key) {
    Armed armed = next.get();
    if (armed.fault() != Fault.NONE
        && armed.appliesTo(key)
        && next.compareAndSet(armed, Armed.NONE)) {
      return armed;
    }
    return Armed.NONE;
  }

  /** The fault travelling with the call on this thread into the service. */
  static Armed inFlight() {
    Armed a = IN_FLIGHT.get();
    return a == null ? Armed.NONE : a;
  }

  static void setInFlight(Armed armed) {
    IN_FLIGHT.set(armed);
  }

  static void clearInFlight() {
    IN_FLIGHT.remove();
  }
}
