package com.onceteller.desk.timeline;

import com.onceteller.desk.client.Envelope;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records what happens to every attempt, across all lanes. Thread-safe: events arrive from the
 * client's worker, the transport's I/O threads and the service. Listeners are called on the
 * recording thread (a UI listener must hop to its own thread).
 */
public final class Timeline {

  private final Clock clock;
  private final List<TimelineEvent> events = new ArrayList<>();
  private final List<Consumer<TimelineEvent>> listeners = new CopyOnWriteArrayList<>();

  public Timeline(Clock clock) {
    this.clock = clock;
  }

  /** A step of the attempt {@code e}. */
  public void record(Envelope e, EventKind kind, String detail) {
    add(new TimelineEvent(e.key(), e.sendId(), e.attempt(), kind, clock.instant(), detail, null));
  }

  /** A step of the attempt {@code e} that carries an answer or decision. */
  public void record(Envelope e, EventKind kind, TransferOutcome outcome) {
    add(new TimelineEvent(e.key(), e.sendId(), e.attempt(), kind, clock.instant(), "", outcome));
  }

  /** A service step that could not be traced to an attempt (a call that bypassed the client). */
  public void recordUntraced(IdempotencyKey key, EventKind kind, TransferOutcome outcome) {
    add(new TimelineEvent(key, 0, 0, kind, clock.instant(), "", outcome));
  }

  private void add(TimelineEvent e) {
    synchronized (events) {
      events.add(e);
    }
    for (Consumer<TimelineEvent> l : listeners) {
      l.accept(e);
    }
  }

  public List<TimelineEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  public List<TimelineEvent> eventsFor(IdempotencyKey key) {
    synchronized (events) {
      return events.stream().filter(e -> e.key().equals(key)).toList();
    }
  }

  public void clear() {
    synchronized (events) {
      events.clear();
    }
  }

  public void addListener(Consumer<TimelineEvent> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<TimelineEvent> listener) {
    listeners.remove(listener);
  }
}
