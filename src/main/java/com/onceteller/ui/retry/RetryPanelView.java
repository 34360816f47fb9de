package com.onceteller.ui.retry;

import com.onceteller.desk.timeline.Words;
import java.time.Clock;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** Binds the retry panel; an animation timer moves the countdown (the form's headline follows). */
public final class RetryPanelView extends com.onceteller.ui.FxmlView {

  private final RetryViewModel vm;
  private final Clock clock;

  @FXML private Label policyLabel;
  @FXML private TableView<AttemptRow> attemptsTable;
  @FXML private TableColumn<AttemptRow, String> numberColumn;
  @FXML private TableColumn<AttemptRow, String> startedColumn;
  @FXML private TableColumn<AttemptRow, String> outcomeColumn;
  @FXML private TableColumn<AttemptRow, String> durationColumn;
  @FXML private ProgressBar countdownBar;
  @FXML private Label countdownLabel;
  @FXML private Button retryNowButton;
  @FXML private Button stopButton;

  public RetryPanelView(RetryViewModel vm, Clock clock) {
    this.vm = vm;
    this.clock = clock;
  }

  @FXML
  private void initialize() {
    policyLabel.textProperty().bind(vm.policyTextProperty());
    Tooltip policy = new Tooltip();
    policy.textProperty().bind(vm.policyDetailProperty());
    policy.setWrapText(true);
    policy.setMaxWidth(420);
    policyLabel.setTooltip(policy);
    attemptsTable.setItems(vm.attempts());
    attemptsTable.setPlaceholder(new Label("No attempt yet"));
    numberColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().number()));
    startedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().started()));
    outcomeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().what()));
    durationColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().took()));
    attemptsTable.setRowFactory(
        t ->
            new TableRow<>() {
              @Override
              protected void updateItem(AttemptRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeIf(c -> c.startsWith("attempt-"));
                if (!empty && r != null) {
                  getStyleClass()
                      .add("attempt-" + Words.tone(r.kind()).name().toLowerCase(Locale.ROOT));
                  Tooltip t = new Tooltip(r.inFull());
                  t.setWrapText(true);
                  t.setMaxWidth(420);
                  setTooltip(t);
                } else {
                  setTooltip(null);
                }
              }
            });
    countdownBar.progressProperty().bind(vm.countdownProperty());
    countdownLabel.textProperty().bind(vm.countdownTextProperty());
    countdownBar.visibleProperty().bind(vm.countdownTextProperty().isNotEmpty());
    countdownBar.getParent().visibleProperty().bind(vm.countdownTextProperty().isNotEmpty());
    countdownBar.getParent().managedProperty().bind(countdownBar.getParent().visibleProperty());
    retryNowButton.disableProperty().bind(vm.canRetryNowProperty().not());
    stopButton.disableProperty().bind(vm.canStopProperty().not());
    retryNowButton.setOnAction(e -> vm.retryNow());
    stopButton.setOnAction(e -> vm.stopRetrying());
    retryNowButton.setTooltip(new Tooltip("Send the next attempt now, same key (Ctrl+R)"));
    stopButton.setTooltip(new Tooltip("Stop retrying; the transfer stays in doubt (Esc)"));
    new AnimationTimer() {
      @Override
      public void handle(long now) {
        vm.tick(clock.instant());
      }
    }.start();
  }
}
