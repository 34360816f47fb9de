package com.onceteller.ui.timeline;

import com.onceteller.desk.timeline.AttemptStory;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.desk.timeline.TimelineEvent;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.ui.UiThread;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The failure timeline of the transfer most recently in motion: its events (lanes Teller → Network
 * → Service → Database) and one caption per attempt saying whether a retry was safe and why. Events
 * arrive on worker threads and are handed over on the UI thread.
 */
public final class FailureTimelineViewModel {

  private final Timeline timeline;
  private final UiThread ui;
  private final ObservableList<TimelineEvent> events = FXCollections.observableArrayList();
  private final ObservableList<AttemptStory> stories = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("No transfer yet");
  private IdempotencyKey shown;

  public FailureTimelineViewModel(Timeline timeline, UiThread ui) {
    this.timeline = timeline;
    this.ui = ui;
    timeline.addListener(e -> ui.run(() -> arrived(e)));
  }

  public ObservableList<TimelineEvent> events() {
    return events;
  }

  public ObservableList<AttemptStory> stories() {
    return stories;
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** The one-line captions, attempt by attempt. */
  public List<String> captions() {
    List<String> out = new ArrayList<>();
    for (AttemptStory s : stories) {
      out.add("Attempt " + s.attempt() + ": " + s.caption());
    }
    return out;
  }

  private void arrived(TimelineEvent e) {
    if (e.key() == null) {
      return;
    }
    if (!e.key().equals(shown)) {
      shown = e.key();
      events.setAll(timeline.eventsFor(shown));
    } else {
      events.add(e);
    }
    title.set("Transfer " + shown.shortForm() + " — " + events.size() + " steps");
    stories.setAll(AttemptStory.of(events));
  }

  /** Shows {@code key}'s events (after a scenario or when the form starts a new transfer). */
  public void show(IdempotencyKey key) {
    shown = key;
    events.setAll(key == null ? List.of() : timeline.eventsFor(key));
    stories.setAll(AttemptStory.of(events));
    title.set(key == null ? "No transfer yet" : "Transfer " + key.shortForm());
  }
}
