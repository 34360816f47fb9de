package com.onceteller.ui.signon;

import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;

/** The lock screen over the desktop; binds {@link IdleLockViewModel}. */
public final class LockView extends FxmlView {

  private final IdleLockViewModel vm;

  @FXML private Label lockMessage;
  @FXML private PasswordField unlockPassword;
  @FXML private Button unlockButton;
  @FXML private TextField otherUserId;
  @FXML private PasswordField otherPassword;
  @FXML private Button otherSignOnButton;

  public LockView(IdleLockViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    lockMessage.textProperty().bind(vm.messageProperty());
    unlockPassword.textProperty().bindBidirectional(vm.passwordProperty());
    otherUserId.textProperty().bindBidirectional(vm.otherIdProperty());
    otherPassword.textProperty().bindBidirectional(vm.otherPasswordProperty());
    unlockButton.setOnAction(e -> vm.unlock());
    unlockPassword.setOnAction(e -> vm.unlock());
    otherSignOnButton.setOnAction(e -> vm.signOnOther());
  }

  public void focus() {
    unlockPassword.requestFocus();
  }
}
