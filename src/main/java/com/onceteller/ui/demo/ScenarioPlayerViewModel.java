package com.onceteller.ui.demo;

import com.onceteller.demo.Fault;
import com.onceteller.demo.Scenario;
import com.onceteller.demo.ScenarioScript;
import com.onceteller.demo.ScenarioStep;
import com.onceteller.demo.ScenarioVerdict;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Plays a demonstration on the teller's own form, live and step by step: each step of the script
 * happens on the real form and retry panel while its sentence is shown; the trainer can pause
 * between steps and do one step at a time. The verdict stays on screen until the next scenario
 * starts or it is dismissed.
 */
public final class ScenarioPlayerViewModel {

  /** What a demonstration does on the desk it plays on (the desktop's form implements it). */
  public interface Desk {
    /** A new transfer on the form, its timeline titled {@code title}; returns the new key. */
    IdempotencyKey newTransfer(String title, String fileStem);

    /** Fills the form; {@code filled} runs once both accounts are chosen. */
    void fill(TransferRequest request, Runnable filled);

    void arm(Fault fault, Duration slowness, IdempotencyKey key);

    /** Presses Send; false if the form refused (the form then says why). */
    boolean send();

    /** Presses Send, and sends the unguarded second click once attempt 1 is on its way. */
    boolean sendTwice();

    /** One attempt of the form's key with changed details, from a client without guards. */
    void resendChanged(TransferRequest changed);

    /** Runs {@code answered} once every send of the current transfer has its answer. */
    void whenAnswered(Runnable answered);

    /** Reads the balances and postings, in the background; then {@code done} on the UI thread. */
    void verdict(Consumer<ScenarioVerdict> done, Consumer<Throwable> failed);
  }

  /** Waits between steps while playing (a timer in the app; at once in tests). */
  @FunctionalInterface
  public interface Pacer {
    void after(Duration pause, Runnable next);
  }

  /** A step as the panel lists it. */
  public record StepRow(int number, String says, Status status) {
    /** Where the step stands. */
    public enum Status {
      TO_DO,
      RUNNING,
      DONE
    }
  }

  /** The verdict card: what the scenario showed, in words, and whether it passed. */
  public record Result(Scenario scenario, boolean ok, String headline, String detail) {}

  static final Duration PAUSE = Duration.ofMillis(1_600);

  private final Desk desk;
  private final Pacer pacer;
  private final Duration clientTimeout;
  private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<Scenario> scenario = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(-1);
  private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper stepping = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>();
  private List<ScenarioStep> script = List.of();
  private int next;
  private IdempotencyKey key;
  private long run; // a paced step of an earlier run never fires into a newer one

  public ScenarioPlayerViewModel(Desk desk, Pacer pacer, Duration clientTimeout) {
    this.desk = desk;
    this.pacer = pacer;
    this.clientTimeout = clientTimeout;
  }

  public ObservableList<StepRow> steps() {
    return steps;
  }

  public ReadOnlyObjectProperty<Scenario> scenarioProperty() {
    return scenario.getReadOnlyProperty();
  }

  /** The index of the step running or about to run (-1 before the first). */
  public ReadOnlyIntegerProperty currentProperty() {
    return current.getReadOnlyProperty();
  }

  /** True while steps follow each other by themselves. */
  public ReadOnlyBooleanProperty playingProperty() {
    return playing.getReadOnlyProperty();
  }

  /** True from the start of a scenario until its verdict. */
  public ReadOnlyBooleanProperty activeProperty() {
    return active.getReadOnlyProperty();
  }

  /** True while a step is being carried out (Next step waits for it). */
  public ReadOnlyBooleanProperty steppingProperty() {
    return stepping.getReadOnlyProperty();
  }

  /** "Step 4 of 7: Press Send: …", or where it ended. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The last verdict; stays until the next scenario starts or it is dismissed. */
  public ReadOnlyObjectProperty<Result> resultProperty() {
    return result.getReadOnlyProperty();
  }

  /** Starts {@code s} from its first step; {@code stepByStep} waits for "Next step" each time. */
  public void start(Scenario s, boolean stepByStep) {
    run++;
    scenario.set(s);
    script = ScenarioScript.steps(s, clientTimeout);
    steps.clear();
    for (int i = 0; i < script.size(); i++) {
      steps.add(new StepRow(i + 1, script.get(i).says(), StepRow.Status.TO_DO));
    }
    result.set(null);
    next = 0;
    key = null;
    current.set(0);
    active.set(true);
    stepping.set(false);
    playing.set(!stepByStep);
    status.set(
        stepByStep
            ? "Ready: press Next step (F6) for step 1 of " + script.size() + "."
            : "Playing " + s.description() + ".");
    if (!stepByStep) {
      doNext();
    }
  }

  /** Plays on from the next step (F5 toggles). */
  public void play() {
    if (!active.get() || playing.get()) {
      return;
    }
    playing.set(true);
    if (!stepping.get()) {
      doNext();
    }
  }

  /** Stops after the step in progress (F5 toggles). */
  public void pause() {
    if (playing.get()) {
      playing.set(false);
      if (active.get()) {
        status.set("Paused before step " + (next + 1) + ". Next step (F6) or Play (F5).");
      }
    }
  }

  public void togglePlay() {
    if (playing.get()) {
      pause();
    } else {
      play();
    }
  }

  /** Does the next step now (paused: one step; playing: skips the wait). */
  public void step() {
    if (active.get() && !stepping.get()) {
      doNext();
    }
  }

  public void dismissResult() {
    result.set(null);
  }

  private void doNext() {
    if (next >= script.size() || stepping.get()) {
      return;
    }
    int i = next++;
    ScenarioStep s = script.get(i);
    current.set(i);
    stepping.set(true);
    steps.set(i, new StepRow(i + 1, s.says(), StepRow.Status.RUNNING));
    status.set("Step " + (i + 1) + " of " + script.size() + ": " + s.says());
    long thisRun = run;
    carryOut(s, () -> stepDone(thisRun, i));
  }

  private void stepDone(long thisRun, int i) {
    if (thisRun != run) {
      return;
    }
    steps.set(i, new StepRow(i + 1, script.get(i).says(), StepRow.Status.DONE));
    stepping.set(false);
    if (next >= script.size()) {
      return; // the verdict ends the run
    }
    if (playing.get()) {
      pacer.after(
          PAUSE,
          () -> {
            if (thisRun == run && playing.get() && !stepping.get()) {
              doNext();
            }
          });
    } else {
      status.set(
          "Done step "
              + (i + 1)
              + ". Next: step "
              + (next + 1)
              + " of "
              + script.size()
              + " — Next step (F6) or Play (F5).");
    }
  }

  private void carryOut(ScenarioStep s, Runnable done) {
    switch (s.action()) {
      case NEW_TRANSFER -> {
        key =
            desk.newTransfer("Scenario: " + scenario.get().description(), scenario.get().cliName());
        done.run();
      }
      case FILL -> desk.fill(s.request(), done);
      case ARM -> {
        desk.arm(s.fault(), s.slowness(), key);
        done.run();
      }
      case SEND -> sent(desk.send(), done);
      case SEND_TWICE -> sent(desk.sendTwice(), done);
      case AWAIT_ANSWER -> desk.whenAnswered(done);
      case RESEND_CHANGED -> {
        desk.resendChanged(s.request());
        done.run();
      }
      case VERDICT -> desk.verdict(v -> finish(v, done), this::failed);
    }
  }

  private void sent(boolean accepted, Runnable done) {
    if (accepted) {
      done.run();
    } else {
      failed(new IllegalStateException("the form did not send (see its status)"));
    }
  }

  private void finish(ScenarioVerdict v, Runnable done) {
    done.run();
    playing.set(false);
    active.set(false);
    result.set(
        new Result(
            scenario.get(),
            v.movedAtMostOnce(),
            v.headline(),
            scenario.get().description()
                + "\n"
                + v.balances()
                + "\nPostings for key "
                + key.shortForm()
                + ": "
                + v.postingsForKey()));
    status.set("Finished: " + scenario.get().description() + ".");
  }

  private void failed(Throwable e) {
    run++;
    playing.set(false);
    active.set(false);
    stepping.set(false);
    Scenario s = scenario.get();
    result.set(
        new Result(
            s,
            false,
            "The demonstration stopped",
            (s == null ? "" : s.description() + ": ") + e.getMessage()));
    status.set("Stopped: " + e.getMessage());
  }
}
