package com.onceteller.ui.demo;

import com.onceteller.demo.Fault;
import com.onceteller.demo.FaultPlan;
import com.onceteller.demo.ScenarioVerdict;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.desk.timeline.TimelineListener;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerServices;
import com.onceteller.ui.desktop.TellerDesktop;
import com.onceteller.ui.timeline.FailureTimelineViewModel;
import com.onceteller.ui.transfer.FormState;
import com.onceteller.ui.transfer.TransferFormViewModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.value.ChangeListener;

/**
 * A demonstration's steps carried out on the teller's own form: the same fields, Send button, retry
 * panel and timeline a teller uses. The one thing the form would never do — send a key a second
 * time by itself — is done here as a client without guards would, and shown as such.
 */
final class FormDesk implements ScenarioPlayerViewModel.Desk {

  private TellerDesktop desktop;
  private TellerServices services;
  private final FailureTimelineViewModel timeline;
  private final Timeline events;
  private final FaultPlan faults;
  private final TaskRunner tasks;
  private final AtomicBoolean secondClickPending = new AtomicBoolean();
  private final List<Runnable> waiting = new ArrayList<>();
  private int rawInFlight;
  private AccountSummary fromBefore;
  private AccountSummary toBefore;
  private TransferRequest filled;

  FormDesk(FailureTimelineViewModel timeline, Timeline events, FaultPlan faults, TaskRunner tasks) {
    this.timeline = timeline;
    this.events = events;
    this.faults = faults;
    this.tasks = tasks;
  }

  /** The desktop is built after its panels: the desk learns its form once it exists. */
  void attach(TellerDesktop desktop) {
    this.desktop = desktop;
    this.services = desktop.services();
    form().addSettledListener(this::checkAnswered);
    // The second click leaves when the form's first attempt does: both are on their way at once.
    form()
        .addAttemptObserver(
            new RetryingSubmission.Listener() {
              @Override
              public void attemptStarted(Envelope e, Instant at) {
                if (e.attempt() == 1 && secondClickPending.compareAndSet(true, false)) {
                  // Leaves from here, before attempt 1 reaches the transport: on a busy machine a
                  // hop through the FX thread could let attempt 1 finish first.
                  secondClick(e, "1 · 2nd click");
                }
              }
            });
  }

  private TransferFormViewModel form() {
    return desktop.form();
  }

  @Override
  public IdempotencyKey newTransfer(String title, String fileStem) {
    desktop.newTransfer();
    timeline.show(form().key(), title, fileStem);
    return form().key();
  }

  @Override
  public void fill(TransferRequest r, Runnable done) {
    filled = r;
    form().amountTextProperty().set(r.amount().toDecimal().toPlainString());
    form().memoProperty().set(r.memoOrEmpty());
    List<ChangeListener<AccountSummary>> installed = new ArrayList<>();
    Runnable check =
        new Runnable() {
          boolean ran;

          @Override
          public void run() {
            AccountSummary f = form().from().chosen();
            AccountSummary t = form().to().chosen();
            if (!ran
                && f != null
                && t != null
                && f.number().equals(r.fromAccount())
                && t.number().equals(r.toAccount())) {
              ran = true;
              installed.forEach(
                  l -> {
                    form().from().chosenProperty().removeListener(l);
                    form().to().chosenProperty().removeListener(l);
                  });
              fromBefore = f;
              toBefore = t;
              // The amount is checked against the paying account's currency once it is known.
              form().fields().validateLive();
              done.run();
            }
          }
        };
    ChangeListener<AccountSummary> chosen = (o, a, b) -> check.run();
    installed.add(chosen);
    form().from().chosenProperty().addListener(chosen);
    form().to().chosenProperty().addListener(chosen);
    form().from().chooseNumber(r.fromAccount());
    form().to().chooseNumber(r.toAccount());
    check.run();
  }

  @Override
  public void arm(Fault fault, Duration slowness, IdempotencyKey key) {
    faults.arm(fault, slowness, key);
  }

  @Override
  public boolean send() {
    form().submit();
    return form().state() == FormState.SENDING;
  }

  @Override
  public boolean sendTwice() {
    secondClickPending.set(true);
    form().submit();
    form().submit(); // the form's own guard: this one sends nothing
    if (form().state() != FormState.SENDING) {
      secondClickPending.set(false);
      return false;
    }
    return true;
  }

  @Override
  public void resendChanged(TransferRequest changed) {
    rawSend(changed, "1 · changed amount");
  }

  /** One attempt of the form's key, outside its submission; shown in the retry panel as such. */
  /** The second click: same key, same details, sent at once from the attempt's own thread. */
  private void secondClick(Envelope first, String label) {
    Envelope e = new Envelope(first.key(), first.request(), 1);
    TimelineListener wire = new TimelineListener(events);
    Instant at = Instant.now();
    wire.attemptStarted(e, at);
    tasks
        .ui()
        .run(
            () -> {
              rawInFlight++;
              form().retry().extraStarted(label, at);
            });
    attemptOutsideTheForm(e, wire, label);
  }

  private void rawSend(TransferRequest details, String label) {
    IdempotencyKey key = form().key();
    Envelope e = new Envelope(key, details, 1);
    TimelineListener wire = new TimelineListener(events);
    rawInFlight++;
    form().retry().extraStarted(label, Instant.now());
    wire.attemptStarted(e, Instant.now());
    attemptOutsideTheForm(e, wire, label);
  }

  /**
   * Sends one attempt in the background; its row in the retry panel is finished on the FX thread.
   */
  private void attemptOutsideTheForm(Envelope e, TimelineListener wire, String label) {
    tasks.run(
        () -> {
          AttemptResult r = services.client().attempt(e);
          wire.attemptFinished(r);
          return r;
        },
        r -> {
          form().retry().extraFinished(label, r);
          rawInFlight--;
          checkAnswered();
        },
        err -> {
          rawInFlight--;
          checkAnswered();
        });
  }

  @Override
  public void whenAnswered(Runnable answered) {
    waiting.add(answered);
    checkAnswered();
  }

  private void checkAnswered() {
    FormState s = form().state();
    boolean formMoving = s == FormState.SENDING || s == FormState.RETRY_WAIT;
    if (formMoving || rawInFlight > 0 || secondClickPending.get() || waiting.isEmpty()) {
      return;
    }
    List<Runnable> ready = List.copyOf(waiting);
    waiting.clear();
    ready.forEach(Runnable::run);
  }

  @Override
  public void verdict(Consumer<ScenarioVerdict> done, Consumer<Throwable> failed) {
    IdempotencyKey key = form().key();
    TransferRequest r = filled;
    AccountSummary f = fromBefore;
    AccountSummary t = toBefore;
    faults.disarm();
    tasks.run(
        () ->
            new ScenarioVerdict(
                f,
                t,
                services.queries().account(r.fromAccount()).orElseThrow(),
                services.queries().account(r.toAccount()).orElseThrow(),
                services.queries().countTransfersForKey(key.value()),
                r.amountMinor()),
        v -> {
          // Balances moved: every panel shows the new ones.
          desktop.accounts().refresh();
          form().refreshAccounts();
          done.accept(v);
        },
        failed);
  }
}
