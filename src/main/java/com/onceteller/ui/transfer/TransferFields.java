package com.onceteller.ui.transfer;

import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.Money;
import com.onceteller.domain.MoneyParser;
import com.onceteller.domain.TransferRequest;
import com.onceteller.domain.TransferValidator;
import com.onceteller.ui.TaskRunner;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The form's fields and their validation, live as the teller types: the two account pickers,
 * amount, memo, and what is wrong (refused) or doubtful (warned: the ledger is likely to refuse)
 * with each. Knows nothing about sending.
 */
public final class TransferFields {

  /** The fields a problem can point at (the view moves the focus there). */
  public enum Field {
    FROM,
    TO,
    AMOUNT,
    MEMO
  }

  /** The request the form describes, or the first problem and where it is. */
  public record Check(TransferRequest request, Field field, String problem) {
    public boolean ok() {
      return request != null;
    }
  }

  private final AccountPickerViewModel from;
  private final AccountPickerViewModel to;
  private final StringProperty amountText = new SimpleStringProperty(this, "amountText", "");
  private final StringProperty memo = new SimpleStringProperty(this, "memo", "");
  private final ReadOnlyStringWrapper amountProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper amountFormatted = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper memoProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper formProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper fromWarning = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper toWarning = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper amountWarning = new ReadOnlyStringWrapper("");
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
  private boolean restoring;

  public TransferFields(
      com.onceteller.domain.LedgerReads queries, AccountDirectory directory, TaskRunner tasks) {
    this.from = new AccountPickerViewModel(queries, directory, tasks);
    this.to = new AccountPickerViewModel(queries, directory, tasks);
    amountText.addListener((o, a, b) -> changed());
    memo.addListener((o, a, b) -> changed());
    from.chosenProperty().addListener((o, a, b) -> changed());
    to.chosenProperty().addListener((o, a, b) -> changed());
    from.textProperty().addListener((o, a, b) -> changed());
    to.textProperty().addListener((o, a, b) -> changed());
  }

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

  public ReadOnlyStringProperty amountFormattedProperty() {
    return amountFormatted.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty memoProblemProperty() {
    return memoProblem.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty formProblemProperty() {
    return formProblem.getReadOnlyProperty();
  }

  /** The paying account is closed or frozen: the ledger will refuse (said before sending). */
  public ReadOnlyStringProperty fromWarningProperty() {
    return fromWarning.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty toWarningProperty() {
    return toWarning.getReadOnlyProperty();
  }

  /** The amount is more than the paying account holds. */
  public ReadOnlyStringProperty amountWarningProperty() {
    return amountWarning.getReadOnlyProperty();
  }

  /** Called (on the UI thread) whenever the teller changes a field, not when the form restores. */
  public void addChangeListener(Runnable r) {
    changeListeners.add(r);
  }

  private void changed() {
    if (restoring) {
      return;
    }
    validateLive();
    changeListeners.forEach(Runnable::run);
  }

  /** Re-checks every field as typed so far; problems show at once, warnings too. */
  public void validateLive() {
    String currency = currency();
    String a = amountText.get();
    MoneyParser.Result parsed = null;
    if (a == null || a.isBlank()) {
      amountProblem.set("");
      amountFormatted.set("");
    } else {
      parsed = MoneyParser.parse(a, currency);
      amountProblem.set(parsed.ok() ? "" : parsed.error());
      amountFormatted.set(
          parsed.ok()
              ? new Money(parsed.minorUnits(), currency == null ? "EUR" : currency).format()
              : "");
    }
    String m = TransferValidator.memoProblem(memo.get());
    memoProblem.set(m == null ? "" : m);
    formProblem.set(crossFieldProblem());
    fromWarning.set(statusWarning(from.chosen(), "paying"));
    toWarning.set(statusWarning(to.chosen(), "receiving"));
    AccountSummary f = from.chosen();
    amountWarning.set(
        f != null && parsed != null && parsed.ok() && parsed.minorUnits() > f.balanceMinor()
            ? "More than the "
                + f.balance().format()
                + " available: the ledger will refuse it (insufficient funds)."
            : "");
  }

  private static String statusWarning(AccountSummary a, String role) {
    if (a == null || a.status() == AccountStatus.OPEN) {
      return "";
    }
    return "The "
        + role
        + " account is "
        + a.status().name().toLowerCase(Locale.ROOT)
        + ": the ledger will refuse this transfer.";
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
   * The request the fields describe, checked by the same validator the service uses; or the first
   * problem, which is then also shown under its field.
   */
  public Check check() {
    validateLive();
    AccountSummary f = from.chosen();
    AccountSummary t = to.chosen();
    MoneyParser.Result amount =
        MoneyParser.parse(amountText.get(), f == null ? null : f.currency());
    if (f == null) {
      return new Check(
          null,
          Field.FROM,
          "Choose the paying account (type its number or part of the holder's name).");
    }
    if (t == null) {
      return new Check(
          null,
          Field.TO,
          "Choose the receiving account (type its number or part of the holder's name).");
    }
    if (!amount.ok()) {
      amountProblem.set(amount.error());
      return new Check(null, Field.AMOUNT, amount.error());
    }
    if (!memoProblem.get().isEmpty()) {
      return new Check(null, Field.MEMO, memoProblem.get());
    }
    if (!formProblem.get().isEmpty()) {
      return new Check(null, Field.TO, formProblem.get());
    }
    String m = memo.get() == null ? "" : memo.get();
    TransferRequest r =
        new TransferRequest(f.number(), t.number(), amount.minorUnits(), f.currency(), m);
    List<FieldError> errors = TransferValidator.validate(r);
    if (errors.isEmpty()) {
      return new Check(r, null, null);
    }
    Field first = showServiceErrors(errors);
    return new Check(null, first, errors.get(0).message());
  }

  /** The request as the fields stand, without showing anything (null if incomplete). */
  public TransferRequest current() {
    AccountSummary f = from.chosen();
    AccountSummary t = to.chosen();
    MoneyParser.Result amount =
        MoneyParser.parse(amountText.get(), f == null ? null : f.currency());
    if (f == null || t == null || !amount.ok()) {
      return null;
    }
    return new TransferRequest(
        f.number(),
        t.number(),
        amount.minorUnits(),
        f.currency(),
        memo.get() == null ? "" : memo.get());
  }

  /** Shows the service's (or validator's) field errors; returns the first field concerned. */
  public Field showServiceErrors(List<FieldError> errors) {
    Field first = null;
    for (FieldError e : errors) {
      Field field =
          switch (e.field()) {
            case FROM_ACCOUNT -> {
              from.showProblem(e.message());
              yield Field.FROM;
            }
            case TO_ACCOUNT -> {
              to.showProblem(e.message());
              yield Field.TO;
            }
            case AMOUNT -> {
              amountProblem.set(e.message());
              yield Field.AMOUNT;
            }
            case MEMO -> {
              memoProblem.set(e.message());
              yield Field.MEMO;
            }
            // Fields of abandon and restore requests never come back for a transfer; listed so
            // that a new field does not compile before it has a place on the form.
            case CURRENCY, KEY, ACTOR, REASON, REFERENCE, POSTED_AT, NOTE, PERMISSION -> {
              formProblem.set(e.message());
              yield Field.FROM;
            }
          };
      if (first == null) {
        first = field;
      }
    }
    return first == null ? Field.FROM : first;
  }

  /** Puts a request back into the fields (the accounts are looked up in the background). */
  public void restore(TransferRequest r) {
    restoring = true;
    try {
      from.chooseNumber(r.fromAccount());
      to.chooseNumber(r.toAccount());
      amountText.set(r.amount().toDecimal().toPlainString());
      memo.set(r.memoOrEmpty());
    } finally {
      restoring = false;
    }
  }

  /** Empties every field and every message. */
  public void clear() {
    restoring = true;
    try {
      from.clear();
      to.clear();
      amountText.set("");
      memo.set("");
    } finally {
      restoring = false;
    }
    for (ReadOnlyStringWrapper w :
        List.of(
            amountProblem,
            memoProblem,
            formProblem,
            amountFormatted,
            fromWarning,
            toWarning,
            amountWarning)) {
      w.set("");
    }
  }

  /** Re-reads both chosen accounts (balances and status after a decision). */
  public void refreshAccounts() {
    from.refresh();
    to.refresh();
  }
}
