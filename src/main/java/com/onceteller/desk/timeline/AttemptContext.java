package com.onceteller.desk.timeline;

/**
 * The attempt number of the call running on this thread, set by {@link ContextTransport} around the
 * (synchronous) call into the service, so that service-side events land on the right attempt.
 */
public final class AttemptContext {

  private static final ThreadLocal<Integer> CURRENT = new ThreadLocal<>();

  private AttemptContext() {}

  public static int current() {
    Integer n = CURRENT.get();
    return n == null ? 0 : n;
  }

  static void set(int attempt) {
    CURRENT.set(attempt);
  }

  static void clear() {
    CURRENT.remove();
  }
}
