package com.onceteller.ui.transfer;

import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.LedgerReads;
import com.onceteller.ui.TaskRunner;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One account field: the teller types an account number or part of a holder's name, the picker
 * searches the ledger in the background and offers matches; once one is chosen it shows holder,
 * currency, status and available balance.
 */
public final class AccountPickerViewModel {

  static final int MAX_QUERY_LENGTH = 64;
  private static final int SUGGESTIONS = 8;

  private final LedgerReads queries;
  private final AccountDirectory directory;
  private final TaskRunner tasks;
  private final StringProperty text = new SimpleStringProperty(this, "text", "");
  private final ObjectProperty<AccountSummary> chosen = new SimpleObjectProperty<>(this, "chosen");
  private final ObservableList<AccountSummary> suggestions = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
  private long searchGeneration;
  private boolean settingText;

  public AccountPickerViewModel(LedgerReads queries, AccountDirectory directory, TaskRunner tasks) {
    this.queries = queries;
    this.directory = directory;
    this.tasks = tasks;
    text.addListener((obs, old, now) -> onTyped(now));
    chosen.addListener((obs, old, now) -> details.set(describe(now)));
  }

  public StringProperty textProperty() {
    return text;
  }

  public ReadOnlyObjectProperty<AccountSummary> chosenProperty() {
    return chosen;
  }

  public AccountSummary chosen() {
    return chosen.get();
  }

  public ObservableList<AccountSummary> suggestions() {
    return suggestions;
  }

  public ReadOnlyStringProperty detailsProperty() {
    return details.getReadOnlyProperty();
  }

  /** What is wrong with what was typed ("" when nothing is). */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** Shows what the service found wrong with this account; typing clears it. */
  public void showProblem(String message) {
    problem.set(message == null ? "" : message);
  }

  /** Picks an account (from the suggestions, or by number when restoring a request). */
  public void choose(AccountSummary account) {
    searchGeneration++;
    settingText = true;
    try {
      text.set(account == null ? "" : account.prettyNumber());
    } finally {
      settingText = false;
    }
    chosen.set(account);
    suggestions.clear();
    problem.set("");
  }

  /** Chooses the account with this number, looked up in the background. */
  public void chooseNumber(String number) {
    long gen = ++searchGeneration;
    tasks.run(
        () -> queries.account(number).orElse(null),
        found -> {
          if (gen == searchGeneration) {
            choose(found);
          }
        },
        e -> problem.set("The ledger could not be read: " + e.getMessage()));
  }

  /** Re-reads the chosen account (after a decision moved money). */
  public void refresh() {
    AccountSummary current = chosen.get();
    if (current == null) {
      return;
    }
    tasks.run(
        () -> queries.account(current.number()).orElse(null),
        found -> {
          if (found != null
              && chosen.get() != null
              && chosen.get().number().equals(found.number())) {
            chosen.set(found);
          }
        },
        e -> {});
  }

  public void clear() {
    choose(null);
  }

  private void onTyped(String typed) {
    if (settingText) {
      return;
    }
    chosen.set(null);
    long gen = ++searchGeneration;
    String t = typed == null ? "" : typed.strip();
    if (t.isEmpty()) {
      suggestions.clear();
      problem.set("");
      return;
    }
    if (t.length() > MAX_QUERY_LENGTH) {
      suggestions.clear();
      problem.set(
          "That is "
              + t.length()
              + " characters: type an account number or part of a holder's name.");
      return;
    }
    if (t.codePoints()
        .anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
      suggestions.clear();
      problem.set("The text holds control characters or invisible marks; type it again.");
      return;
    }
    tasks.run(
        () -> directory.search(t, SUGGESTIONS),
        found -> {
          if (gen == searchGeneration) {
            offer(t, found);
          }
        },
        e -> problem.set("The ledger could not be read: " + e.getMessage()));
  }

  private void offer(String typed, List<AccountSummary> found) {
    suggestions.setAll(found);
    if (found.isEmpty()) {
      problem.set("No account number or holder matches \"" + typed + "\".");
      return;
    }
    problem.set("");
    String normalized = AccountNumbers.normalize(typed);
    for (AccountSummary a : found) {
      if (a.number().equals(normalized)) {
        choose(a);
        return;
      }
    }
    if (found.size() == 1) {
      chosen.set(found.get(0));
    }
  }

  static String describe(AccountSummary a) {
    if (a == null) {
      return "";
    }
    String status =
        a.status() == AccountStatus.OPEN
            ? "open"
            : a.status().name().toLowerCase(java.util.Locale.ROOT);
    return a.holder()
        + " · "
        + a.currency()
        + " · "
        + status
        + " · available "
        + a.balance().format();
  }
}
