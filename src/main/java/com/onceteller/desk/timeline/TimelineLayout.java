package com.onceteller.desk.timeline;

import com.onceteller.desk.client.AttemptKind;
import com.onceteller.desk.timeline.TimelineDrawing.Band;
import com.onceteller.desk.timeline.TimelineDrawing.Line;
import com.onceteller.desk.timeline.TimelineDrawing.Mark;
import com.onceteller.desk.timeline.TimelineDrawing.Role;
import com.onceteller.desk.timeline.TimelineDrawing.Shape;
import com.onceteller.desk.timeline.TimelineDrawing.Text;
import com.onceteller.domain.TransferOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes where everything of the failure timeline goes. Plain Java, so it is tested without a
 * toolkit; the canvas and the PNG export only paint the {@link TimelineDrawing}.
 *
 * <p>The time axis is honest but readable: steps of one attempt are spread apart at least {@link
 * #STEP} pixels (they happen within milliseconds), pauses up to a second are to scale, and longer
 * pauses are shortened to a fixed width and marked with their real length ("≈ 4.2 s") — the note
 * under the axis says so. Attempts running at the same time get their own track in each lane, so a
 * double click is drawn as two paths side by side. Labels are packed into rows, so no two overlap.
 */
public final class TimelineLayout {

  /** Text widths in the painter's font (the canvas measures; tests use a fixed advance). */
  @FunctionalInterface
  public interface TextMeasure {
    double width(String text, double size, boolean bold);

    /** A measure that assumes {@code advance}·size pixels per character: for tests. */
    static TextMeasure perCharacter(double advance) {
      return (text, size, bold) -> text.length() * size * advance * (bold ? 1.08 : 1);
    }
  }

  /**
   * @param width the width to fill; the drawing is wider only when the steps need it
   * @param measure text widths in the painter's font
   * @param forExport adds the title and the captions (the window shows those as labels)
   */
  public record Options(double width, TextMeasure measure, boolean forExport) {}

  static final double PAD = 12;
  static final double LANE_NAME_W = 78;
  static final double STEP = 24;
  static final double NARROW_STEP = 17;
  static final double TRACK_DY = 20;
  static final double SECOND_PX = 36;
  static final long SIMULTANEOUS_MS = 40;
  static final long SHORTEN_AFTER_MS = 1_000;
  static final double SHORTENED_PX = 38;
  static final double TITLE_SIZE = 16;
  static final double LANE_SIZE = 12;
  static final double SMALL = 11;
  static final double CAPTION_SIZE = 12;
  static final double LABEL_GAP = 6;
  static final double RIGHT_ROOM = 24;

  private TimelineLayout() {}

  static double lineHeight(double size) {
    return Math.ceil(size * 1.4);
  }

  /** Lays out {@code events} (of one key) under {@code title}. */
  public static TimelineDrawing layout(String title, List<TimelineEvent> events, Options o) {
    return new Builder(title, events, o).build();
  }

  private static final class Builder {
    private final String title;
    private final Options o;
    private final List<TimelineEvent> events;
    private final List<AttemptStory> stories;
    private final Map<Long, AttemptStory> storyOf = new HashMap<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Text> texts = new ArrayList<>();
    private final Map<Long, Integer> trackOf = new HashMap<>();
    private int tracks = 1;
    private double plotLeft;
    private double width;

    Builder(String title, List<TimelineEvent> all, Options o) {
      this.title = title;
      this.o = o;
      this.events =
          all.stream()
              .filter(e -> e.sendId() != 0)
              .sorted(Comparator.comparing(TimelineEvent::at))
              .toList();
      this.stories = AttemptStory.of(events);
      stories.forEach(s -> storyOf.put(s.sendId(), s));
    }

    TimelineDrawing build() {
      plotLeft = PAD + LANE_NAME_W + 10;
      width = Math.max(o.width(), 420);
      double y = PAD;
      if (o.forExport()) {
        y = title(y);
      }
      if (events.isEmpty()) {
        return empty(y);
      }
      assignTracks();
      Positions pos = positions();
      y = attemptHeaders(pos, y);
      Map<Lane, Double> trackTop = new EnumMap<>(Lane.class);
      double lanesTop = y;
      for (Lane lane : Lane.values()) {
        y = lane(lane, pos, y, trackTop);
      }
      paths(pos, trackTop);
      y = axis(pos, lanesTop, y);
      y = legend(y + 6);
      if (o.forExport()) {
        y = captions(y + 4);
      }
      return new TimelineDrawing(width, y + PAD, bands, lines, marks, texts, stories);
    }

    // ---- title and the empty drawing -------------------------------------------------------

    private double title(double y) {
      double h = lineHeight(TITLE_SIZE);
      for (String line : wrap(title, TITLE_SIZE, true, width - 2 * PAD)) {
        texts.add(text(line, PAD, y, TITLE_SIZE, true, Tone.NEUTRAL, 0, Role.TITLE));
        y += h;
      }
      return y + 6;
    }

    private TimelineDrawing empty(double y) {
      texts.add(
          text(
              "Send a transfer (or play a demonstration) to see the path of each attempt.",
              plotLeft,
              y,
              SMALL,
              false,
              Tone.NEUTRAL,
              0,
              Role.EMPTY));
      y += lineHeight(SMALL) + 6;
      double laneH = 44;
      for (Lane lane : Lane.values()) {
        laneBand(lane, y, laneH);
        y += laneH;
      }
      y = legend(y + 10);
      return new TimelineDrawing(width, y + PAD, bands, lines, marks, texts, stories);
    }

    // ---- tracks: attempts running at once get separate tracks -------------------------------

    private void assignTracks() {
      Map<Long, Instant[]> span = new HashMap<>();
      for (TimelineEvent e : events) {
        span.computeIfAbsent(e.sendId(), id -> new Instant[] {e.at(), e.at()})[1] = e.at();
      }
      List<Instant> busyUntil = new ArrayList<>();
      for (AttemptStory s : stories) {
        Instant[] sp = span.get(s.sendId());
        int t = 0;
        while (t < busyUntil.size() && !busyUntil.get(t).isBefore(sp[0])) {
          t++;
        }
        if (t == busyUntil.size()) {
          busyUntil.add(sp[1]);
        } else {
          busyUntil.set(t, sp[1]);
        }
        trackOf.put(s.sendId(), t);
      }
      tracks = Math.max(1, busyUntil.size());
    }

    // ---- the time axis ------------------------------------------------------------------------

    /** x of every event, and where pauses were shortened. */
    private record Positions(double[] x, List<double[]> shortened, List<Duration> shortenedBy) {}

    private Positions positions() {
      Positions p = positions(STEP);
      double available = width - plotLeft - PAD - RIGHT_ROOM - 12;
      double used = p.x[p.x.length - 1];
      if (used > available) {
        p = positions(NARROW_STEP);
        used = p.x[p.x.length - 1];
      }
      double factor = used <= 0 ? 1 : Math.min(2.5, Math.max(1, available / used));
      if (used * factor > available) {
        width = plotLeft + used * factor + PAD + RIGHT_ROOM + 12; // wider: the view scrolls
      }
      double[] x = new double[p.x.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = plotLeft + 12 + p.x[i] * factor;
      }
      List<double[]> gaps = new ArrayList<>();
      for (double[] g : p.shortened) {
        gaps.add(new double[] {plotLeft + 12 + g[0] * factor, plotLeft + 12 + g[1] * factor});
      }
      return new Positions(x, gaps, p.shortenedBy);
    }

    private Positions positions(double step) {
      double[] x = new double[events.size()];
      Map<Long, Double> lastOfAttempt = new HashMap<>();
      Map<Long, Lane> laneOfLast = new HashMap<>();
      Map<String, Double> lastOnTrack = new HashMap<>();
      List<double[]> shortened = new ArrayList<>();
      List<Duration> by = new ArrayList<>();
      double cursor = 0;
      Instant cursorAt = events.get(0).at();
      for (int i = 0; i < events.size(); i++) {
        TimelineEvent e = events.get(i);
        long dt = Duration.between(cursorAt, e.at()).toMillis();
        double advance;
        if (dt <= SIMULTANEOUS_MS) {
          advance = 0;
        } else if (dt <= SHORTEN_AFTER_MS) {
          advance = dt / 1000.0 * SECOND_PX;
        } else {
          advance = SHORTENED_PX;
          shortened.add(new double[] {cursor, cursor + advance});
          by.add(Duration.ofMillis(dt));
        }
        double at = cursor + advance;
        Double last = lastOfAttempt.get(e.sendId());
        if (last != null) {
          // Marks in the same lane need the full step; a move to another lane reads at less.
          at = Math.max(at, last + (laneOfLast.get(e.sendId()) == e.lane() ? step : step * 0.75));
        }
        // One attempt's end and the next one's start, close in time, must not sit on each other.
        String track = e.lane() + "/" + trackOf.getOrDefault(e.sendId(), 0);
        Double before = lastOnTrack.get(track);
        if (before != null && (last == null || laneOfLast.get(e.sendId()) != e.lane())) {
          at = Math.max(at, before + step * 0.75);
        }
        x[i] = at;
        lastOnTrack.put(track, at);
        lastOfAttempt.put(e.sendId(), at);
        laneOfLast.put(e.sendId(), e.lane());
        cursor = Math.max(cursor, at);
        cursorAt = e.at();
      }
      return new Positions(x, shortened, by);
    }

    // ---- attempt headers: "#2 +1.6 s" above the lanes, where the attempt was sent ------------

    private double attemptHeaders(Positions pos, double y) {
      List<Text> placed = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        TimelineEvent e = events.get(i);
        AttemptStory s = storyOf.get(e.sendId());
        if (e.kind() != EventKind.SENT || s == null) {
          continue;
        }
        String label = "#" + s.number() + " " + Words.offset(s.sentAfter());
        placed.add(packed(label, pos.x[i], SMALL, true, Tone.NEUTRAL, s.number(), Role.ATTEMPT, y));
      }
      return pack(placed, y, SMALL) + 4;
    }

    // ---- lanes with their marks and labels ---------------------------------------------------

    private double lane(Lane lane, Positions pos, double top, Map<Lane, Double> trackTop) {
      double firstTrack = top + 12;
      trackTop.put(lane, firstTrack);
      double labelsTop = firstTrack + (tracks - 1) * TRACK_DY + 12;
      List<Text> labels = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        TimelineEvent e = events.get(i);
        if (e.lane() != lane) {
          continue;
        }
        AttemptStory s = storyOf.get(e.sendId());
        double my = firstTrack + trackOf.getOrDefault(e.sendId(), 0) * TRACK_DY;
        Shape shape = shape(e, s);
        marks.add(new Mark(pos.x[i], my, shape, tone(e, s, shape), s == null ? 0 : s.number()));
        labels.add(
            packed(
                Words.step(e, s),
                pos.x[i],
                SMALL,
                false,
                labelTone(e, s, shape),
                0,
                Role.STEP,
                labelsTop));
      }
      double bottom = Math.max(pack(labels, labelsTop, SMALL), top + 44) + 6;
      laneBand(lane, top, bottom - top);
      return bottom;
    }

    private void laneBand(Lane lane, double top, double h) {
      bands.add(new Band(PAD, top, width - 2 * PAD, h, lane.ordinal() % 2 == 0));
      texts.add(text(lane.label(), PAD + 6, top + 6, LANE_SIZE, true, Tone.NEUTRAL, 0, Role.LANE));
    }

    private static Shape shape(TimelineEvent e, AttemptStory s) {
      return switch (e.kind()) {
        case REQUEST_LOST, RESPONSE_LOST, CRASHED, CONNECTION_LOST -> Shape.CROSS;
        case TIMED_OUT -> Shape.CLOCK;
        case ROLLED_BACK -> s != null && s.keyWasTaken() ? Shape.DOT : Shape.BAR;
        case COMMITTED ->
            e.outcome() instanceof TransferOutcome.Posted ? Shape.SQUARE : Shape.HOLLOW_SQUARE;
        case REPLAYED ->
            s != null && s.kind() == AttemptKind.KEY_REUSED ? Shape.HOLLOW_SQUARE : Shape.DIAMOND;
        case ANSWER_RECEIVED -> Shape.CIRCLE;
        case SENT, RECEIVED, SLOWED, KEY_CLAIMED, POSTINGS_WRITTEN, ANSWERED -> Shape.DOT;
      };
    }

    private static Tone tone(TimelineEvent e, AttemptStory s, Shape shape) {
      return switch (shape) {
        case CROSS -> e.kind() == EventKind.CONNECTION_LOST ? Tone.WARN : Tone.DANGER;
        case CLOCK, BAR -> Tone.WARN;
        case SQUARE -> Tone.OK;
        case HOLLOW_SQUARE -> Tone.DANGER;
        case DIAMOND -> Tone.REPLAY;
        case CIRCLE -> e.outcome() == null ? Tone.NEUTRAL : Words.tone(AttemptKind.of(e.outcome()));
        case DOT -> e.kind() == EventKind.SLOWED ? Tone.WARN : Tone.NEUTRAL;
      };
    }

    private static Tone labelTone(TimelineEvent e, AttemptStory s, Shape shape) {
      return shape == Shape.DOT && e.kind() != EventKind.SLOWED ? Tone.NEUTRAL : tone(e, s, shape);
    }

    private void paths(Positions pos, Map<Lane, Double> trackTop) {
      Map<Long, double[]> previous = new HashMap<>();
      for (int i = 0; i < events.size(); i++) {
        TimelineEvent e = events.get(i);
        AttemptStory s = storyOf.get(e.sendId());
        double y = trackTop.get(e.lane()) + trackOf.getOrDefault(e.sendId(), 0) * TRACK_DY;
        double[] p = previous.get(e.sendId());
        if (p != null && s != null) {
          lines.add(new Line(p[0], p[1], pos.x[i], y, Tone.NEUTRAL, s.number(), false));
        }
        previous.put(e.sendId(), new double[] {pos.x[i], y});
      }
    }

    // ---- axis: shortened pauses and the note that says so ------------------------------------

    private double axis(Positions pos, double lanesTop, double y) {
      double axisY = y + 6;
      lines.add(new Line(plotLeft, axisY, width - PAD, axisY, Tone.NEUTRAL, 0, false));
      List<Text> labels = new ArrayList<>();
      for (int i = 0; i < pos.shortened.size(); i++) {
        double[] g = pos.shortened.get(i);
        double mid = (g[0] + g[1]) / 2;
        lines.add(new Line(mid, lanesTop, mid, axisY, Tone.NEUTRAL, 0, true));
        labels.add(
            packed(
                "≈ " + Words.duration(pos.shortenedBy.get(i)),
                mid,
                SMALL,
                false,
                Tone.NEUTRAL,
                0,
                Role.AXIS,
                axisY + 4));
      }
      double below = pack(labels, axisY + 4, SMALL);
      String note =
          "Time runs left to right. Steps of one attempt are spread out to be read;"
              + (pos.shortened.isEmpty()
                  ? " pauses are to scale."
                  : " pauses longer than 1 s are shortened and marked ≈ with their real length.");
      double ny = Math.max(below, axisY + 4);
      for (String line : wrap(note, SMALL, false, width - plotLeft - PAD)) {
        texts.add(text(line, plotLeft, ny, SMALL, false, Tone.NEUTRAL, 0, Role.NOTE));
        ny += lineHeight(SMALL);
      }
      return ny;
    }

    // ---- legend
    // ----------------------------------------------------------------------------------

    private static final Object[][] LEGEND = {
      {Shape.DOT, Tone.NEUTRAL, "step"},
      {Shape.CROSS, Tone.DANGER, "lost or crashed"},
      {Shape.CLOCK, Tone.WARN, "timed out"},
      {Shape.BAR, Tone.WARN, "rolled back"},
      {Shape.SQUARE, Tone.OK, "committed: money moved"},
      {Shape.HOLLOW_SQUARE, Tone.DANGER, "refused or stored without moving money"},
      {Shape.DIAMOND, Tone.REPLAY, "replay: the stored answer"},
      {Shape.CIRCLE, Tone.NEUTRAL, "answer reached the teller"},
    };

    private double legend(double y) {
      double h = lineHeight(SMALL);
      double x = PAD;
      String head = "Legend:";
      texts.add(text(head, x, y, SMALL, true, Tone.NEUTRAL, 0, Role.LEGEND));
      x += o.measure().width(head, SMALL, true) + 10;
      for (Object[] item : LEGEND) {
        String label = (String) item[2];
        double w = 24 + o.measure().width(label, SMALL, false) + 16;
        if (x + w > width - PAD) {
          x = PAD;
          y += h + 4;
        }
        marks.add(new Mark(x + 10, y + h / 2, (Shape) item[0], (Tone) item[1], 0));
        texts.add(text(label, x + 24, y, SMALL, false, Tone.NEUTRAL, 0, Role.LEGEND));
        x += w;
      }
      return y + h;
    }

    // ---- captions (export) -------------------------------------------------------------------

    private double captions(double y) {
      double h = lineHeight(CAPTION_SIZE);
      for (AttemptStory s : stories) {
        Tone tone = Words.tone(s.kind());
        for (String line : wrap(s.caption(), CAPTION_SIZE, false, width - 2 * PAD)) {
          texts.add(text(line, PAD, y, CAPTION_SIZE, false, tone, 0, Role.CAPTION));
          y += h;
        }
        y += 2;
      }
      return y;
    }

    // ---- text helpers ------------------------------------------------------------------------

    private Text text(
        String s, double x, double y, double size, boolean bold, Tone tone, int attempt, Role r) {
      return new Text(
          s,
          x,
          y,
          o.measure().width(s, size, bold),
          lineHeight(size),
          size,
          bold,
          tone,
          attempt,
          r);
    }

    /** A label centred on {@code cx}, kept inside the plot; its row is decided by {@link #pack}. */
    private Text packed(
        String s,
        double cx,
        double size,
        boolean bold,
        Tone tone,
        int attempt,
        Role role,
        double top) {
      double w = o.measure().width(s, size, bold);
      double x = Math.max(plotLeft, Math.min(cx - w / 2, width - PAD - w));
      return new Text(s, x, top, w, lineHeight(size), size, bold, tone, attempt, role);
    }

    /**
     * Puts each label (left to right) into the first row where it clears the previous label, adds
     * them, and returns the bottom of the last row used.
     */
    private double pack(List<Text> labels, double top, double size) {
      double h = lineHeight(size);
      List<Double> rowRight = new ArrayList<>();
      double bottom = top;
      for (Text t : labels.stream().sorted(Comparator.comparingDouble(Text::x)).toList()) {
        int row = 0;
        while (row < rowRight.size() && rowRight.get(row) + LABEL_GAP > t.x()) {
          row++;
        }
        if (row == rowRight.size()) {
          rowRight.add(t.right());
        } else {
          rowRight.set(row, t.right());
        }
        double y = top + row * h;
        texts.add(
            new Text(
                t.text(),
                t.x(),
                y,
                t.w(),
                t.h(),
                t.size(),
                t.bold(),
                t.tone(),
                t.attempt(),
                t.role()));
        bottom = Math.max(bottom, y + h);
      }
      return bottom;
    }

    private List<String> wrap(String s, double size, boolean bold, double max) {
      List<String> out = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (String word : s.split(" ")) {
        String candidate = line.length() == 0 ? word : line + " " + word;
        if (line.length() > 0 && o.measure().width(candidate, size, bold) > max) {
          out.add(line.toString());
          line = new StringBuilder(word);
        } else {
          line = new StringBuilder(candidate);
        }
      }
      if (line.length() > 0) {
        out.add(line.toString());
      }
      return out;
    }
  }
}
