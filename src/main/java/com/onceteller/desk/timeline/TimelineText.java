package com.onceteller.desk.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The failure timeline as text, one line per step in swimlane columns, for the command line. */
public final class TimelineText {

  private static final int COLUMN = 34;

  private TimelineText() {}

  public static String render(List<TimelineEvent> events) {
    List<AttemptStory> stories = AttemptStory.of(events);
    Map<Long, AttemptStory> bySend = new HashMap<>();
    stories.forEach(s -> bySend.put(s.sendId(), s));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%8s %3s ", "t(ms)", "#"));
    for (Lane lane : Lane.values()) {
      sb.append(pad("| " + lane.label(), COLUMN));
    }
    sb.append('\n');
    Instant t0 = events.isEmpty() ? Instant.EPOCH : events.get(0).at();
    for (TimelineEvent e : events) {
      AttemptStory s = bySend.get(e.sendId());
      long ms = Duration.between(t0, e.at()).toMillis();
      sb.append(String.format(Locale.ROOT, "%8d %3s ", ms, s == null ? "?" : "#" + s.number()));
      for (Lane lane : Lane.values()) {
        sb.append(pad(lane == e.lane() ? "| " + Words.step(e, s) : "|", COLUMN));
      }
      sb.append('\n');
    }
    for (AttemptStory s : stories) {
      sb.append(s.caption()).append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    if (s.length() >= width) {
      return s.substring(0, width - 1) + " ";
    }
    return s + " ".repeat(width - s.length());
  }
}
