package com.onceteller.ui.demo;

import com.onceteller.ui.FxmlView;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The demonstration's controls and verdict above the failure timeline. */
public final class ScenarioBarView extends FxmlView {

  private final ScenarioPlayerViewModel vm;

  @FXML private HBox controlsRow;
  @FXML private Label scenarioStatus;
  @FXML private Button playPauseButton;
  @FXML private Button nextStepButton;
  @FXML private VBox resultCard;
  @FXML private Label resultHeadline;
  @FXML private Label resultDetail;
  @FXML private Button dismissResultButton;

  public ScenarioBarView(ScenarioPlayerViewModel vm) {
    this.vm = vm;
  }

  @Override
  protected void loaded(Parent root) {
    var shown = vm.activeProperty().or(vm.resultProperty().isNotNull());
    root.visibleProperty().bind(shown);
    root.managedProperty().bind(shown);
  }

  @FXML
  private void initialize() {
    controlsRow.visibleProperty().bind(vm.activeProperty());
    controlsRow.managedProperty().bind(vm.activeProperty());
    scenarioStatus.textProperty().bind(vm.statusProperty());
    playPauseButton
        .textProperty()
        .bind(Bindings.when(vm.playingProperty()).then("Pause").otherwise("Play"));
    playPauseButton.setTooltip(new Tooltip("Play or pause the demonstration (F5)"));
    playPauseButton.setOnAction(e -> vm.togglePlay());
    nextStepButton.setTooltip(new Tooltip("Do the next step now (F6)"));
    nextStepButton.disableProperty().bind(vm.steppingProperty());
    nextStepButton.setOnAction(e -> vm.step());

    var hasResult = vm.resultProperty().isNotNull();
    resultCard.visibleProperty().bind(hasResult);
    resultCard.managedProperty().bind(hasResult);
    vm.resultProperty()
        .addListener(
            (o, a, r) -> {
              resultCard.getStyleClass().removeAll("result-ok", "result-fail");
              if (r != null) {
                resultHeadline.setText(r.headline());
                resultDetail.setText(r.detail());
                resultCard.getStyleClass().add(r.ok() ? "result-ok" : "result-fail");
              }
            });
    dismissResultButton.setOnAction(e -> vm.dismissResult());
  }
}
