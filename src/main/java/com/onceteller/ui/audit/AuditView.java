package com.onceteller.ui.audit;

import com.onceteller.domain.AuditEvent;
import com.onceteller.domain.AuditEventType;
import com.onceteller.ui.FxmlView;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/** The audit trail search. */
public final class AuditView extends FxmlView {

  private final AuditViewModel vm;

  @FXML private TextField auditUserField;
  @FXML private TextField auditAffectedField;
  @FXML private ComboBox<AuditEventType> auditTypeBox;
  @FXML private CheckBox auditFailuresBox;
  @FXML private Button auditSearchButton;
  @FXML private Button auditExportButton;
  @FXML private TableView<AuditEvent> auditTable;
  @FXML private TableColumn<AuditEvent, String> aTime;
  @FXML private TableColumn<AuditEvent, String> aUser;
  @FXML private TableColumn<AuditEvent, String> aType;
  @FXML private TableColumn<AuditEvent, String> aOk;
  @FXML private TableColumn<AuditEvent, String> aOrigin;
  @FXML private TableColumn<AuditEvent, String> aAffected;
  @FXML private TableColumn<AuditEvent, String> aDetail;
  @FXML private Label auditMessage;

  public AuditView(AuditViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    auditUserField.textProperty().bindBidirectional(vm.userIdProperty());
    auditAffectedField.textProperty().bindBidirectional(vm.affectedProperty());
    auditTypeBox.getItems().add(null);
    auditTypeBox.getItems().addAll(AuditEventType.values());
    auditTypeBox.valueProperty().bindBidirectional(vm.typeProperty());
    auditFailuresBox.selectedProperty().bindBidirectional(vm.failuresOnlyProperty());
    auditSearchButton.setOnAction(e -> vm.search());
    auditExportButton.setOnAction(e -> vm.export());
    auditTable.setItems(vm.rows());
    col(aTime, e -> e.occurredAt().toString());
    col(aUser, AuditEvent::userId);
    col(aType, e -> e.type().name());
    col(aOk, e -> e.success() ? "yes" : "NO");
    col(aOrigin, AuditEvent::workstation);
    col(aAffected, AuditEvent::affected);
    col(aDetail, AuditEvent::detail);
    auditMessage.textProperty().bind(vm.messageProperty());
  }

  private static void col(TableColumn<AuditEvent, String> c, Function<AuditEvent, String> f) {
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
  }
}
