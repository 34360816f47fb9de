package com.onceteller.ui.main;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the main window opens: as it was left when that still fits the screen, else maximised. A
 * plain calculation (tested without a screen); {@link MainView} applies it to the stage.
 */
public final class WindowPlacement {

  /** Below this the form, the retry buttons and the timeline no longer fit side by side. */
  public static final double MIN_WIDTH = 960;

  public static final double MIN_HEIGHT = 640;

  /** Share of the width the form column gets by default. */
  public static final double DEFAULT_DIVIDER = 0.40;

  private WindowPlacement() {}

  /** A rectangle in screen coordinates. */
  public record Rect(double x, double y, double width, double height) {
    boolean contains(Rect r) {
      return r.x >= x - 1
          && r.y >= y - 1
          && r.x + r.width <= x + width + 1
          && r.y + r.height <= y + height + 1;
    }
  }

  /** The window as it was left: bounds when not maximised, the flag, the split. */
  public record State(Rect bounds, boolean maximized, double divider) {

    /** "x,y,w,h,maximized,divider", as the settings file keeps it. */
    public String encode() {
      return String.format(
          Locale.ROOT,
          "%.0f,%.0f,%.0f,%.0f,%b,%.3f",
          bounds.x,
          bounds.y,
          bounds.width,
          bounds.height,
          maximized,
          divider);
    }

    public static Optional<State> decode(String s) {
      if (s == null) {
        return Optional.empty();
      }
      String[] p = s.split(",");
      if (p.length != 6) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new State(
                new Rect(
                    Double.parseDouble(p[0]),
                    Double.parseDouble(p[1]),
                    Double.parseDouble(p[2]),
                    Double.parseDouble(p[3])),
                Boolean.parseBoolean(p[4]),
                Double.parseDouble(p[5])));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** Where the window's state is kept between launches. */
  public interface Memory {
    Optional<State> load();

    /** Keeps the state; may touch the disk, so call it off the UI thread. */
    void save(State state) throws Exception;

    /** Remembers nothing (tests, a read-only data directory). */
    Memory NONE =
        new Memory() {
          @Override
          public Optional<State> load() {
            return Optional.empty();
          }

          @Override
          public void save(State state) {}
        };
  }

  /**
   * The placement on a screen whose usable area is {@code screen}: the saved bounds if they lie on
   * it and are at least the minimum size (or the screen is smaller), else the whole screen,
   * maximised.
   */
  public static State decide(Rect screen, Optional<State> saved) {
    double minW = Math.min(MIN_WIDTH, screen.width());
    double minH = Math.min(MIN_HEIGHT, screen.height());
    double divider =
        saved.map(State::divider).filter(d -> d >= 0.25 && d <= 0.6).orElse(DEFAULT_DIVIDER);
    if (saved.isPresent()) {
      Rect b = saved.get().bounds();
      if (screen.contains(b) && b.width() >= minW && b.height() >= minH) {
        return new State(b, saved.get().maximized(), divider);
      }
    }
    return new State(screen, true, divider);
  }

  /** The smallest size the window may be made on {@code screen}. */
  public static double[] minimumSize(Rect screen) {
    return new double[] {
      Math.min(MIN_WIDTH, screen.width()), Math.min(MIN_HEIGHT, screen.height())
    };
  }
}
