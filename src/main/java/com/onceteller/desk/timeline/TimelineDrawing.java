package com.onceteller.desk.timeline;

import java.util.List;

/**
 * The failure timeline as positioned shapes and texts, computed by {@link TimelineLayout}. A
 * painter only draws these (the window's canvas, the PNG export); tests read them to check what a
 * trainer would see: which marks, which words, nothing overlapping.
 */
public record TimelineDrawing(
    double width,
    double height,
    List<Band> bands,
    List<Line> lines,
    List<Mark> marks,
    List<Text> texts,
    List<AttemptStory> stories) {

  public TimelineDrawing {
    bands = List.copyOf(bands);
    lines = List.copyOf(lines);
    marks = List.copyOf(marks);
    texts = List.copyOf(texts);
    stories = List.copyOf(stories);
  }

  /** How a mark looks; the legend names each one. */
  public enum Shape {
    /** An ordinary step (sent, received, key claimed, …). */
    DOT,
    /** Lost on the way, or the service crashed. */
    CROSS,
    /** No answer in time. */
    CLOCK,
    /** Rolled back: nothing of this attempt kept. */
    BAR,
    /** Committed: the money moved. */
    SQUARE,
    /** A decision stored that moved no money (rejection, void). */
    HOLLOW_SQUARE,
    /** Answered from the stored outcome. */
    DIAMOND,
    /** The answer reached the teller. */
    CIRCLE
  }

  /** What a text is for (tests and painters pick texts by role). */
  public enum Role {
    TITLE,
    LANE,
    ATTEMPT,
    STEP,
    AXIS,
    NOTE,
    LEGEND,
    CAPTION,
    EMPTY
  }

  /** A lane's background. */
  public record Band(double x, double y, double w, double h, boolean shaded) {}

  /** A line: an attempt's path ({@code attempt} > 0, drawn in that attempt's colour) or a guide. */
  public record Line(
      double x1, double y1, double x2, double y2, Tone tone, int attempt, boolean dashed) {}

  /** A step's mark at (x, y); {@code attempt} is the attempt's #number (0 for legend samples). */
  public record Mark(double x, double y, Shape shape, Tone tone, int attempt) {}

  /**
   * A text with its box: (x, y) is the top left corner, {@code w}×{@code h} what it covers. {@code
   * attempt} > 0 draws it in that attempt's colour instead of its tone.
   */
  public record Text(
      String text,
      double x,
      double y,
      double w,
      double h,
      double size,
      boolean bold,
      Tone tone,
      int attempt,
      Role role) {

    public boolean overlaps(Text o) {
      return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
    }

    public double right() {
      return x + w;
    }

    public double bottom() {
      return y + h;
    }
  }

  public List<Text> texts(Role role) {
    return texts.stream().filter(t -> t.role() == role).toList();
  }
}
