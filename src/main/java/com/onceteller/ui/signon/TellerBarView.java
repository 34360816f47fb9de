package com.onceteller.ui.signon;

import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;

/**
 * The bar above the desktop: who is signed on, their controls (by role), a request waiting for
 * approval, and the receipt of the last posting. {@link DeskShell} wires it.
 */
public final class TellerBarView extends FxmlView {

  @FXML Label signedOnLabel;
  @FXML Button approvalsButton;
  @FXML TextField reverseReferenceField;
  @FXML Button reverseButton;
  @FXML Button endOfDayButton;
  @FXML Button auditButton;
  @FXML Button lockButton;
  @FXML Button signOffButton;
  @FXML HBox approvalBox;
  @FXML Label approvalNeededLabel;
  @FXML Button approveHereOpenButton;
  @FXML HBox receiptBox;
  @FXML Label lastPostingLabel;
  @FXML Button printReceiptButton;
  @FXML Label controlsMessage;

  @FXML
  private void initialize() {
    for (var box : new HBox[] {approvalBox, receiptBox}) {
      box.managedProperty().bind(box.visibleProperty());
      box.setVisible(false);
    }
  }
}
