package com.onceteller.ui.demo;

import com.onceteller.demo.Fault;
import com.onceteller.demo.FaultPlan;
import com.onceteller.demo.Scenario;
import com.onceteller.demo.ScenarioReport;
import com.onceteller.demo.ScenarioRunner;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.ui.TaskRunner;
import java.time.Duration;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The demonstration panel: arm a fault for the next attempt (the form's or a scenario's), or run a
 * scripted scenario end to end, then show the balances before and after and whether money moved at
 * most once. Only built in demo mode.
 */
public final class DemoPanelViewModel {

  private final FaultPlan faults;
  private final ScenarioRunner runner;
  private final TaskRunner tasks;
  private final Consumer<IdempotencyKey> afterScenario;
  private final ObjectProperty<Fault> fault = new SimpleObjectProperty<>(this, "fault", Fault.NONE);
  private final StringProperty slowMillis = new SimpleStringProperty(this, "slowMillis", "4000");
  private final ReadOnlyStringWrapper armed = new ReadOnlyStringWrapper("No fault armed.");
  private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
  private final BooleanProperty running = new SimpleBooleanProperty(this, "running");

  public DemoPanelViewModel(
      FaultPlan faults,
      ScenarioRunner runner,
      TaskRunner tasks,
      Consumer<IdempotencyKey> afterScenario) {
    this.faults = faults;
    this.runner = runner;
    this.tasks = tasks;
    this.afterScenario = afterScenario;
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

  public ReadOnlyStringProperty resultProperty() {
    return result.getReadOnlyProperty();
  }

  public BooleanProperty runningProperty() {
    return running;
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
            + ".");
  }

  /** Runs a scripted scenario in the background. */
  public void run(Scenario scenario) {
    if (running.get()) {
      return;
    }
    running.set(true);
    result.set("Running \"" + scenario.description() + "\"…");
    tasks.run(
        () -> runner.run(scenario, new RetryingSubmission.Listener() {}),
        report -> {
          running.set(false);
          armed.set("No fault armed.");
          result.set(describe(report));
          afterScenario.accept(report.key());
        },
        e -> {
          running.set(false);
          result.set("The scenario failed to run: " + e);
        });
  }

  static String describe(ScenarioReport r) {
    return r.scenario().description()
        + "\n"
        + r.verdict()
        + "\nFrom: "
        + r.fromBefore().balance().format()
        + " → "
        + r.fromAfter().balance().format()
        + "   To: "
        + r.toBefore().balance().format()
        + " → "
        + r.toAfter().balance().format()
        + "   postings for the key: "
        + r.postingsForKey();
  }
}
