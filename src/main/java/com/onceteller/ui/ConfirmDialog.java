package com.onceteller.ui;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;

/**
 * Asks before an action that cannot be taken back. The safe answer is the default, so Enter (or
 * Esc) keeps things as they are; the action needs its own button (Tab to it, or its mnemonic).
 */
public final class ConfirmDialog {

  private ConfirmDialog() {}

  /**
   * Shows the question without blocking; {@code onYes} runs on the FX thread if the teller chose
   * {@code actionLabel}.
   *
   * @param id the dialog pane's id (tests find it by {@code #id}); the action button is {@code id +
   *     "Yes"}, the safe one {@code id + "No"}
   */
  public static void ask(
      Node owner,
      String id,
      String headline,
      String detail,
      String actionLabel,
      String keepLabel,
      Runnable onYes) {
    ButtonType yes = new ButtonType(actionLabel, ButtonBar.ButtonData.OTHER);
    ButtonType no = new ButtonType(keepLabel, ButtonBar.ButtonData.CANCEL_CLOSE);
    Alert alert = new Alert(Alert.AlertType.CONFIRMATION, detail, yes, no);
    if (owner != null && owner.getScene() != null) {
      alert.initOwner(owner.getScene().getWindow());
    }
    alert.setTitle("OnceTeller");
    alert.setHeaderText(headline);
    alert.getDialogPane().setId(id);
    alert.getDialogPane().setPrefWidth(520);
    Button yesButton = (Button) alert.getDialogPane().lookupButton(yes);
    Button noButton = (Button) alert.getDialogPane().lookupButton(no);
    yesButton.setId(id + "Yes");
    noButton.setId(id + "No");
    yesButton.setDefaultButton(false);
    noButton.setDefaultButton(true);
    alert.setOnShown(e -> noButton.requestFocus());
    alert.setOnHidden(
        e -> {
          if (alert.getResult() == yes) {
            onYes.run();
          }
        });
    alert.show();
  }
}
