package com.onceteller.ui.timeline;

import com.onceteller.desk.timeline.AttemptStory;
import com.onceteller.desk.timeline.TimelineDrawing;
import com.onceteller.desk.timeline.TimelineEvent;
import com.onceteller.desk.timeline.Tone;
import com.onceteller.desk.timeline.Words;
import com.onceteller.ui.FxmlView;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The failure timeline panel: the title naming the transfer or scenario, the drawing (painted from
 * {@link com.onceteller.desk.timeline.TimelineLayout}), one caption per attempt, and the PNG export
 * with its confirmation.
 */
public final class FailureTimelineView extends FxmlView {

  /** Where an export goes; the app asks with a file chooser, tests answer with a folder. */
  @FunctionalInterface
  public interface ExportTarget {
    /** The file to write, or null when the teller cancelled. */
    Path choose(Window owner, String suggestedName);
  }

  private final FailureTimelineViewModel vm;
  private ExportTarget exportTarget = new ChooserTarget();

  @FXML private VBox timelinePanel;
  @FXML private Label timelineTitle;
  @FXML private Button exportButton;
  @FXML private Label exportMessage;
  @FXML private VBox resultHolder;
  @FXML private ScrollPane timelineScroll;
  @FXML private Pane canvasHolder;
  @FXML private Canvas timelineCanvas;
  @FXML private VBox captionBox;
  @FXML private Pane swatches;

  private TimelineDrawing drawn;

  public FailureTimelineView(FailureTimelineViewModel vm) {
    this.vm = vm;
  }

  public void setExportTarget(ExportTarget target) {
    this.exportTarget = target;
  }

  /** Where a demonstration's result card goes: above the drawing, so it stays in view. */
  public void showResult(Node card) {
    if (card == null) {
      resultHolder.getChildren().clear();
    } else {
      resultHolder.getChildren().setAll(card);
    }
  }

  /** The drawing last painted (for tests: what the trainer sees). */
  public TimelineDrawing drawing() {
    return drawn;
  }

  @FXML
  private void initialize() {
    timelineTitle.textProperty().bind(vm.titleProperty());
    exportMessage.textProperty().bind(vm.exportMessageProperty());
    exportMessage.visibleProperty().bind(exportMessage.textProperty().isNotEmpty());
    exportMessage.managedProperty().bind(exportMessage.visibleProperty());
    vm.events().addListener((ListChangeListener<TimelineEvent>) c -> redraw());
    vm.stories().addListener((ListChangeListener<AttemptStory>) c -> captions());
    exportButton.setOnAction(e -> export());
    timelineScroll.viewportBoundsProperty().addListener((o, a, b) -> redraw());
    captionBox
        .prefWidthProperty()
        .bind(
            javafx.beans.binding.Bindings.createDoubleBinding(
                () -> timelineScroll.getViewportBounds().getWidth() - 4,
                timelineScroll.viewportBoundsProperty()));
    redraw();
  }

  private void captions() {
    List<Label> labels = new ArrayList<>();
    for (AttemptStory s : vm.stories()) {
      Label l = new Label(s.caption());
      l.getStyleClass().addAll("caption", "caption-" + toneName(Words.tone(s.kind())));
      l.setId("caption" + s.number());
      l.setWrapText(true);
      l.setMaxWidth(Double.MAX_VALUE);
      labels.add(l);
    }
    captionBox.getChildren().setAll(labels);
  }

  static String toneName(Tone t) {
    return t.name().toLowerCase(Locale.ROOT);
  }

  private void redraw() {
    double width = Math.max(420, timelineScroll.getViewportBounds().getWidth() - 4);
    drawn = vm.drawing(width, TimelinePainter::measure, false);
    timelineCanvas.setWidth(drawn.width());
    timelineCanvas.setHeight(drawn.height());
    canvasHolder.setPrefSize(drawn.width(), drawn.height());
    TimelinePainter.paint(timelineCanvas.getGraphicsContext2D(), drawn, palette());
  }

  /**
   * The stylesheet's named colours, read off hidden swatches, so the canvas uses the same ones.
   * Read once the panel is in a scene (the stylesheet does not change), not on every redraw.
   */
  private TimelinePainter.Palette palette() {
    if (palette != null) {
      return palette;
    }
    TimelinePainter.Palette fallback = TimelinePainter.Palette.fallback();
    boolean styled = timelinePanel.getScene() != null;
    if (styled) {
      swatches.applyCss();
    }
    Map<Tone, Color> tones = new EnumMap<>(Tone.class);
    for (Tone t : Tone.values()) {
      tones.put(t, colour("#swatch-" + toneName(t), fallback.tones().get(t)));
    }
    List<Color> attempts = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      attempts.add(colour("#swatch-attempt-" + i, fallback.attempt(1)));
    }
    TimelinePainter.Palette read =
        new TimelinePainter.Palette(
            tones, attempts, colour("#swatch-lane", fallback.lane()), fallback.ink());
    if (styled) {
      palette = read;
    }
    return read;
  }

  private TimelinePainter.Palette palette;

  private Color colour(String id, Color fallback) {
    Node n = swatches.lookup(id);
    if (n instanceof Region r) {
      Background b = r.getBackground();
      if (b != null && !b.getFills().isEmpty()) {
        Paint p = b.getFills().get(0).getFill();
        if (p instanceof Color c) {
          return c;
        }
      }
    }
    return fallback;
  }

  /** Asks where, then writes the titled drawing with its legend and captions (no buttons). */
  public void export() {
    Window owner = timelinePanel.getScene() == null ? null : timelinePanel.getScene().getWindow();
    Path file = exportTarget.choose(owner, vm.suggestedFileName());
    if (file != null) {
      exportTo(file);
    }
  }

  /** Writes the export picture to {@code file}; the view-model confirms where it went. */
  public void exportTo(Path file) {
    double width = Math.max(900, timelineScroll.getViewportBounds().getWidth());
    TimelineDrawing d = vm.drawing(width, TimelinePainter::measure, true);
    Canvas c = new Canvas(d.width(), d.height());
    TimelinePainter.paint(c.getGraphicsContext2D(), d, palette());
    WritableImage img = c.snapshot(null, null);
    vm.save(SwingFXUtils.fromFXImage(img, null), file);
  }

  /** A save dialog that starts where the last export went. */
  private static final class ChooserTarget implements ExportTarget {
    private File lastFolder;

    @Override
    public Path choose(Window owner, String suggestedName) {
      FileChooser fc = new FileChooser();
      fc.setTitle("Export the failure timeline");
      fc.setInitialFileName(suggestedName);
      if (lastFolder != null && lastFolder.isDirectory()) {
        fc.setInitialDirectory(lastFolder);
      }
      fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
      File f = fc.showSaveDialog(owner);
      if (f == null) {
        return null;
      }
      lastFolder = f.getParentFile();
      return f.getName().toLowerCase(Locale.ROOT).endsWith(".png")
          ? f.toPath()
          : f.toPath().resolveSibling(f.getName() + ".png");
    }
  }
}
