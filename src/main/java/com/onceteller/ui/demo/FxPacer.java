package com.onceteller.ui.demo;

import java.time.Duration;
import javafx.animation.PauseTransition;

/** Waits between a demonstration's steps with a JavaFX timer: nothing blocks the FX thread. */
public final class FxPacer implements ScenarioPlayerViewModel.Pacer {

  @Override
  public void after(Duration pause, Runnable next) {
    PauseTransition p = new PauseTransition(javafx.util.Duration.millis(pause.toMillis()));
    p.setOnFinished(e -> next.run());
    p.play();
  }
}
