package com.onceteller.ui;

import javafx.application.Platform;

/** The JavaFX Application Thread. */
public final class FxUiThread implements UiThread {

  public static final FxUiThread INSTANCE = new FxUiThread();

  private FxUiThread() {}

  @Override
  public void run(Runnable change) {
    if (Platform.isFxApplicationThread()) {
      change.run();
    } else {
      Platform.runLater(change);
    }
  }
}
