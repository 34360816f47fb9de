package com.onceteller.desk.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The failure timeline as text, one line per event in swimlane columns, for the command line. */
public final class TimelineText {

  private static final int COLUMN = 40;

  private TimelineText() {}

  public static String render(List<TimelineEvent> events) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%8s %3s ", "t(ms)", "#"));
    for (Lane lane : Lane.values()) {
      sb.append(pad("| " + lane.label(), COLUMN));
    }
    sb.append('\n');
    Instant t0 = events.isEmpty() ? Instant.EPOCH : events.get(0).at();
    for (TimelineEvent e : events) {
      long ms = java.time.Duration.between(t0, e.at()).toMillis();
      sb.append(String.format(Locale.ROOT, "%8d %3d ", ms, e.attempt()));
      for (Lane lane : Lane.values()) {
        String text =
            lane == e.lane()
                ? "| "
                    + e.kind().label()
                    + (e.detail().isEmpty()
                            || e.lane() == Lane.TELLER && e.kind() != EventKind.ANSWER_RECEIVED
                        ? ""
                        : ": " + e.detail())
                : "|";
        sb.append(pad(text, COLUMN));
      }
      sb.append('\n');
    }
    for (AttemptStory s : AttemptStory.of(events)) {
      sb.append(String.format(Locale.ROOT, "attempt %d: %s%n", s.attempt(), s.caption()));
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
