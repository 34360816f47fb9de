package com.onceteller.ui.demo;

import com.onceteller.demo.Fault;
import com.onceteller.demo.Scenario;
import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** Binds the demonstration panel: one button per scenario. */
public final class DemoPanelView extends FxmlView {

  private final DemoPanelViewModel vm;

  @FXML private ComboBox<Fault> faultChoice;
  @FXML private TextField slowField;
  @FXML private Button armButton;
  @FXML private Label armedLabel;
  @FXML private VBox scenarioBox;
  @FXML private Label scenarioResult;

  public DemoPanelView(DemoPanelViewModel vm) {
    this.vm = vm;
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
      b.setMaxWidth(Double.MAX_VALUE);
      b.disableProperty().bind(vm.runningProperty());
      b.setOnAction(e -> vm.run(s));
      scenarioBox.getChildren().add(b);
    }
    scenarioResult.textProperty().bind(vm.resultProperty());
  }

  private static final class FaultCell extends ListCell<Fault> {
    @Override
    protected void updateItem(Fault f, boolean empty) {
      super.updateItem(f, empty);
      setText(empty || f == null ? null : f.label());
    }
  }
}
