package com.onceteller.ui.timeline;

import com.onceteller.desk.timeline.AttemptStory;
import com.onceteller.desk.timeline.EventKind;
import com.onceteller.desk.timeline.Lane;
import com.onceteller.desk.timeline.TimelineEvent;
import com.onceteller.ui.FxmlView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.fxml.FXML;
import javafx.geometry.VPos;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;

/**
 * Draws the failure timeline on a canvas: four swimlanes, a time axis, and each attempt's path as
 * connected shapes — a red cross where a message was lost or the service crashed, an amber bar for
 * a rollback, a green square for a commit, a blue diamond for a replay.
 */
public final class FailureTimelineView extends FxmlView {

  // Canvas drawings cannot use CSS; these mirror the named colours of teller.css.
  static final Color OK = Color.web("#1e7b34");
  static final Color DANGER = Color.web("#b3261e");
  static final Color WARN = Color.web("#a35d00");
  static final Color REPLAY = Color.web("#276c8c");
  static final Color ACCENT = Color.web("#1f5fa8");
  static final Color MUTED = Color.web("#5f6670");
  static final Color LANE = Color.web("#f2f4f7");
  static final Color[] ATTEMPT = {ACCENT, Color.web("#7b3fa0"), Color.web("#2b8a7e"), WARN};

  private static final double LEFT = 90;
  private static final double TOP = 36;
  private static final double LANE_H = 62;
  private static final double MIN_GAP = 34;

  private final FailureTimelineViewModel vm;

  @FXML private VBox timelinePanel;
  @FXML private Label timelineTitle;
  @FXML private Canvas timelineCanvas;
  @FXML private VBox captionBox;
  @FXML private Button exportButton;

  public FailureTimelineView(FailureTimelineViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    timelineTitle.textProperty().bind(vm.titleProperty());
    vm.events().addListener((ListChangeListener<TimelineEvent>) c -> redraw());
    vm.stories().addListener((ListChangeListener<AttemptStory>) c -> captions());
    exportButton.setOnAction(e -> exportWithChooser());
    redraw();
  }

  private void captions() {
    captionBox.getChildren().clear();
    for (AttemptStory s : vm.stories()) {
      Label l = new Label("Attempt " + s.attempt() + ": " + s.caption());
      l.getStyleClass().add("caption");
      l.getStyleClass()
          .add(
              s.kase() == AttemptStory.Case.RESPONSE_LOST || s.kase() == AttemptStory.Case.REJECTED
                  ? "caption-unsafe"
                  : "caption-safe");
      l.setId("caption" + s.attempt());
      l.setWrapText(true);
      captionBox.getChildren().add(l);
    }
  }

  /** Writes the panel (drawing and captions) as a PNG. */
  public void exportPng(Path file) {
    WritableImage img = timelinePanel.snapshot(new SnapshotParameters(), null);
    try {
      ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void exportWithChooser() {
    FileChooser fc = new FileChooser();
    fc.setTitle("Export the failure timeline");
    fc.setInitialFileName("failure-timeline.png");
    fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
    var file = fc.showSaveDialog(timelinePanel.getScene().getWindow());
    if (file != null) {
      exportPng(file.toPath());
    }
  }

  private void redraw() {
    GraphicsContext g = timelineCanvas.getGraphicsContext2D();
    double w = timelineCanvas.getWidth();
    double h = timelineCanvas.getHeight();
    g.setFill(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setFont(Font.font(12));
    Lane[] lanes = Lane.values();
    for (int i = 0; i < lanes.length; i++) {
      double y = TOP + i * LANE_H;
      g.setFill(i % 2 == 0 ? LANE : Color.WHITE);
      g.fillRect(0, y, w, LANE_H);
      g.setFill(MUTED);
      g.setTextAlign(TextAlignment.LEFT);
      g.setTextBaseline(VPos.CENTER);
      g.fillText(name(lanes[i]), 8, y + LANE_H / 2);
    }
    double axisY = TOP + lanes.length * LANE_H + 8;
    g.setStroke(MUTED);
    g.setLineWidth(1);
    g.strokeLine(LEFT, axisY, w - 10, axisY);
    List<TimelineEvent> events = List.copyOf(vm.events());
    if (events.isEmpty()) {
      g.setFill(MUTED);
      g.fillText(
          "Send a transfer (or run a demonstration) to see the path of each attempt.",
          LEFT,
          TOP - 16);
      return;
    }
    Instant t0 = events.get(0).at();
    long span = Math.max(1, Duration.between(t0, events.get(events.size() - 1).at()).toMillis());
    double usable = w - LEFT - 30;
    double scale = Math.max(0, (usable - MIN_GAP * events.size()) / span);
    double[] xs = new double[events.size()];
    double last = LEFT - MIN_GAP + 10;
    for (int i = 0; i < events.size(); i++) {
      long ms = Duration.between(t0, events.get(i).at()).toMillis();
      xs[i] = Math.max(LEFT + 10 + ms * scale + i * MIN_GAP * 0.0, last + MIN_GAP);
      xs[i] = Math.min(xs[i], w - 20);
      last = xs[i];
    }
    // paths: connect the steps of each attempt
    Map<Integer, double[]> prev = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      TimelineEvent e = events.get(i);
      double y = laneY(e.lane());
      Color c = ATTEMPT[(Math.max(e.attempt(), 1) - 1) % ATTEMPT.length];
      double[] p = prev.get(e.attempt());
      if (p != null) {
        g.setStroke(c);
        g.setLineWidth(2);
        g.strokeLine(p[0], p[1], xs[i], y);
      }
      prev.put(e.attempt(), new double[] {xs[i], y});
    }
    // shapes and labels
    Integer lastAttempt = null;
    for (int i = 0; i < events.size(); i++) {
      TimelineEvent e = events.get(i);
      double x = xs[i];
      double y = laneY(e.lane());
      shape(g, e.kind(), x, y, ATTEMPT[(Math.max(e.attempt(), 1) - 1) % ATTEMPT.length]);
      g.setFill(Color.BLACK);
      g.setTextAlign(TextAlignment.CENTER);
      g.setTextBaseline(VPos.TOP);
      g.setFont(Font.font(10));
      g.fillText(shortLabel(e.kind()), x, y + 10 + (i % 2) * 11);
      if (!Integer.valueOf(e.attempt()).equals(lastAttempt)) {
        lastAttempt = e.attempt();
        long ms = Duration.between(t0, e.at()).toMillis();
        g.setFill(MUTED);
        g.strokeLine(x, axisY - 4, x, axisY + 4);
        g.fillText("#" + e.attempt() + " +" + ms + " ms", x, axisY + 6);
      }
      g.setFont(Font.font(12));
    }
    g.setFill(MUTED);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.CENTER);
    g.fillText("time →", w - 60, axisY + 26);
  }

  private static void shape(GraphicsContext g, EventKind k, double x, double y, Color attempt) {
    switch (k) {
      case REQUEST_LOST, RESPONSE_LOST, CRASHED, TIMED_OUT, CONNECTION_LOST -> {
        g.setStroke(DANGER);
        g.setLineWidth(3.5);
        g.strokeLine(x - 8, y - 8, x + 8, y + 8);
        g.strokeLine(x - 8, y + 8, x + 8, y - 8);
      }
      case ROLLED_BACK -> {
        g.setFill(WARN);
        g.fillRect(x - 10, y - 5, 20, 10);
      }
      case COMMITTED -> {
        g.setFill(OK);
        g.fillRect(x - 8, y - 8, 16, 16);
      }
      case REPLAYED -> {
        g.setFill(REPLAY);
        g.fillPolygon(new double[] {x, x + 9, x, x - 9}, new double[] {y - 9, y, y + 9, y}, 4);
      }
      case ANSWER_RECEIVED -> {
        g.setFill(OK);
        g.fillOval(x - 7, y - 7, 14, 14);
      }
      default -> {
        g.setFill(attempt);
        g.fillOval(x - 6, y - 6, 12, 12);
      }
    }
  }

  private static String shortLabel(EventKind k) {
    return switch (k) {
      case SENT -> "sent";
      case REQUEST_LOST -> "request lost";
      case RECEIVED -> "received";
      case SLOWED -> "slow";
      case KEY_CLAIMED -> "key claimed";
      case POSTINGS_WRITTEN -> "postings";
      case CRASHED -> "CRASH";
      case ROLLED_BACK -> "rolled back";
      case COMMITTED -> "committed";
      case REPLAYED -> "replayed";
      case ANSWERED -> "answer";
      case RESPONSE_LOST -> "response lost";
      case ANSWER_RECEIVED -> "answer in";
      case TIMED_OUT -> "timed out";
      case CONNECTION_LOST -> "conn. lost";
    };
  }

  private static double laneY(Lane lane) {
    return TOP + lane.ordinal() * LANE_H + LANE_H / 2 - 8;
  }

  private static String name(Lane l) {
    return switch (l) {
      case TELLER -> "Teller";
      case NETWORK -> "Network";
      case SERVICE -> "Service";
      case DATABASE -> "Database";
    };
  }
}
