package com.onceteller.ui.transfer;

import com.onceteller.desk.timeline.Words;
import com.onceteller.domain.AccountSummary;
import com.onceteller.ui.ConfirmDialog;
import com.onceteller.ui.FxmlView;
import com.onceteller.ui.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Binds the transfer form to its view-model; no logic beyond focus and placing suggestions. */
public final class TransferFormView extends FxmlView {

  private static final double SUGGESTIONS_HEIGHT = 150;

  private final TransferFormViewModel vm;

  @FXML private GridPane fieldGrid;
  @FXML private Label fromLabel;
  @FXML private Label toLabel;
  @FXML private Label amountLabel;
  @FXML private Label memoLabel;
  @FXML private TextField fromField;
  @FXML private Label fromDetails;
  @FXML private ListView<AccountSummary> fromSuggestions;
  @FXML private Label fromError;
  @FXML private Label fromWarning;
  @FXML private TextField toField;
  @FXML private Label toDetails;
  @FXML private ListView<AccountSummary> toSuggestions;
  @FXML private Label toError;
  @FXML private Label toWarning;
  @FXML private TextField amountField;
  @FXML private Label amountFormatted;
  @FXML private Label amountError;
  @FXML private Label amountWarning;
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

  /** Moves the keyboard focus to {@code field} (the first field in error, a mnemonic). */
  public void focus(TransferFields.Field field) {
    TextField f = fieldOf(field);
    f.requestFocus();
    f.selectAll();
  }

  private TextField fieldOf(TransferFields.Field field) {
    return switch (field) {
      case FROM -> fromField;
      case TO -> toField;
      case AMOUNT -> amountField;
      case MEMO -> memoField;
    };
  }

  @FXML
  private void initialize() {
    bindPicker(vm.from(), fromField, fromDetails, fromSuggestions, fromError, toField);
    bindPicker(vm.to(), toField, toDetails, toSuggestions, toError, amountField);
    bindMessage(fromWarning, vm.fields().fromWarningProperty());
    bindMessage(toWarning, vm.fields().toWarningProperty());
    amountField.textProperty().bindBidirectional(vm.amountTextProperty());
    amountFormatted.textProperty().bind(vm.amountFormattedProperty());
    bindError(amountField, amountError, vm.amountProblemProperty());
    bindMessage(amountWarning, vm.fields().amountWarningProperty());
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
            Bindings.createObjectBinding(() -> new Tooltip(vm.key().toString()), vm.keyProperty()));
    copyKeyButton.setOnAction(
        e -> {
          ClipboardContent c = new ClipboardContent();
          c.putString(vm.key().toString());
          Clipboard.getSystemClipboard().setContent(c);
        });

    for (Node field : new Node[] {fromField, toField, amountField, memoField}) {
      field.disableProperty().bind(vm.fieldsDisabled());
    }
    submitButton.disableProperty().bind(vm.submitDisabled());
    submitButton.setOnAction(e -> vm.submit());
    newTransferButton.setOnAction(
        e -> {
          vm.newTransfer();
          fromField.requestFocus();
        });
    newTransferButton.setTooltip(new Tooltip("Clear the form and mint a new key (Ctrl+N)"));
    sendingIndicator.visibleProperty().bind(vm.busyProperty());
    vm.addFocusListener(this::focus);

    statusHeadline.textProperty().bind(vm.headlineProperty());
    statusDetail.textProperty().bind(vm.detailProperty());
    vm.stateProperty().addListener((o, a, s) -> styleState(s));
    styleState(vm.state());

    changedBox.visibleProperty().bind(vm.changedAfterUnknownProperty());
    changedBox.managedProperty().bind(changedBox.visibleProperty());
    resendOriginalButton.setOnAction(e -> vm.resendOriginal());
    abandonButton.setOnAction(e -> confirmAbandon());

    // Alt+F/T/A/M. Set here, not in the FXML: there "$memoField" is read before the field exists
    // and comes out null, and a label's mnemonic without its field focuses nothing.
    fromLabel.setLabelFor(fromField);
    toLabel.setLabelFor(toField);
    amountLabel.setLabelFor(amountField);
    memoLabel.setLabelFor(memoField);
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
      case REJECTED, VOIDED, KEY_REUSED, INVALID -> Styles.STATE_DANGER;
    };
  }

  private void bindPicker(
      AccountPickerViewModel picker,
      TextField field,
      Label details,
      ListView<AccountSummary> list,
      Label error,
      Node next) {
    field.textProperty().bindBidirectional(picker.textProperty());
    details.textProperty().bind(picker.detailsProperty());
    hideWhenEmpty(details);
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
                        : a.holder() + "   " + a.prettyNumber() + "   " + a.currency());
              }
            });
    list.visibleProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> !picker.suggestions().isEmpty() && picker.chosen() == null,
                picker.suggestions(),
                picker.chosenProperty()));
    list.setViewOrder(-1); // drawn over the rows below it
    Runnable place =
        () ->
            list.resizeRelocate(
                field.getBoundsInParent().getMinX(),
                field.getBoundsInParent().getMaxY() + 1,
                field.getWidth(),
                Math.min(SUGGESTIONS_HEIGHT, 8 + 26 * Math.max(1, picker.suggestions().size())));
    field.boundsInParentProperty().addListener((o, a, b) -> place.run());
    picker
        .suggestions()
        .addListener((javafx.collections.ListChangeListener<AccountSummary>) c -> place.run());
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

  static void bindError(Node field, Label label, ObservableStringValue problem) {
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

  private static void bindMessage(Label label, ObservableStringValue text) {
    label.textProperty().bind(text);
    hideWhenEmpty(label);
  }

  static void hideWhenEmpty(Label label) {
    label.visibleProperty().bind(label.textProperty().isNotEmpty());
    label.managedProperty().bind(label.visibleProperty());
  }

  /** Abandoning is asked first: it says what happens, and Enter keeps the transfer. */
  private void confirmAbandon() {
    Words.Statement q = vm.abandonQuestion();
    if (q == null) {
      return;
    }
    ConfirmDialog.ask(
        abandonButton,
        "abandonDialog",
        q.headline(),
        q.detail(),
        "_Abandon and start new",
        "Keep it",
        vm::abandonAndStartNew);
  }
}
