package com.onceteller.ui.signon;

import com.onceteller.ui.FxmlView;
import com.onceteller.ui.Styles;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** Binds the sign-on screen; no logic of its own. */
public final class SignOnView extends FxmlView {

  private final SignOnViewModel vm;

  @FXML private Label signOnTitle;
  @FXML private TextField userIdField;
  @FXML private PasswordField passwordField;
  @FXML private VBox firstAdminBox;
  @FXML private TextField displayNameField;
  @FXML private PasswordField confirmField;
  @FXML private Button signOnButton;
  @FXML private Label signOnMessage;
  @FXML private VBox demoUsersBox;
  @FXML private Label demoUsers;
  @FXML private Label openingLabel;

  public SignOnView(SignOnViewModel vm) {
    this.vm = vm;
  }

  @Override
  protected void loaded(Parent root) {
    root.getStylesheets().add(SignOnView.class.getResource(Styles.STYLESHEET).toExternalForm());
  }

  public void focus() {
    userIdField.requestFocus();
  }

  @FXML
  private void initialize() {
    signOnTitle.textProperty().bind(vm.titleProperty());
    userIdField.textProperty().bindBidirectional(vm.userIdProperty());
    passwordField.textProperty().bindBidirectional(vm.passwordProperty());
    displayNameField.textProperty().bindBidirectional(vm.displayNameProperty());
    confirmField.textProperty().bindBidirectional(vm.confirmProperty());
    firstAdminBox.visibleProperty().bind(vm.firstAdministratorProperty());
    firstAdminBox.managedProperty().bind(firstAdminBox.visibleProperty());
    signOnButton.disableProperty().bind(vm.busyProperty());
    signOnButton
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.when(vm.firstAdministratorProperty())
                .then("Create and sign on")
                .otherwise("Sign on"));
    signOnButton.setOnAction(e -> vm.submit());
    signOnMessage.textProperty().bind(vm.messageProperty());
    demoUsersBox.visibleProperty().bind(vm.demoUsersShownProperty());
    demoUsersBox.managedProperty().bind(demoUsersBox.visibleProperty());
    demoUsers.textProperty().bind(vm.demoUsersTextProperty());
    // While the ledger opens: what it is doing and for how long (a recovery can take seconds).
    // Once shown, the line keeps its place after the ledger is open (hidden, not removed): the
    // fields below it must not move under the teller's pointer at that moment. They did, and a
    // click meant for the password field landed on another control.
    openingLabel.visibleProperty().bind(vm.ledgerStatusProperty().isNotEmpty());
    openingLabel.setManaged(false); // takes room once it has said something, and keeps it
    showStatus(vm.ledgerStatusProperty().get());
    vm.ledgerStatusProperty().addListener((o, was, now) -> showStatus(now));
  }

  private void showStatus(String status) {
    if (status != null && !status.isEmpty()) {
      openingLabel.setText(status);
      openingLabel.setManaged(true);
    }
  }
}
