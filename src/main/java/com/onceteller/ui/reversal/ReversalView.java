package com.onceteller.ui.reversal;

import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/** The reversal form. */
public final class ReversalView extends FxmlView {

  private final ReversalViewModel vm;

  @FXML private Label reversalOriginal;
  @FXML private Label reversalKey;
  @FXML private TextField reversalReasonField;
  @FXML private Button reverseSubmitButton;
  @FXML private Label reversalMessage;

  public ReversalView(ReversalViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    reversalOriginal.textProperty().bind(vm.originalProperty());
    reversalKey.setText("Key " + vm.key().shortForm());
    reversalReasonField.textProperty().bindBidirectional(vm.reasonProperty());
    reverseSubmitButton.setOnAction(e -> vm.submit());
    reversalMessage.textProperty().bind(vm.messageProperty());
  }
}
