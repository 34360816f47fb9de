package com.onceteller.ui.endofday;

import com.onceteller.domain.EndOfDayReport;
import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

/** The end-of-day window. */
public final class EndOfDayView extends FxmlView {

  private final EndOfDayViewModel vm;

  @FXML private Label endOfDayTitle;
  @FXML private TextArea endOfDayReport;
  @FXML private ListView<EndOfDayReport.InDoubtItem> inDoubtItems;
  @FXML private TextField signOffSupervisorField;
  @FXML private PasswordField signOffPasswordField;
  @FXML private TextField signOffReasonField;
  @FXML private Button signOffItemButton;
  @FXML private Button closeDayButton;
  @FXML private Label endOfDayMessage;

  public EndOfDayView(EndOfDayViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    endOfDayTitle.setText(vm.branch() ? "End of the business day" : "End of your day");
    closeDayButton.setText(vm.branch() ? "Close the business day" : "Close my day");
    endOfDayReport.textProperty().bind(vm.reportProperty());
    inDoubtItems.setItems(vm.inDoubt());
    inDoubtItems.setPlaceholder(new Label("No transfer in doubt on this desk."));
    inDoubtItems.setCellFactory(
        lv ->
            new ListCell<>() {
              @Override
              protected void updateItem(EndOfDayReport.InDoubtItem i, boolean empty) {
                super.updateItem(i, empty);
                setText(
                    empty || i == null
                        ? null
                        : i.key().shortForm()
                            + "  "
                            + (i.tellerId() == null ? "(earlier version)" : i.tellerId())
                            + "  "
                            + (i.request() == null ? "" : i.request().amount().format())
                            + "  ledger: "
                            + i.ledgerState());
              }
            });
    signOffSupervisorField.textProperty().bindBidirectional(vm.supervisorIdProperty());
    signOffPasswordField.textProperty().bindBidirectional(vm.supervisorPasswordProperty());
    signOffReasonField.textProperty().bindBidirectional(vm.reasonProperty());
    signOffItemButton.setOnAction(
        e -> vm.signOff(inDoubtItems.getSelectionModel().getSelectedItem()));
    closeDayButton.disableProperty().bind(vm.closableProperty().not());
    closeDayButton.setOnAction(e -> vm.close());
    endOfDayMessage.textProperty().bind(vm.messageProperty());
  }
}
