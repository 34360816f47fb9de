package com.onceteller.ui.transfer;

import com.onceteller.domain.AccountSummary;
import com.onceteller.ui.FxmlView;
import com.onceteller.ui.Styles;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.VBox;

/** Binds the transfer form to its view-model; no logic of its own. */
public final class TransferFormView extends FxmlView {

  private final TransferFormViewModel vm;

  @FXML private TextField fromField;
  @FXML private Label fromDetails;
  @FXML private ListView<AccountSummary> fromSuggestions;
  @FXML private Label fromError;
  @FXML private TextField toField;
  @FXML private Label toDetails;
  @FXML private ListView<AccountSummary> toSuggestions;
  @FXML private Label toError;
  @FXML private TextField amountField;
  @FXML private Label amountFormatted;
  @FXML private Label amountError;
  @FXML private TextField memoField;
  @FXML private Label memoError;
  @FXML private Label keyLabel;
  @FXML private Button copyKeyButton;
  @FXML private Label formError;
  @FXML private Button submitButton;
  @FXML private Button newTransferButton;
  @FXML private ProgressIndicator sendingIndicator;
  @FXML private VBox statusBox;
  @FXML private Label statusHeadline;
  @FXML private Label statusDetail;
  @FXML private VBox changedBox;
  @FXML private Button resendOriginalButton;
  @FXML private Button abandonButton;

  public TransferFormView(TransferFormViewModel vm) {
    this.vm = vm;
  }

  public void focusFirstField() {
    fromField.requestFocus();
  }

  @FXML
  private void initialize() {
    bindPicker(vm.from(), fromField, fromDetails, fromSuggestions, fromError, toField);
    bindPicker(vm.to(), toField, toDetails, toSuggestions, toError, amountField);
    amountField.textProperty().bindBidirectional(vm.amountTextProperty());
    amountFormatted.textProperty().bind(vm.amountFormattedProperty());
    bindError(amountField, amountError, vm.amountProblemProperty());
    memoField.textProperty().bindBidirectional(vm.memoProperty());
    bindError(memoField, memoError, vm.memoProblemProperty());
    formError.textProperty().bind(vm.formProblemProperty());
    hideWhenEmpty(formError);

    keyLabel
        .textProperty()
        .bind(Bindings.createStringBinding(() -> vm.key().shortForm(), vm.keyProperty()));
    keyLabel
        .tooltipProperty()
        .bind(
            Bindings.createObjectBinding(
                () -> new javafx.scene.control.Tooltip(vm.key().toString()), vm.keyProperty()));
    copyKeyButton.setOnAction(
        e -> {
          ClipboardContent c = new ClipboardContent();
          c.putString(vm.key().toString());
          Clipboard.getSystemClipboard().setContent(c);
        });

    for (var field : new javafx.scene.Node[] {fromField, toField, amountField, memoField}) {
      field.disableProperty().bind(vm.fieldsDisabled());
    }
    submitButton.disableProperty().bind(vm.submitDisabled());
    submitButton.setOnAction(e -> vm.submit());
    newTransferButton.setOnAction(
        e -> {
          vm.newTransfer();
          fromField.requestFocus();
        });
    sendingIndicator.visibleProperty().bind(vm.busyProperty());

    statusHeadline.textProperty().bind(vm.headlineProperty());
    statusDetail.textProperty().bind(vm.detailProperty());
    vm.stateProperty().addListener((o, a, s) -> styleState(s));
    styleState(vm.state());

    changedBox.visibleProperty().bind(vm.changedAfterUnknownProperty());
    changedBox.managedProperty().bind(changedBox.visibleProperty());
    resendOriginalButton.setOnAction(e -> vm.resendOriginal());
    abandonButton.setOnAction(e -> vm.abandonAndStartNew());
  }

  private void styleState(FormState s) {
    statusBox.getStyleClass().removeAll(Styles.STATES);
    statusBox.getStyleClass().add(styleOf(s));
  }

  static String styleOf(FormState s) {
    return switch (s) {
      case DRAFT -> Styles.STATE_DRAFT;
      case SENDING -> Styles.STATE_SENDING;
      case POSTED -> Styles.STATE_OK;
      case ALREADY_POSTED -> Styles.STATE_REPLAY;
      case RETRY_WAIT, IN_DOUBT, NOT_EXECUTED, NOT_SENT -> Styles.STATE_WARN;
      case REJECTED, KEY_REUSED, INVALID -> Styles.STATE_DANGER;
    };
  }

  private void bindPicker(
      AccountPickerViewModel picker,
      TextField field,
      Label details,
      ListView<AccountSummary> list,
      Label error,
      javafx.scene.Node next) {
    field.textProperty().bindBidirectional(picker.textProperty());
    details.textProperty().bind(picker.detailsProperty());
    list.setItems(picker.suggestions());
    list.setCellFactory(
        lv ->
            new ListCell<>() {
              @Override
              protected void updateItem(AccountSummary a, boolean empty) {
                super.updateItem(a, empty);
                setText(
                    empty || a == null
                        ? null
                        : a.prettyNumber() + "  " + a.holder() + "  " + a.currency());
              }
            });
    list.visibleProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> !picker.suggestions().isEmpty() && picker.chosen() == null,
                picker.suggestions(),
                picker.chosenProperty()));
    list.managedProperty().bind(list.visibleProperty());
    bindError(field, error, picker.problemProperty());
    // Keyboard: Down goes into the suggestions, Enter picks one and moves on.
    field.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (e.getCode() == KeyCode.DOWN && list.isVisible()) {
            list.requestFocus();
            list.getSelectionModel().selectFirst();
            e.consume();
          } else if (e.getCode() == KeyCode.ENTER
              && picker.chosen() == null
              && !picker.suggestions().isEmpty()) {
            picker.choose(picker.suggestions().get(0));
            next.requestFocus();
            e.consume();
          }
        });
    list.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
            picker.choose(list.getSelectionModel().getSelectedItem());
            next.requestFocus();
            e.consume();
          } else if (e.getCode() == KeyCode.ESCAPE) {
            field.requestFocus();
            e.consume();
          }
        });
    list.addEventHandler(
        MouseEvent.MOUSE_CLICKED,
        e -> {
          if (list.getSelectionModel().getSelectedItem() != null) {
            picker.choose(list.getSelectionModel().getSelectedItem());
            next.requestFocus();
          }
        });
  }

  static void bindError(
      javafx.scene.Node field, Label label, javafx.beans.value.ObservableStringValue problem) {
    label.textProperty().bind(problem);
    hideWhenEmpty(label);
    problem.addListener(
        (o, a, p) -> {
          field.getStyleClass().remove(Styles.FIELD_ERROR);
          if (p != null && !p.isEmpty()) {
            field.getStyleClass().add(Styles.FIELD_ERROR);
          }
        });
  }

  static void hideWhenEmpty(Label label) {
    label.visibleProperty().bind(label.textProperty().isNotEmpty());
    label.managedProperty().bind(label.visibleProperty());
  }
}
