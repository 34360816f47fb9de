package com.onceteller.ui.approval;

import com.onceteller.domain.PendingApproval;
import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;

/** The approval queue. */
public final class ApprovalQueueView extends FxmlView {

  private final ApprovalQueueViewModel vm;

  @FXML private ListView<PendingApproval> pendingList;
  @FXML private TextField queueReasonField;
  @FXML private Button approveButton;
  @FXML private Button declineButton;
  @FXML private Button reloadQueueButton;
  @FXML private Label queueMessage;

  public ApprovalQueueView(ApprovalQueueViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    pendingList.setItems(vm.pending());
    pendingList.setPlaceholder(new Label("Nothing waits for approval."));
    pendingList.setCellFactory(
        lv ->
            new ListCell<>() {
              @Override
              protected void updateItem(PendingApproval p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : vm.describe(p));
              }
            });
    queueReasonField.textProperty().bindBidirectional(vm.reasonProperty());
    approveButton.setOnAction(e -> vm.approve(pendingList.getSelectionModel().getSelectedItem()));
    declineButton.setOnAction(e -> vm.decline(pendingList.getSelectionModel().getSelectedItem()));
    reloadQueueButton.setOnAction(e -> vm.reload());
    queueMessage.textProperty().bind(vm.messageProperty());
  }
}
