package com.onceteller.ui.transfer;

import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.timeline.Words;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.ReplayTally;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerServices;
import com.onceteller.ui.retry.RetryViewModel;
import java.time.Clock;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The transfer form as the view binds it: the fields and their validation ({@link TransferFields}),
 * the submission state machine ({@link FormSubmission}) and the retry panel it drives, wired
 * through the {@link AttemptRelay}. The parts are tested through this facade.
 */
public final class TransferFormViewModel {

  private final TransferFields fields;
  private final FormSubmission submission;
  private final AttemptRelay relay;
  private final RetryViewModel retry;
  private final AccountDirectory directory;

  public TransferFormViewModel(TellerServices services, TaskRunner tasks, ReplayTally replays) {
    Clock clock = services.clock();
    this.directory = new AccountDirectory(services.queries(), clock);
    this.fields = new TransferFields(services.queries(), directory, tasks);
    this.retry = new RetryViewModel(services.policy(), services.zone());
    this.relay = new AttemptRelay(tasks, replays);
    this.submission = new FormSubmission(services, tasks, fields, retry, relay);
    retry.setCommands(
        new RetryViewModel.Commands() {
          @Override
          public void retryNow() {
            submission.retryNow();
          }

          @Override
          public void stopRetrying() {
            submission.stopRetrying();
          }
        });
    // A decision moves money: the next account search must see the new balances.
    submission.addSettledListener(directory::invalidate);
  }

  // ---- fields -----------------------------------------------------------------------------

  public TransferFields fields() {
    return fields;
  }

  public AccountPickerViewModel from() {
    return fields.from();
  }

  public AccountPickerViewModel to() {
    return fields.to();
  }

  public StringProperty amountTextProperty() {
    return fields.amountTextProperty();
  }

  public StringProperty memoProperty() {
    return fields.memoProperty();
  }

  public ReadOnlyStringProperty amountProblemProperty() {
    return fields.amountProblemProperty();
  }

  /** The amount as it will be sent, in the paying account's currency ("EUR 1,234.50"). */
  public ReadOnlyStringProperty amountFormattedProperty() {
    return fields.amountFormattedProperty();
  }

  public ReadOnlyStringProperty memoProblemProperty() {
    return fields.memoProblemProperty();
  }

  /** Problems across fields (same account twice, currencies differ). */
  public ReadOnlyStringProperty formProblemProperty() {
    return fields.formProblemProperty();
  }

  // ---- submission -------------------------------------------------------------------------

  public ReadOnlyObjectProperty<IdempotencyKey> keyProperty() {
    return submission.key.getReadOnlyProperty();
  }

  public IdempotencyKey key() {
    return submission.key.get();
  }

  public ReadOnlyObjectProperty<FormState> stateProperty() {
    return submission.state.getReadOnlyProperty();
  }

  public FormState state() {
    return submission.state.get();
  }

  public ReadOnlyStringProperty headlineProperty() {
    return submission.headline.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty detailProperty() {
    return submission.detail.getReadOnlyProperty();
  }

  /** True when the fields differ from what was sent under a key whose outcome is unknown. */
  public ReadOnlyBooleanProperty changedAfterUnknownProperty() {
    return submission.changedAfterUnknown.getReadOnlyProperty();
  }

  public BooleanProperty busyProperty() {
    return submission.busy;
  }

  public RetryViewModel retry() {
    return retry;
  }

  public BooleanBinding submitDisabled() {
    return Bindings.createBooleanBinding(
        () -> !state().submittable() || submission.changedAfterUnknown.get(),
        submission.state,
        submission.changedAfterUnknown);
  }

  public BooleanBinding fieldsDisabled() {
    return Bindings.createBooleanBinding(() -> !state().editable(), submission.state);
  }

  /** Gets every attempt's progress on the retry worker thread (the demo timeline records them). */
  public void addAttemptObserver(RetryingSubmission.Listener observer) {
    relay.addObserver(observer);
  }

  /** Called on the UI thread after a submission settled (decided, in doubt, not executed). */
  public void addSettledListener(Runnable listener) {
    submission.addSettledListener(listener);
  }

  /** Called with the field to focus when a send is refused for a problem in the fields. */
  public void addFocusListener(Consumer<TransferFields.Field> listener) {
    submission.addFocusListener(listener);
  }

  // ---- commands -----------------------------------------------------------------------------

  /** Sends the form under its key. Does nothing while a submission is running or decided. */
  public void submit() {
    submission.submit();
  }

  /** Clears the form and mints a new key. An in-doubt transfer stays in the outbox's list. */
  public void newTransfer() {
    submission.newTransfer();
  }

  /** Sends the next attempt now (during the countdown), or asks again after retrying stopped. */
  public void retryNow() {
    submission.retryNow();
  }

  /** Stops retrying; an unknown outcome stays visibly in doubt. */
  public void stopRetrying() {
    submission.stopRetrying();
  }

  /** After edits in doubt: puts the original details back and asks again under the same key. */
  public void resendOriginal() {
    submission.resendOriginal();
  }

  /**
   * What "Abandon it and start a new transfer" will do, for the teller to confirm first; null when
   * there is nothing to abandon.
   */
  public Words.Statement abandonQuestion() {
    return submission.abandonQuestion();
  }

  /**
   * After edits in doubt (and the teller's confirmation): the ledger voids the original's key, then
   * a draft starts from the edits. If the original had posted, that posting is shown instead.
   */
  public void abandonAndStartNew() {
    submission.abandonAndStartNew();
  }

  /** What was last sent under the current key (null in a fresh draft). */
  public TransferRequest sentRequest() {
    return submission.sentRequest();
  }

  /** Re-reads the chosen accounts and forgets cached search results (money moved elsewhere). */
  public void refreshAccounts() {
    directory.invalidate();
    fields.refreshAccounts();
  }

  @Override
  public String toString() {
    return "TransferForm[" + state() + " " + key() + "]";
  }
}
