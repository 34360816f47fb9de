package com.onceteller.ui.demo;

import com.onceteller.demo.Fault;
import com.onceteller.demo.Scenario;
import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;

/** Binds the demonstration panel: one button per scenario, its steps, and fault arming. */
public final class DemoPanelView extends FxmlView {

  private final DemoPanelViewModel vm;
  private final ScenarioPlayerViewModel player;
  private final Runnable showTimeline;

  @FXML private ComboBox<Fault> faultChoice;
  @FXML private TextField slowField;
  @FXML private Button armButton;
  @FXML private Label armedLabel;
  @FXML private FlowPane scenarioBox;
  @FXML private CheckBox stepByStepCheck;
  @FXML private ListView<ScenarioPlayerViewModel.StepRow> scenarioSteps;

  public DemoPanelView(
      DemoPanelViewModel vm, ScenarioPlayerViewModel player, Runnable showTimeline) {
    this.vm = vm;
    this.player = player;
    this.showTimeline = showTimeline;
  }

  @FXML
  private void initialize() {
    faultChoice.getItems().setAll(Fault.values());
    faultChoice.valueProperty().bindBidirectional(vm.faultProperty());
    faultChoice.setCellFactory(lv -> new FaultCell());
    faultChoice.setButtonCell(new FaultCell());
    slowField.textProperty().bindBidirectional(vm.slowMillisProperty());
    armButton.setOnAction(e -> vm.arm());
    armedLabel.textProperty().bind(vm.armedProperty());
    for (Scenario s : Scenario.values()) {
      Button b = new Button(s.description());
      b.setId("scenario-" + s.cliName());
      b.setTooltip(new Tooltip("Play \"" + s.cliName() + "\" on the form"));
      b.disableProperty().bind(player.activeProperty());
      b.setOnAction(
          e -> {
            vm.scenarioStarted();
            showTimeline.run();
            player.start(s, stepByStepCheck.isSelected());
          });
      scenarioBox.getChildren().add(b);
    }
    scenarioSteps.setItems(player.steps());
    scenarioSteps.setPlaceholder(new Label("Choose a scenario above."));
    scenarioSteps.setCellFactory(
        lv ->
            new ListCell<>() {
              @Override
              protected void updateItem(ScenarioPlayerViewModel.StepRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("step-running", "step-done");
                if (empty || r == null) {
                  setText(null);
                  return;
                }
                setWrapText(true);
                setPrefWidth(0);
                setText(r.number() + ". " + r.says());
                switch (r.status()) {
                  case RUNNING -> getStyleClass().add("step-running");
                  case DONE -> getStyleClass().add("step-done");
                  case TO_DO -> {}
                }
              }
            });
  }

  private static final class FaultCell extends ListCell<Fault> {
    @Override
    protected void updateItem(Fault f, boolean empty) {
      super.updateItem(f, empty);
      setText(empty || f == null ? null : f.label());
    }
  }
}
