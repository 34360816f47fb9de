package com.onceteller.ui;

import javafx.scene.Parent;

/**
 * A view whose node tree comes from the FXML file named after it (afterburner.fx convention: {@code
 * TransferFormView} loads {@code TransferForm.fxml} beside it), loaded once, on first use.
 */
public abstract class FxmlView {

  private Parent root;

  public final Parent root() {
    if (root == null) {
      root = ViewLoader.load(this);
      loaded(root);
    }
    return root;
  }

  /** Called once, right after the FXML is loaded and the controller initialised. */
  protected void loaded(Parent root) {}
}
