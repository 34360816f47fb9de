package com.onceteller.ui.retry;

import com.onceteller.ui.FxmlView;
import java.time.Clock;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Binds the retry panel; an animation timer moves the countdown bar. */
public final class RetryPanelView extends FxmlView {

  private final RetryViewModel vm;
  private final Clock clock;

  @FXML private Label policyLabel;
  @FXML private TableView<AttemptRow> attemptsTable;
  @FXML private TableColumn<AttemptRow, Number> numberColumn;
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
    attemptsTable.setItems(vm.attempts());
    attemptsTable.setPlaceholder(new Label("No attempt yet"));
    numberColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().number()));
    startedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().started()));
    outcomeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().outcome()));
    durationColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().duration()));
    countdownBar.progressProperty().bind(vm.countdownProperty());
    countdownLabel.textProperty().bind(vm.countdownTextProperty());
    retryNowButton.disableProperty().bind(vm.canRetryNowProperty().not());
    stopButton.disableProperty().bind(vm.canStopProperty().not());
    retryNowButton.setOnAction(e -> vm.retryNow());
    stopButton.setOnAction(e -> vm.stopRetrying());
    new AnimationTimer() {
      @Override
      public void handle(long now) {
        vm.tick(clock.instant());
      }
    }.start();
  }
}
