package com.onceteller.desk.timeline;

import com.onceteller.domain.IdempotencyKey;
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

  public void record(IdempotencyKey key, int attempt, EventKind kind, String detail) {
    TimelineEvent e =
        new TimelineEvent(key, attempt, kind, clock.instant(), detail == null ? "" : detail);
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
