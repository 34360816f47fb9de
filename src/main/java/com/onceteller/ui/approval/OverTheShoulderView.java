package com.onceteller.ui.approval;

import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;

/** The supervisor's approval on the teller's desk. */
public final class OverTheShoulderView extends FxmlView {

  private final OverTheShoulderViewModel vm;

  @FXML private Label approvalWhat;
  @FXML private TextField supervisorIdField;
  @FXML private PasswordField supervisorPasswordField;
  @FXML private TextField approvalReasonField;
  @FXML private Button approveHereButton;
  @FXML private Label approvalMessage;

  public OverTheShoulderView(OverTheShoulderViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    approvalWhat.setText(vm.what());
    supervisorIdField.textProperty().bindBidirectional(vm.supervisorIdProperty());
    supervisorPasswordField.textProperty().bindBidirectional(vm.passwordProperty());
    approvalReasonField.textProperty().bindBidirectional(vm.reasonProperty());
    approveHereButton.setOnAction(e -> vm.approve());
    approvalMessage.textProperty().bind(vm.messageProperty());
  }
}
