package com.onceteller.branch.http;

import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;

/**
 * Measures what the service did for the request on this thread, for the {@code Server-Timing}
 * header: {@code claim} (received → key claimed: waiting on the unique index included), {@code
 * decide} (claimed → postings flushed), {@code commit} (→ commit returned; on PostgreSQL with
 * synchronous_commit=on this includes the WAL flush), {@code sync} (→ synced: H2's fsync; 0 on
 * PostgreSQL), or {@code replay} for an answer read back. The service calls its observer on the
 * request's own thread, so a thread-local is enough.
 */
final class ServerTiming implements ServiceObserver {

  private static final ThreadLocal<long[]> MARKS = new ThreadLocal<>();

  private static final int RECEIVED = 0;
  private static final int CLAIMED = 1;
  private static final int WRITTEN = 2;
  private static final int COMMITTED = 3;
  private static final int SYNCED = 4;
  private static final int REPLAYED = 5;

  /** Starts measuring the request on this thread. */
  static void begin() {
    MARKS.set(new long[6]);
  }

  private static void mark(int at) {
    long[] m = MARKS.get();
    if (m != null && m[at] == 0) {
      m[at] = System.nanoTime();
    }
  }

  @Override
  public void received(IdempotencyKey key) {
    long[] m = MARKS.get();
    if (m != null) {
      m[RECEIVED] = System.nanoTime(); // a retry inside the service starts again
    }
  }

  @Override
  public void keyClaimed(IdempotencyKey key) {
    mark(CLAIMED);
  }

  @Override
  public void postingsWritten(IdempotencyKey key) {
    mark(WRITTEN);
  }

  @Override
  public void commitWritten(IdempotencyKey key) {
    mark(COMMITTED);
  }

  @Override
  public void committed(IdempotencyKey key, TransferOutcome outcome) {
    mark(SYNCED);
  }

  @Override
  public void replayed(IdempotencyKey key, TransferOutcome outcome) {
    mark(REPLAYED);
  }

  /** The header's value for the request on this thread, ending the measurement. */
  static String end(long requestStartNanos) {
    long[] m = MARKS.get();
    MARKS.remove();
    long now = System.nanoTime();
    StringBuilder b = new StringBuilder();
    if (m != null && m[RECEIVED] != 0) {
      if (m[CLAIMED] != 0) {
        add(b, "claim", m[RECEIVED], m[CLAIMED]);
        if (m[WRITTEN] != 0) {
          add(b, "decide", m[CLAIMED], m[WRITTEN]);
          if (m[COMMITTED] != 0) {
            add(b, "commit", m[WRITTEN], m[COMMITTED]);
            if (m[SYNCED] != 0) {
              add(b, "sync", m[COMMITTED], m[SYNCED]);
            }
          }
        }
      }
      if (m[REPLAYED] != 0) {
        add(b, "replay", m[CLAIMED] != 0 ? m[CLAIMED] : m[RECEIVED], m[REPLAYED]);
      }
    }
    add(b, "total", requestStartNanos, now);
    return b.toString();
  }

  private static void add(StringBuilder b, String name, long from, long to) {
    if (b.length() > 0) {
      b.append(", ");
    }
    b.append(name).append(";dur=");
    appendMillis(b, Math.max(0, to - from));
  }

  /**
   * {@code nanos} as milliseconds with three decimals, rounded to the nearest microsecond; by hand,
   * because String.format was a few per cent of the server's CPU per posting.
   */
  static void appendMillis(StringBuilder b, long nanos) {
    long micros = (nanos + 500) / 1_000;
    long fraction = micros % 1_000;
    b.append(micros / 1_000).append('.');
    if (fraction < 100) {
      b.append('0');
    }
    if (fraction < 10) {
      b.append('0');
    }
    b.append(fraction);
  }
}
