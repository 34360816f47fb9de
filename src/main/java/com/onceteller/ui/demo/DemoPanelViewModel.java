package com.onceteller.ui.demo;

import com.onceteller.demo.Fault;
import com.onceteller.demo.FaultPlan;
import java.time.Duration;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The demonstration panel's own controls: arm a fault for the next attempt (the teller then sends
 * from the form). Scripted scenarios are played by the {@link ScenarioPlayerViewModel}. Only built
 * in demo mode.
 */
public final class DemoPanelViewModel {

  private final FaultPlan faults;
  private final ObjectProperty<Fault> fault = new SimpleObjectProperty<>(this, "fault", Fault.NONE);
  private final StringProperty slowMillis = new SimpleStringProperty(this, "slowMillis", "4000");
  private final ReadOnlyStringWrapper armed = new ReadOnlyStringWrapper("No fault armed.");

  public DemoPanelViewModel(FaultPlan faults) {
    this.faults = faults;
  }

  public ObjectProperty<Fault> faultProperty() {
    return fault;
  }

  public StringProperty slowMillisProperty() {
    return slowMillis;
  }

  public ReadOnlyStringProperty armedProperty() {
    return armed.getReadOnlyProperty();
  }

  /** A scenario started: whatever was armed by hand was replaced by the scenario's own fault. */
  public void scenarioStarted() {
    armed.set("No fault armed (a scenario arms its own).");
  }

  /** Arms the chosen fault for the next attempt that reaches the transport. */
  public void arm() {
    Fault f = fault.get() == null ? Fault.NONE : fault.get();
    if (f == Fault.NONE) {
      faults.disarm();
      armed.set("No fault armed.");
      return;
    }
    long ms;
    try {
      ms = Long.parseLong(slowMillis.get().strip());
    } catch (NumberFormatException | NullPointerException e) {
      armed.set("The slowness must be a number of milliseconds.");
      return;
    }
    if (ms < 0 || ms > 60_000) {
      armed.set("The slowness must be between 0 and 60000 ms.");
      return;
    }
    faults.arm(f, Duration.ofMillis(ms));
    armed.set(
        "Armed for the next attempt: "
            + f.label()
            + (f == Fault.SLOW_SERVICE ? " (" + ms + " ms)" : "")
            + ". Now send a transfer from the form.");
  }
}
