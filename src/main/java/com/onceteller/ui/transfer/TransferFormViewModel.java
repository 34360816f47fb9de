package com.onceteller.ui.transfer;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Money;
import com.onceteller.domain.MoneyParser;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.domain.TransferValidator;
import com.onceteller.ui.ReplayTally;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerServices;
import com.onceteller.ui.retry.RetryViewModel;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The transfer form: fields, live validation, the idempotency key, and the submission's states.
 *
 * <p>The key is minted when the form opens and renewed only by {@link #newTransfer()} (or when the
 * teller explicitly abandons an in-doubt transfer). {@link #submit()} is idempotent on the UI side
 * too: it switches to {@link FormState#SENDING} synchronously before anything leaves, so a double
 * click or a second Enter finds the form busy and sends nothing. After an unknown outcome, changes
 * to the fields are never sent under the old key: the teller must resend the original or abandon
 * it.
 */
public final class TransferFormViewModel {

  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private final TellerServices services;
  private final TaskRunner tasks;
  private final ReplayTally replays;
  private final AccountPickerViewModel from;
  private final AccountPickerViewModel to;
  private final StringProperty amountText = new SimpleStringProperty(this, "amountText", "");
  private final StringProperty memo = new SimpleStringProperty(this, "memo", "");
  private final ReadOnlyStringWrapper amountProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper amountFormatted = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper memoProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper formProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<IdempotencyKey> key = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<FormState> state =
      new ReadOnlyObjectWrapper<>(FormState.DRAFT);
  private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper changedAfterUnknown = new ReadOnlyBooleanWrapper();
  private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
  private final RetryViewModel retry;
  private final List<RetryingSubmission.Listener> observers = new CopyOnWriteArrayList<>();
  private final List<Runnable> settledListeners = new CopyOnWriteArrayList<>();

  /** What was sent under the current key, once something was (null in a fresh draft). */
  private TransferRequest sent;

  private RetryingSubmission submission;
  private boolean restoring;

  public TransferFormViewModel(TellerServices services, TaskRunner tasks, ReplayTally replays) {
    this.services = services;
    this.tasks = tasks;
    this.replays = replays;
    this.from = new AccountPickerViewModel(services.queries(), tasks);
    this.to = new AccountPickerViewModel(services.queries(), tasks);
    this.retry = new RetryViewModel(services.policy(), services.zone());
    retry.setCommands(
        new RetryViewModel.Commands() {
          @Override
          public void retryNow() {
            TransferFormViewModel.this.retryNow();
          }

          @Override
          public void stopRetrying() {
            TransferFormViewModel.this.stopRetrying();
          }
        });
    amountText.addListener((o, a, b) -> fieldsChanged());
    memo.addListener((o, a, b) -> fieldsChanged());
    from.chosenProperty().addListener((o, a, b) -> fieldsChanged());
    to.chosenProperty().addListener((o, a, b) -> fieldsChanged());
    from.textProperty().addListener((o, a, b) -> fieldsChanged());
    to.textProperty().addListener((o, a, b) -> fieldsChanged());
    key.set(IdempotencyKey.mint());
    enter(FormState.DRAFT, "New transfer", "Fill in the form; Enter sends it.");
  }

  // ---- properties ------------------------------------------------------------------------------

  public AccountPickerViewModel from() {
    return from;
  }

  public AccountPickerViewModel to() {
    return to;
  }

  public StringProperty amountTextProperty() {
    return amountText;
  }

  public StringProperty memoProperty() {
    return memo;
  }

  public ReadOnlyStringProperty amountProblemProperty() {
    return amountProblem.getReadOnlyProperty();
  }

  /** The amount as it will be sent, in the paying account's currency ("EUR 1,234.50"). */
  public ReadOnlyStringProperty amountFormattedProperty() {
    return amountFormatted.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty memoProblemProperty() {
    return memoProblem.getReadOnlyProperty();
  }

  /** Problems across fields (same account twice, currencies differ, nothing chosen). */
  public ReadOnlyStringProperty formProblemProperty() {
    return formProblem.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<IdempotencyKey> keyProperty() {
    return key.getReadOnlyProperty();
  }

  public IdempotencyKey key() {
    return key.get();
  }

  public ReadOnlyObjectProperty<FormState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public FormState state() {
    return state.get();
  }

  public ReadOnlyStringProperty headlineProperty() {
    return headline.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty detailProperty() {
    return detail.getReadOnlyProperty();
  }

  /** True when the fields differ from what was sent under a key whose outcome is unknown. */
  public ReadOnlyBooleanProperty changedAfterUnknownProperty() {
    return changedAfterUnknown.getReadOnlyProperty();
  }

  public BooleanProperty busyProperty() {
    return busy;
  }

  public RetryViewModel retry() {
    return retry;
  }

  public BooleanBinding submitDisabled() {
    return Bindings.createBooleanBinding(
        () -> !state.get().submittable() || changedAfterUnknown.get(), state, changedAfterUnknown);
  }

  public BooleanBinding fieldsDisabled() {
    return Bindings.createBooleanBinding(() -> !state.get().editable(), state);
  }

  /** Gets every attempt's progress on the retry worker thread (the demo timeline records them). */
  public void addAttemptObserver(RetryingSubmission.Listener observer) {
    observers.add(observer);
  }

  /** Called on the UI thread after a submission settled (decided, in doubt, not executed). */
  public void addSettledListener(Runnable listener) {
    settledListeners.add(listener);
  }

  // ---- commands ---------------------------------------------------------------------------------

  /** Sends the form under its key. Does nothing while a submission is running or decided. */
  public void submit() {
    FormState s = state.get();
    if (!s.submittable()) {
      return;
    }
    if (changedAfterUnknown.get()) {
      detail.set(
          "You changed the transfer after it was sent. Resend the original, or abandon it and start"
              + " a new transfer.");
      return;
    }
    TransferRequest request = buildRequest(true);
    if (request == null) {
      return;
    }
    if (s == FormState.IN_DOUBT) {
      resume(); // the same request under the same key: finds out what happened
      return;
    }
    if (s == FormState.NOT_EXECUTED) {
      if (!request.equals(sent)) {
        // Never executed, but retried: the changed transfer gets its own key, and the old one is
        // closed in the outbox with the reason, so the outbox keeps one request per key.
        abandonQuietly(key.get(), "Never executed; the teller changed the transfer.");
        key.set(IdempotencyKey.mint());
      } else {
        resume();
        return;
      }
    }
    // INVALID: the service stored nothing, so the corrected request reuses the form's key — the
    // key belongs to the intent, and a corrected form is the same intent.
    send(request);
  }

  /** Clears the form and mints a new key. An in-doubt transfer stays in the outbox's list. */
  public void newTransfer() {
    RetryingSubmission running = submission;
    submission = null;
    if (running != null
        && (state.get() == FormState.SENDING || state.get() == FormState.RETRY_WAIT)) {
      running.stop();
    }
    boolean leftInDoubt =
        running != null
            && (state.get() == FormState.SENDING
                || state.get() == FormState.RETRY_WAIT
                || state.get() == FormState.IN_DOUBT);
    sent = null;
    restoring = true;
    try {
      from.clear();
      to.clear();
      amountText.set("");
      memo.set("");
    } finally {
      restoring = false;
    }
    amountProblem.set("");
    memoProblem.set("");
    formProblem.set("");
    amountFormatted.set("");
    changedAfterUnknown.set(false);
    retry.reset();
    busy.set(false);
    key.set(IdempotencyKey.mint());
    enter(
        FormState.DRAFT,
        "New transfer",
        leftInDoubt
            ? "The previous transfer had no answer yet: until it has one it is listed as in doubt."
            : "Fill in the form; Enter sends it.");
    if (leftInDoubt) {
      settled();
    }
  }

  /** Sends the next attempt now (during the countdown), or asks again after retrying stopped. */
  public void retryNow() {
    if (state.get() == FormState.RETRY_WAIT && submission != null) {
      submission.retryNow();
    } else if (state.get() == FormState.IN_DOUBT && !changedAfterUnknown.get()) {
      resume();
    }
  }

  /** Stops retrying; an unknown outcome stays visibly in doubt. */
  public void stopRetrying() {
    if (submission != null
        && (state.get() == FormState.RETRY_WAIT || state.get() == FormState.SENDING)) {
      detail.set("Stopping after the current attempt…");
      submission.stop();
    }
  }

  /** After edits in doubt: puts the original details back and asks again under the same key. */
  public void resendOriginal() {
    if (sent == null || state.get() != FormState.IN_DOUBT) {
      return;
    }
    restoreFields(sent);
    resume();
  }

  /**
   * After edits in doubt: records the original as abandoned and starts a new draft from the edits.
   */
  public void abandonAndStartNew() {
    if (sent == null || state.get() != FormState.IN_DOUBT) {
      return;
    }
    IdempotencyKey old = key.get();
    abandonQuietly(old, "Abandoned by the teller after changing the transfer in doubt.");
    sent = null;
    submission = null;
    changedAfterUnknown.set(false);
    retry.reset();
    key.set(IdempotencyKey.mint());
    enter(
        FormState.DRAFT,
        "New transfer",
        "Transfer " + old.shortForm() + " was abandoned (recorded). Check the details and send.");
    validateLive();
    settled();
  }

  // ---- internals --------------------------------------------------------------------------------

  private void send(TransferRequest request) {
    sent = request;
    retry.reset();
    busy.set(true);
    enter(FormState.SENDING, "Sending transfer " + key.get().shortForm() + "…", "");
    RetryingSubmission sub = newSubmission(request);
    submission = sub;
    tasks.run(
        () -> {
          sub.start(); // records the submission in the outbox before the first attempt
          return null;
        },
        ok -> {},
        e -> {
          if (submission == sub) {
            submission = null;
            sent = null;
            busy.set(false);
            enter(
                FormState.NOT_SENT,
                "Not sent",
                "The transfer could not be recorded before sending ("
                    + e.getMessage()
                    + "). Nothing was sent.");
          }
        });
  }

  private void resume() {
    retry.reset();
    busy.set(true);
    changedAfterUnknown.set(false);
    enter(FormState.SENDING, "Checking status of " + key.get().shortForm() + "…", "");
    RetryingSubmission sub = newSubmission(sent);
    submission = sub;
    tasks.run(sub::resume);
  }

  private RetryingSubmission newSubmission(TransferRequest request) {
    IdempotencyKey k = key.get();
    RetryingSubmission[] self = new RetryingSubmission[1];
    RetryingSubmission.Listener listener =
        new RetryingSubmission.Listener() {
          @Override
          public void attemptStarted(int attempt, Instant at) {
            observers.forEach(o -> o.attemptStarted(attempt, at));
            tasks.ui().run(() -> onAttemptStarted(self[0], attempt, at));
          }

          @Override
          public void attemptFinished(AttemptResult result) {
            replays.record(k, result);
            observers.forEach(o -> o.attemptFinished(result));
            tasks.ui().run(() -> onAttemptFinished(self[0], result));
          }

          @Override
          public void retryScheduled(int nextAttempt, Duration delay, Instant dueAt) {
            observers.forEach(o -> o.retryScheduled(nextAttempt, delay, dueAt));
            tasks.ui().run(() -> onRetryScheduled(self[0], delay, dueAt));
          }

          @Override
          public void finished(RetryingSubmission.Final end, AttemptResult last) {
            observers.forEach(o -> o.finished(end, last));
            tasks.ui().run(() -> onFinished(self[0], end, last));
          }
        };
    self[0] = services.submissions().create(k, request, listener);
    return self[0];
  }

  private void onAttemptStarted(RetryingSubmission sub, int attempt, Instant at) {
    if (sub != submission) {
      return;
    }
    retry.attemptStarted(attempt, at);
    busy.set(true);
    enter(
        FormState.SENDING,
        attempt == 1 && state.get() == FormState.SENDING && headline.get().startsWith("Sending")
            ? "Sending transfer " + key.get().shortForm() + "…"
            : "Checking status of " + key.get().shortForm() + "…",
        attempt == 1 ? "" : "Attempt " + attempt + " with the same key.");
  }

  private void onAttemptFinished(RetryingSubmission sub, AttemptResult result) {
    if (sub != submission) {
      return;
    }
    retry.attemptFinished(result);
  }

  private void onRetryScheduled(RetryingSubmission sub, Duration delay, Instant dueAt) {
    if (sub != submission) {
      return;
    }
    busy.set(false);
    retry.retryScheduled(delay, dueAt);
    enter(
        FormState.RETRY_WAIT,
        "In doubt — retrying in " + seconds(delay),
        "No answer yet for "
            + key.get().shortForm()
            + ". The next attempt uses the same key, so"
            + " it cannot post twice.");
  }

  private void onFinished(
      RetryingSubmission sub, RetryingSubmission.Final end, AttemptResult last) {
    if (sub != submission) {
      settled(); // a transfer left by "New transfer" ended: the lists catch up
      return;
    }
    busy.set(false);
    switch (end) {
      case DECIDED -> decided(((AttemptResult.Answered) last).outcome());
      case NOT_EXECUTED -> {
        retry.done();
        enter(
            FormState.NOT_EXECUTED,
            "Not executed",
            "Nothing moved: " + lastMessage(last) + " Sending again is safe.");
      }
      case IN_DOUBT_GAVE_UP, IN_DOUBT_STOPPED -> {
        retry.idleInDoubt();
        enter(
            FormState.IN_DOUBT,
            "In doubt — " + key.get().shortForm(),
            (end == RetryingSubmission.Final.IN_DOUBT_STOPPED
                    ? "Retrying stopped. "
                    : "No answer after " + last.attempt() + " attempts. ")
                + "The outcome is unknown: Retry now (Ctrl+R) asks again with the same key. It"
                + " stays in the in-doubt list until it is resolved or abandoned.");
      }
    }
    settled();
  }

  private void decided(TransferOutcome o) {
    retry.done();
    if (o instanceof TransferOutcome.Posted p) {
      String at = HM.format(p.postedAt().atZone(services.zone()));
      if (p.replayed()) {
        enter(
            FormState.ALREADY_POSTED,
            "Already posted at " + at + ", ref " + p.reference(),
            "This answer was read back from the ledger: the transfer had been posted by an earlier"
                + " attempt. Nothing moved now.");
      } else {
        enter(
            FormState.POSTED,
            "Posted · ref "
                + p.reference()
                + " · "
                + HMS.format(p.postedAt().atZone(services.zone())),
            p.request().amount().format() + " moved. Ctrl+N starts a new transfer.");
      }
    } else if (o instanceof TransferOutcome.Rejected r) {
      enter(
          FormState.REJECTED,
          "Rejected — " + r.reason().label(),
          r.message() + " Not retried: sending this key again would give the same answer.");
    } else if (o instanceof TransferOutcome.KeyReused k) {
      enter(
          FormState.KEY_REUSED,
          "Key reused with different details",
          "Key "
              + k.key().shortForm()
              + " was first used for "
              + (k.original() == null
                  ? "an earlier transfer (its details were compacted)"
                  : k.original().amount().format() + " to " + k.original().toAccount())
              + (k.originalReference() == null ? "" : " (" + k.originalReference() + ")")
              + ". Nothing was executed. Start a new transfer (Ctrl+N) for a new intent.");
    } else if (o instanceof TransferOutcome.NeedsApproval n) {
      // Nothing moved; NOT_EXECUTED keeps Send enabled, and the same key is sent again
      // (ui/approval).
      enter(
          FormState.NOT_EXECUTED,
          n.approval() == null ? "Needs a supervisor's approval" : "Approved — send to post",
          n.why()
              + (n.approval() == null
                  ? " Nothing moved. A supervisor approves it here or from the queue."
                  : " Approved by " + n.approval().approverId() + ". Send posts it once."));
    } else if (o instanceof TransferOutcome.Invalid inv) {
      for (FieldError e : inv.errors()) {
        showFieldError(e);
      }
      enter(FormState.INVALID, "Not accepted", inv.summary() + " Correct it and send again.");
    } else {
      enter(FormState.NOT_EXECUTED, "Not executed", o.toString());
    }
    from.refresh();
    to.refresh();
  }

  private void showFieldError(FieldError e) {
    switch (e.field()) {
      case AMOUNT -> amountProblem.set(e.message());
      case MEMO -> memoProblem.set(e.message());
      default -> formProblem.set(e.message());
    }
  }

  private void settled() {
    settledListeners.forEach(Runnable::run);
  }

  private void fieldsChanged() {
    if (restoring) {
      return;
    }
    validateLive();
    if (state.get() == FormState.IN_DOUBT && sent != null) {
      TransferRequest now = buildRequest(false);
      changedAfterUnknown.set(!sent.equals(now));
    }
  }

  private void validateLive() {
    String currency = currency();
    String a = amountText.get();
    if (a == null || a.isBlank()) {
      amountProblem.set("");
      amountFormatted.set("");
    } else {
      MoneyParser.Result r = MoneyParser.parse(a, currency);
      amountProblem.set(r.ok() ? "" : r.error());
      amountFormatted.set(
          r.ok() ? new Money(r.minorUnits(), currency == null ? "EUR" : currency).format() : "");
    }
    String m = TransferValidator.memoProblem(memo.get());
    memoProblem.set(m == null ? "" : m);
    formProblem.set(crossFieldProblem());
  }

  private String crossFieldProblem() {
    AccountSummary f = from.chosen();
    AccountSummary t = to.chosen();
    if (f != null && t != null) {
      if (f.number().equals(t.number())) {
        return "The paying and receiving accounts are the same.";
      }
      if (!f.currency().equals(t.currency())) {
        return "The paying account holds "
            + f.currency()
            + " and the receiving account "
            + t.currency()
            + ": choose accounts in the same currency.";
      }
    }
    return "";
  }

  private String currency() {
    AccountSummary f = from.chosen();
    return f == null ? null : f.currency();
  }

  /**
   * The request the form describes, or null. With {@code report}, says what is missing; the request
   * is then checked by the same validator the service uses, so nothing invalid is sent.
   */
  private TransferRequest buildRequest(boolean report) {
    validateLive();
    AccountSummary f = from.chosen();
    AccountSummary t = to.chosen();
    MoneyParser.Result amount =
        MoneyParser.parse(amountText.get(), f == null ? null : f.currency());
    String problem = null;
    if (f == null) {
      problem = "Choose the paying account (type its number or part of the holder's name).";
    } else if (t == null) {
      problem = "Choose the receiving account (type its number or part of the holder's name).";
    } else if (!amount.ok()) {
      problem = amount.error();
      if (report) {
        amountProblem.set(amount.error());
      }
    } else if (!memoProblem.get().isEmpty()) {
      problem = memoProblem.get();
    } else if (!formProblem.get().isEmpty()) {
      problem = formProblem.get();
    }
    if (problem == null) {
      String m = memo.get() == null ? "" : memo.get();
      TransferRequest r =
          new TransferRequest(f.number(), t.number(), amount.minorUnits(), f.currency(), m);
      List<FieldError> errors = TransferValidator.validate(r);
      if (errors.isEmpty()) {
        return r;
      }
      problem = errors.get(0).message();
      if (report) {
        errors.forEach(this::showFieldError);
      }
    }
    if (report) {
      detail.set("Not sent: " + problem);
    }
    return null;
  }

  private void restoreFields(TransferRequest r) {
    restoring = true;
    try {
      from.chooseNumber(r.fromAccount());
      to.chooseNumber(r.toAccount());
      amountText.set(r.amount().toDecimal().toPlainString());
      memo.set(r.memoOrEmpty());
    } finally {
      restoring = false;
    }
    changedAfterUnknown.set(false);
  }

  private void abandonQuietly(IdempotencyKey k, String reason) {
    Instant now = services.clock().instant();
    tasks.run(() -> services.outbox().abandoned(k, reason, now));
  }

  private void enter(FormState s, String head, String more) {
    headline.set(head);
    detail.set(more);
    state.set(s);
  }

  private static String lastMessage(AttemptResult last) {
    if (last instanceof AttemptResult.Answered a
        && a.outcome() instanceof TransferOutcome.NotExecuted n) {
      return n.message();
    }
    return last == null ? "" : RetryViewModel.whatHappened(last) + ".";
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** For tests and the in-doubt banner: what was last sent under the current key. */
  public TransferRequest sentRequest() {
    return sent;
  }

  @Override
  public String toString() {
    return "TransferForm[" + state.get() + " " + Objects.toString(key.get()) + "]";
  }
}
