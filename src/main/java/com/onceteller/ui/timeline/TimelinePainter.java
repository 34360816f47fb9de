package com.onceteller.ui.timeline;

import com.onceteller.desk.timeline.TimelineDrawing;
import com.onceteller.desk.timeline.Tone;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/** Paints a {@link TimelineDrawing}; decides nothing about where things go. */
final class TimelinePainter {

  /** The named colours of the stylesheet, read off the panel's swatches. */
  record Palette(Map<Tone, Color> tones, List<Color> attempts, Color lane, Color ink) {
    Color attempt(int n) {
      return attempts.get((n - 1) % attempts.size());
    }

    Color of(Tone t, int attempt) {
      return attempt > 0 ? attempt(attempt) : tones.get(t);
    }

    static Palette fallback() {
      Map<Tone, Color> t = new EnumMap<>(Tone.class);
      t.put(Tone.OK, Color.web("#1e7b34"));
      t.put(Tone.REPLAY, Color.web("#276c8c"));
      t.put(Tone.WARN, Color.web("#a35d00"));
      t.put(Tone.DANGER, Color.web("#b3261e"));
      t.put(Tone.NEUTRAL, Color.web("#3b4048"));
      return new Palette(t, List.of(Color.web("#1f5fa8")), Color.web("#f2f4f7"), Color.BLACK);
    }
  }

  private TimelinePainter() {}

  /** Widths measured before (FX thread only): every redraw measures the same lane labels. */
  private static final Map<String, Double> WIDTHS =
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
          return size() > 1024;
        }
      };

  static double measure(String s, double size, boolean bold) {
    return WIDTHS.computeIfAbsent(
        (bold ? "b" : "n") + size + "|" + s,
        k -> {
          Text t = new Text(s);
          t.setFont(font(size, bold));
          return Math.ceil(t.getLayoutBounds().getWidth());
        });
  }

  static Font font(double size, boolean bold) {
    return Font.font(
        Font.getDefault().getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, size);
  }

  static void paint(GraphicsContext g, TimelineDrawing d, Palette p) {
    g.setFill(Color.WHITE);
    g.fillRect(0, 0, d.width(), d.height());
    for (TimelineDrawing.Band b : d.bands()) {
      if (b.shaded()) {
        g.setFill(p.lane());
        g.fillRect(b.x(), b.y(), b.w(), b.h());
      }
    }
    for (TimelineDrawing.Line l : d.lines()) {
      g.setStroke(l.attempt() > 0 ? p.attempt(l.attempt()) : p.tones().get(Tone.NEUTRAL));
      g.setLineWidth(l.attempt() > 0 ? 2 : 1);
      g.setLineDashes(l.dashed() ? new double[] {4, 4} : null);
      g.strokeLine(l.x1(), l.y1(), l.x2(), l.y2());
    }
    g.setLineDashes((double[]) null);
    for (TimelineDrawing.Mark m : d.marks()) {
      mark(g, m, p);
    }
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.TOP);
    for (TimelineDrawing.Text t : d.texts()) {
      g.setFont(font(t.size(), t.bold()));
      g.setFill(t.attempt() > 0 ? p.attempt(t.attempt()) : p.of(t.tone(), 0));
      g.fillText(t.text(), t.x(), t.y() + 1);
    }
  }

  private static void mark(GraphicsContext g, TimelineDrawing.Mark m, Palette p) {
    double x = m.x();
    double y = m.y();
    Color tone = p.tones().get(m.tone());
    Color attempt = m.attempt() > 0 ? p.attempt(m.attempt()) : tone;
    switch (m.shape()) {
      case DOT -> {
        g.setFill(m.tone() == Tone.NEUTRAL ? attempt : tone);
        g.fillOval(x - 5, y - 5, 10, 10);
      }
      case CROSS -> {
        g.setStroke(tone);
        g.setLineWidth(3.5);
        g.strokeLine(x - 7, y - 7, x + 7, y + 7);
        g.strokeLine(x - 7, y + 7, x + 7, y - 7);
      }
      case CLOCK -> {
        g.setFill(Color.WHITE);
        g.fillOval(x - 8, y - 8, 16, 16);
        g.setStroke(tone);
        g.setLineWidth(2);
        g.strokeOval(x - 8, y - 8, 16, 16);
        g.strokeLine(x, y, x, y - 5);
        g.strokeLine(x, y, x + 4, y);
      }
      case BAR -> {
        g.setFill(tone);
        g.fillRect(x - 10, y - 4, 20, 8);
      }
      case SQUARE -> {
        g.setFill(tone);
        g.fillRect(x - 7, y - 7, 14, 14);
      }
      case HOLLOW_SQUARE -> {
        g.setFill(Color.WHITE);
        g.fillRect(x - 7, y - 7, 14, 14);
        g.setStroke(tone);
        g.setLineWidth(2.5);
        g.strokeRect(x - 7, y - 7, 14, 14);
      }
      case DIAMOND -> {
        g.setFill(tone);
        g.fillPolygon(new double[] {x, x + 8, x, x - 8}, new double[] {y - 8, y, y + 8, y}, 4);
      }
      case CIRCLE -> {
        g.setFill(Color.WHITE);
        g.fillOval(x - 7, y - 7, 14, 14);
        g.setStroke(m.tone() == Tone.NEUTRAL ? attempt : tone);
        g.setLineWidth(3);
        g.strokeOval(x - 6, y - 6, 12, 12);
      }
    }
  }
}
