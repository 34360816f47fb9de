package com.onceteller.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads the FXML that pairs with a view by name (afterburner.fx convention): {@code
 * com.onceteller.ui.transfer.TransferFormView} loads {@code
 * /com/onceteller/ui/transfer/TransferForm.fxml}. The controller is the view instance itself, built
 * by the caller with its view-model (constructor injection), so the FXML has no fx:controller.
 */
public final class ViewLoader {

  private ViewLoader() {}

  public static Parent load(Object view) {
    Class<?> type = view.getClass();
    String name = type.getSimpleName();
    if (!name.endsWith("View")) {
      throw new IllegalArgumentException(name + " does not follow the XxxView naming");
    }
    String fxml = name.substring(0, name.length() - "View".length()) + ".fxml";
    URL url = type.getResource(fxml);
    if (url == null) {
      throw new IllegalStateException("missing FXML " + fxml + " next to " + type.getName());
    }
    FXMLLoader loader = new FXMLLoader(url);
    loader.setController(view);
    try {
      return loader.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + url, e);
    }
  }
}
