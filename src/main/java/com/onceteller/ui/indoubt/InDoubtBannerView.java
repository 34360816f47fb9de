package com.onceteller.ui.indoubt;

import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/** The "N transfers in doubt" banner: shown while the outbox holds unresolved transfers. */
public final class InDoubtBannerView extends FxmlView {

  private final InDoubtViewModel vm;

  @FXML private Label inDoubtTitle;
  @FXML private ListView<InDoubtRow> inDoubtList;
  @FXML private Button resolveButton;
  @FXML private Button abandonInDoubtButton;
  @FXML private Label inDoubtAnswer;
  @FXML private javafx.scene.layout.HBox inDoubtHeader;
  @FXML private javafx.scene.layout.HBox inDoubtButtons;
  @FXML private Button dismissAnswerButton;

  public InDoubtBannerView(InDoubtViewModel vm) {
    this.vm = vm;
  }

  @Override
  protected void loaded(Parent root) {
    root.visibleProperty().bind(vm.visibleProperty());
    root.managedProperty().bind(root.visibleProperty());
  }

  @FXML
  private void initialize() {
    inDoubtTitle.textProperty().bind(vm.bannerProperty());
    inDoubtList.setItems(vm.rows());
    inDoubtList.setCellFactory(
        lv ->
            new ListCell<>() {
              @Override
              protected void updateItem(InDoubtRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.summary() + "   — " + r.status());
              }
            });
    vm.rows()
        .addListener(
            (javafx.collections.ListChangeListener<InDoubtRow>)
                c -> {
                  if (inDoubtList.getSelectionModel().isEmpty() && !vm.rows().isEmpty()) {
                    inDoubtList.getSelectionModel().selectFirst();
                  }
                });
    var nothingSelected = inDoubtList.getSelectionModel().selectedItemProperty().isNull();
    resolveButton.disableProperty().bind(nothingSelected);
    abandonInDoubtButton.disableProperty().bind(nothingSelected);
    resolveButton.setOnAction(e -> vm.resolve(inDoubtList.getSelectionModel().getSelectedItem()));
    abandonInDoubtButton.setOnAction(e -> confirmAbandon());
    inDoubtAnswer.textProperty().bind(vm.lastAnswerProperty());
    // With nothing left in doubt only the last answer stays, on one line, until dismissed: no
    // empty list keeps its height.
    var anyRows = javafx.beans.binding.Bindings.isNotEmpty(vm.rows());
    for (javafx.scene.Node n :
        new javafx.scene.Node[] {inDoubtHeader, inDoubtList, inDoubtButtons}) {
      n.visibleProperty().bind(anyRows);
      n.managedProperty().bind(anyRows);
    }
    var answer = inDoubtAnswer.getParent();
    answer.visibleProperty().bind(vm.lastAnswerProperty().isNotEmpty());
    answer.managedProperty().bind(answer.visibleProperty());
    dismissAnswerButton.visibleProperty().bind(anyRows.not());
    dismissAnswerButton.managedProperty().bind(dismissAnswerButton.visibleProperty());
    dismissAnswerButton.setOnAction(e -> vm.dismissAnswer());
  }

  /** Abandoning is asked first: it says what happens, and Enter keeps the transfer. */
  private void confirmAbandon() {
    InDoubtRow row = inDoubtList.getSelectionModel().getSelectedItem();
    if (row == null) {
      return;
    }
    var q = vm.abandonQuestion(row);
    com.onceteller.ui.ConfirmDialog.ask(
        abandonInDoubtButton,
        "abandonInDoubtDialog",
        q.headline(),
        q.detail(),
        "_Abandon it",
        "Keep it",
        () -> vm.abandon(row));
  }
}
