package com.onceteller.ui.timeline;

import com.onceteller.desk.timeline.AttemptStory;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.desk.timeline.TimelineDrawing;
import com.onceteller.desk.timeline.TimelineEvent;
import com.onceteller.desk.timeline.TimelineLayout;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.ui.TaskRunner;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javax.imageio.ImageIO;

/**
 * The failure timeline of one transfer: the one the form (or a demonstration) is sending, or else
 * the one most recently in motion. Holds its events and stories, names it in the title, and saves
 * it as a PNG in the background. Events arrive on worker threads and are handed over on the UI
 * thread.
 */
public final class FailureTimelineViewModel {

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss", Locale.ROOT);

  private final Timeline timeline;
  private final TaskRunner tasks;
  private final Clock clock;
  private final ZoneId zone;
  private final ObservableList<TimelineEvent> events = FXCollections.observableArrayList();
  private final ObservableList<AttemptStory> stories = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("No transfer yet");
  private final ReadOnlyStringWrapper exportMessage = new ReadOnlyStringWrapper("");
  private IdempotencyKey shown;
  private String subject;
  private String fileStem;

  public FailureTimelineViewModel(Timeline timeline, TaskRunner tasks, Clock clock, ZoneId zone) {
    this.timeline = timeline;
    this.tasks = tasks;
    this.clock = clock;
    this.zone = zone;
    timeline.addListener(e -> tasks.ui().run(() -> arrived(e)));
  }

  public ObservableList<TimelineEvent> events() {
    return events;
  }

  public ObservableList<AttemptStory> stories() {
    return stories;
  }

  /** Names the transfer or scenario shown, and how many attempts it took so far. */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** Where the last export went ("Saved to …"), or why it failed. */
  public ReadOnlyStringProperty exportMessageProperty() {
    return exportMessage.getReadOnlyProperty();
  }

  public IdempotencyKey shownKey() {
    return shown;
  }

  /** The one-line captions, attempt by attempt. */
  public List<String> captions() {
    return stories.stream().map(AttemptStory::caption).toList();
  }

  /**
   * Shows {@code key}'s timeline under {@code subject} ("Transfer …1a2b3c4d · EUR 125.00 · Hartmann
   * → Weber" or "Scenario: …"); {@code fileStem} names its PNG ("response-lost").
   */
  public void show(IdempotencyKey key, String subject, String fileStem) {
    this.shown = key;
    this.subject = subject;
    this.fileStem = fileStem;
    events.setAll(key == null ? List.of() : timeline.eventsFor(key));
    stories.setAll(AttemptStory.of(events));
    retitle();
  }

  /** Clears the drawing (a new transfer in the form). */
  public void clear() {
    show(null, null, null);
    exportMessage.set("");
  }

  private void arrived(TimelineEvent e) {
    if (!e.key().equals(shown)) {
      // Something else moved (an in-doubt resolve, a teller's transfer during a demo): follow it.
      show(e.key(), null, null);
      return;
    }
    events.add(e);
    stories.setAll(AttemptStory.of(events));
    retitle();
  }

  private void retitle() {
    if (shown == null) {
      title.set("No transfer yet");
      return;
    }
    int n = stories.size();
    String name = subject == null ? "Transfer " + shown.shortForm() : subject;
    title.set(name + " — " + n + (n == 1 ? " attempt" : " attempts"));
  }

  /** The drawing for {@code width}; {@code forExport} adds the title and captions. */
  public TimelineDrawing drawing(
      double width, TimelineLayout.TextMeasure measure, boolean forExport) {
    return TimelineLayout.layout(
        title.get(), List.copyOf(events), new TimelineLayout.Options(width, measure, forExport));
  }

  /**
   * A file name that says what is in it and when: the scenario or the posted reference (else the
   * key), then the time, e.g. {@code onceteller-response-lost-2026-03-14-104233.png}.
   */
  public String suggestedFileName() {
    String what = fileStem;
    if (what == null) {
      what =
          stories.stream()
              .map(AttemptStory::answer)
              .filter(a -> a instanceof TransferOutcome.Posted)
              .map(a -> ((TransferOutcome.Posted) a).reference())
              .findFirst()
              .orElse(shown == null ? "timeline" : "key-" + shown.value().toString().substring(28));
    }
    return "onceteller-"
        + what.replaceAll("[^A-Za-z0-9-]", "-")
        + "-"
        + FILE_TIME.format(clock.instant().atZone(zone))
        + ".png";
  }

  /** Writes the picture in the background and says where it went. */
  public void save(RenderedImage image, Path file) {
    exportMessage.set("Saving " + file.getFileName() + "…");
    tasks.run(
        () -> {
          if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
          }
          return file.toAbsolutePath();
        },
        saved -> exportMessage.set("Timeline saved to " + saved),
        e ->
            exportMessage.set(
                "The timeline could not be saved to " + file + ": " + e.getMessage()));
  }
}
