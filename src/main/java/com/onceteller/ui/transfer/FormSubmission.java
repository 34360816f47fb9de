package com.onceteller.ui.transfer;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.timeline.Words;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerServices;
import com.onceteller.ui.retry.RetryViewModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The form's submission state machine: the key, the state (draft → sending → posted / in doubt /
 * …), the status words, and the commands that move between states. It sends through the
 * application's submissions and hears back through the {@link AttemptRelay}.
 *
 * <p>The key is minted when the form opens and renewed only by {@link #newTransfer()} (or when the
 * teller explicitly abandons an in-doubt transfer). {@link #submit()} goes {@link
 * FormState#SENDING} synchronously before anything leaves, so a double click or a second Enter
 * finds it busy and sends nothing. After an unknown outcome, changed fields are never sent under
 * the old key: the teller resends the original or abandons it.
 */
final class FormSubmission implements AttemptRelay.Sink {

  private static final String DRAFT_HINT = "Fill in the form; Enter sends it.";

  private final TellerServices services;
  private final TaskRunner tasks;
  private final TransferFields fields;
  private final RetryViewModel retry;
  private final AttemptRelay relay;

  final ReadOnlyObjectWrapper<IdempotencyKey> key = new ReadOnlyObjectWrapper<>();
  final ReadOnlyObjectWrapper<FormState> state = new ReadOnlyObjectWrapper<>(FormState.DRAFT);
  final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
  final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
  final ReadOnlyBooleanWrapper changedAfterUnknown = new ReadOnlyBooleanWrapper();
  final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
  private final List<Runnable> settledListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<TransferFields.Field>> focusListeners = new CopyOnWriteArrayList<>();

  /** What was sent under the current key, once something was (null in a fresh draft). */
  private TransferRequest sent;

  private RetryingSubmission submission;
  private AttemptRelay.Ticket ticket;

  /** A send was refused for a problem in the fields: the status follows the fields until fixed. */
  private boolean refusedForFields;

  /** The ledger is being asked to fence the current key: no other command until it answers. */
  private boolean abandoning;

  FormSubmission(
      TellerServices services,
      TaskRunner tasks,
      TransferFields fields,
      RetryViewModel retry,
      AttemptRelay relay) {
    this.services = services;
    this.tasks = tasks;
    this.fields = fields;
    this.retry = retry;
    this.relay = relay;
    fields.addChangeListener(this::fieldsChanged);
    retry.countdownTextProperty().addListener((o, a, text) -> countdownMoved(text));
    key.set(IdempotencyKey.mint());
    enter(FormState.DRAFT, "New transfer", DRAFT_HINT);
  }

  void addSettledListener(Runnable r) {
    settledListeners.add(r);
  }

  void addFocusListener(Consumer<TransferFields.Field> l) {
    focusListeners.add(l);
  }

  TransferRequest sentRequest() {
    return sent;
  }

  // ---- commands ---------------------------------------------------------------------------

  void submit() {
    FormState s = state.get();
    if (!s.submittable() || abandoning) {
      return;
    }
    if (changedAfterUnknown.get()) {
      detail.set(
          "You changed the transfer after it was sent. Resend the original, or abandon it and start"
              + " a new transfer.");
      return;
    }
    TransferFields.Check check = fields.check();
    if (!check.ok()) {
      refusedForFields = true;
      detail.set("Not sent: " + check.problem());
      focusListeners.forEach(l -> l.accept(check.field()));
      return;
    }
    refusedForFields = false;
    TransferRequest request = check.request();
    if (s == FormState.IN_DOUBT) {
      resume(); // the same request under the same key: finds out what happened
      return;
    }
    if (s == FormState.NOT_EXECUTED) {
      if (request.equals(sent)) {
        resume();
        return;
      }
      // Never executed, but tried: the changed transfer gets its own key. The old one is fenced
      // in the ledger first, so that an attempt of it still on its way can never post as well;
      // then the desk closes it, so the outbox keeps one request per key.
      abandonThen(
          "Never executed; the teller changed the transfer.",
          "Checking that " + key.get().shortForm() + " can no longer post…",
          () -> {
            key.set(IdempotencyKey.mint());
            send(request);
          });
      return;
    }
    // INVALID: the service stored nothing, so the corrected request keeps the form's key — the
    // key belongs to the intent, and a corrected form is the same intent.
    send(request);
  }

  void newTransfer() {
    RetryingSubmission running = submission;
    FormState was = state.get();
    submission = null;
    ticket = null;
    boolean moving = was == FormState.SENDING || was == FormState.RETRY_WAIT;
    if (running != null && moving) {
      running.stop();
    }
    boolean leftInDoubt = running != null && (moving || was == FormState.IN_DOUBT);
    sent = null;
    refusedForFields = false;
    fields.clear();
    changedAfterUnknown.set(false);
    retry.reset();
    busy.set(false);
    key.set(IdempotencyKey.mint());
    enter(
        FormState.DRAFT,
        "New transfer",
        leftInDoubt
            ? "The previous transfer had no answer yet: until it has one it is listed as in doubt."
            : DRAFT_HINT);
    if (leftInDoubt) {
      settled();
    }
  }

  void retryNow() {
    if (abandoning) {
      return;
    }
    if (state.get() == FormState.RETRY_WAIT && submission != null) {
      submission.retryNow();
    } else if (state.get() == FormState.IN_DOUBT && !changedAfterUnknown.get()) {
      resume();
    }
  }

  void stopRetrying() {
    if (submission != null
        && (state.get() == FormState.RETRY_WAIT || state.get() == FormState.SENDING)) {
      detail.set("Stopping after the current attempt…");
      submission.stop();
    }
  }

  void resendOriginal() {
    if (sent == null || state.get() != FormState.IN_DOUBT || abandoning) {
      return;
    }
    fields.restore(sent);
    changedAfterUnknown.set(false);
    resume();
  }

  /**
   * What abandoning the current transfer does, for the teller to confirm before anything happens;
   * null when there is nothing to abandon.
   */
  Words.Statement abandonQuestion() {
    if (sent == null || state.get() != FormState.IN_DOUBT) {
      return null;
    }
    return Words.abandonQuestion(key.get(), sent);
  }

  /**
   * Abandons the transfer in doubt and starts a new draft from the edited fields — only once the
   * ledger has fenced the old key. If the old key had posted after all, nothing is abandoned: the
   * form shows that posting (with its original details back) and sends nothing new.
   */
  void abandonAndStartNew() {
    if (sent == null || state.get() != FormState.IN_DOUBT || abandoning) {
      return;
    }
    IdempotencyKey old = key.get();
    TransferRequest original = sent;
    abandonThen(
        "Abandoned by the teller after changing the transfer in doubt.",
        "Asking the ledger to void " + old.shortForm() + "…",
        () -> {
          sent = null;
          submission = null;
          ticket = null;
          changedAfterUnknown.set(false);
          retry.reset();
          key.set(IdempotencyKey.mint());
          Words.Statement w = Words.abandoned(old, original);
          enter(FormState.DRAFT, "New transfer", w.detail() + " Check the details and send.");
          fields.validateLive();
          settled();
        });
  }

  /**
   * Fences the current key in the ledger (off the FX thread), then runs {@code then} if it was
   * voided. A key that was decided meanwhile shows its decision instead; a ledger that cannot
   * answer leaves everything as it was, with the reason.
   */
  private void abandonThen(String reason, String working, Runnable then) {
    IdempotencyKey old = key.get();
    TransferRequest original = sent;
    FormState before = state.get();
    String headBefore = headline.get();
    RetryingSubmission running = submission;
    abandoning = true;
    busy.set(true);
    detail.set(working);
    tasks.run(
        () -> services.abandoner().abandon(old, original, reason),
        answer -> {
          abandoning = false;
          busy.set(false);
          if (!old.equals(key.get())) {
            return; // the teller moved on (New transfer): the answer is in the desk store
          }
          switch (answer.result()) {
            case ABANDONED -> {
              if (running != null) {
                running.stop(); // its key is void: asking again would only replay the void
              }
              then.run();
            }
            case ALREADY_DECIDED -> {
              if (running != null) {
                running.stop();
              }
              // The original details go back on the form: what it shows is what the ledger holds.
              fields.restore(original);
              changedAfterUnknown.set(false);
              submission = null;
              ticket = null;
              decided(answer.outcome());
              detail.set(Words.notAbandoned(answer.outcome()) + " " + detail.get());
              settled();
            }
            case TRY_AGAIN, REFUSED -> {
              enter(before, headBefore, Words.abandonFailed(answer.outcome()));
            }
          }
        },
        e -> {
          abandoning = false;
          busy.set(false);
          if (old.equals(key.get())) {
            enter(
                before,
                headBefore,
                "Not abandoned: " + e.getMessage() + ". Nothing changed; try again.");
          }
        });
  }

  // ---- sending ----------------------------------------------------------------------------

  private void send(TransferRequest request) {
    sent = request;
    retry.reset();
    busy.set(true);
    enter(FormState.SENDING, "Sending transfer " + key.get().shortForm() + "…", "");
    AttemptRelay.Ticket t = open(request);
    RetryingSubmission sub = submission;
    tasks.run(
        () -> {
          sub.start(); // records the submission in the outbox before the first attempt
          return null;
        },
        ok -> {},
        e -> {
          if (ticket == t) {
            submission = null;
            ticket = null;
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
    open(sent);
    tasks.run(submission::resume);
  }

  /** A new submission of the current key; its ticket becomes the current one. */
  private AttemptRelay.Ticket open(TransferRequest request) {
    AttemptRelay.Ticket t = new AttemptRelay.Ticket();
    IdempotencyKey k = key.get();
    submission = services.submissions().create(k, request, relay.listener(k, t, this));
    ticket = t;
    return t;
  }

  // ---- what the relay reports (UI thread) --------------------------------------------------

  @Override
  public void attemptStarted(AttemptRelay.Ticket t, Envelope e, Instant at) {
    if (t != ticket) {
      return;
    }
    retry.attemptStarted(e.attempt(), at);
    busy.set(true);
    boolean firstSend = e.attempt() == 1 && headline.get().startsWith("Sending");
    enter(
        FormState.SENDING,
        (firstSend ? "Sending transfer " : "Checking status of ") + key.get().shortForm() + "…",
        e.attempt() == 1 ? "" : "Attempt " + e.attempt() + " with the same key.");
  }

  @Override
  public void attemptFinished(AttemptRelay.Ticket t, AttemptResult result) {
    if (t == ticket) {
      retry.attemptFinished(result);
    }
  }

  @Override
  public void retryScheduled(AttemptRelay.Ticket t, Duration delay, Instant dueAt) {
    if (t != ticket) {
      return;
    }
    busy.set(false);
    retry.retryScheduled(delay, dueAt);
    enter(
        FormState.RETRY_WAIT,
        "In doubt — " + lowerFirst(retry.countdownTextProperty().get()),
        "No answer yet for "
            + key.get().shortForm()
            + ". The next attempt uses the same key, so it cannot post twice.");
  }

  /** The headline counts down with the retry panel: one clock, never two. */
  private void countdownMoved(String text) {
    if (state.get() == FormState.RETRY_WAIT && text != null && !text.isEmpty()) {
      headline.set("In doubt — " + lowerFirst(text));
    }
  }

  @Override
  public void finished(AttemptRelay.Ticket t, RetryingSubmission.Final end, AttemptResult last) {
    if (t != ticket) {
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
            "Nothing moved"
                + (last == null ? "" : " (" + Words.attempt(last, services.zone()) + ")")
                + ". Sending again is safe.");
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
    Words.Statement words = Words.decided(o, services.zone());
    FormState next = stateOf(o);
    if (o instanceof TransferOutcome.Invalid inv) {
      TransferFields.Field first = fields.showServiceErrors(inv.errors());
      focusListeners.forEach(l -> l.accept(first));
    }
    enter(next, words.headline(), words.detail());
    fields.refreshAccounts();
  }

  /** The state a decision leaves the form in. */
  static FormState stateOf(TransferOutcome o) {
    return switch (com.onceteller.desk.client.AttemptKind.of(o)) {
      case POSTED -> FormState.POSTED;
      case REPLAYED ->
          o instanceof TransferOutcome.Posted
              ? FormState.ALREADY_POSTED
              : o instanceof TransferOutcome.Voided ? FormState.VOIDED : FormState.REJECTED;
      case REJECTED -> FormState.REJECTED;
      case VOIDED -> FormState.VOIDED;
      case KEY_REUSED -> FormState.KEY_REUSED;
      case INVALID -> FormState.INVALID;
      // Nothing moved: Send stays enabled and the same key is sent again after the approval.
      case NOT_EXECUTED, NEEDS_APPROVAL -> FormState.NOT_EXECUTED;
      case IN_PROGRESS,
              OUTCOME_UNKNOWN,
              IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST ->
          FormState.IN_DOUBT;
    };
  }

  // ---- fields changed ---------------------------------------------------------------------

  private void fieldsChanged() {
    if (state.get() == FormState.IN_DOUBT && sent != null) {
      changedAfterUnknown.set(!sent.equals(fields.current()));
    }
    if (refusedForFields && state.get().submittable()) {
      // The "not sent" reason follows the fields, so a fixed problem never stays on screen.
      TransferFields.Check now = fields.check();
      if (now.ok()) {
        refusedForFields = false;
        detail.set("Ready: Enter sends it.");
      } else {
        detail.set("Not sent: " + now.problem());
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void settled() {
    settledListeners.forEach(Runnable::run);
  }

  private void enter(FormState s, String head, String more) {
    headline.set(head);
    detail.set(more);
    state.set(s);
  }

  private static String lowerFirst(String s) {
    return s == null || s.isEmpty() ? "" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
