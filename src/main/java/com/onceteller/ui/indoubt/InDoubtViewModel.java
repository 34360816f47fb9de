package com.onceteller.ui.indoubt;

import com.onceteller.desk.client.Abandonment;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.timeline.Words;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.ui.ReplayTally;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerServices;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Transfers whose outcome the client never learnt, from {@link Outbox#inDoubt()}: shown prominently
 * on start-up ("2 transfers in doubt"). Resolving one resends the same key with the same request
 * and shows the answer; abandoning is an explicit, recorded action.
 */
public final class InDoubtViewModel {

  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final TellerServices services;
  private final TaskRunner tasks;
  private final ReplayTally replays;
  private final ObservableList<InDoubtRow> rows = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper lastAnswer = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper visible = new ReadOnlyBooleanWrapper();
  private final Map<IdempotencyKey, String> statuses = new HashMap<>();
  private final List<Runnable> settledListeners = new CopyOnWriteArrayList<>();

  public InDoubtViewModel(TellerServices services, TaskRunner tasks, ReplayTally replays) {
    this.services = services;
    this.tasks = tasks;
    this.replays = replays;
  }

  public ObservableList<InDoubtRow> rows() {
    return rows;
  }

  public ReadOnlyStringProperty bannerProperty() {
    return banner.getReadOnlyProperty();
  }

  /** The answer of the last resolve or abandon ("…1a2b3c4d: already posted at 10:42, T-000012"). */
  public ReadOnlyStringProperty lastAnswerProperty() {
    return lastAnswer.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty visibleProperty() {
    return visible.getReadOnlyProperty();
  }

  /** Tells the teller something about their transfers (what the start-up check found). */
  public void announce(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    lastAnswer.set(text);
    visible.set(true);
  }

  public void addSettledListener(Runnable r) {
    settledListeners.add(r);
  }

  /** Re-reads the outbox's in-doubt list in the background. */
  public void reload() {
    tasks.run(
        services.outbox()::inDoubt,
        this::show,
        e -> banner.set("The outbox could not be read: " + e.getMessage()));
  }

  private void show(List<Outbox.OutboxEntry> entries) {
    rows.setAll(
        entries.stream()
            .map(
                e ->
                    new InDoubtRow(
                        e,
                        describe(e),
                        statuses.getOrDefault(
                            e.key(), "outcome unknown after " + e.attempts() + " attempt(s)")))
            .toList());
    int n = entries.size();
    banner.set(n == 0 ? "" : n == 1 ? "1 transfer in doubt" : n + " transfers in doubt");
    visible.set(n > 0 || !lastAnswer.get().isEmpty());
  }

  private static final String CHECKING = "checking status…";

  /** Resends the entry's key with its original request until the service answers. */
  public void resolve(InDoubtRow row) {
    Outbox.OutboxEntry e = row.entry();
    if (CHECKING.equals(statuses.get(e.key()))) {
      return; // a double click: the first resend is still asking
    }
    statuses.put(e.key(), CHECKING);
    show(rows.stream().map(InDoubtRow::entry).toList());
    RetryingSubmission sub =
        services
            .submissions()
            .create(
                e.key(),
                e.request(),
                new RetryingSubmission.Listener() {
                  @Override
                  public void attemptFinished(AttemptResult result) {
                    replays.record(e.key(), result);
                  }

                  @Override
                  public void finished(RetryingSubmission.Final end, AttemptResult last) {
                    tasks.ui().run(() -> resolved(e, end, last));
                  }
                });
    tasks.run(sub::resume);
  }

  private void resolved(Outbox.OutboxEntry e, RetryingSubmission.Final end, AttemptResult last) {
    String answer;
    if (end == RetryingSubmission.Final.DECIDED && last instanceof AttemptResult.Answered a) {
      answer = Words.resolved(a.outcome(), services.zone());
      statuses.remove(e.key());
    } else if (end == RetryingSubmission.Final.NOT_EXECUTED) {
      answer = "not executed, nothing moved (" + Words.attemptInFull(last, services.zone()) + ")";
      statuses.put(e.key(), answer);
    } else {
      answer =
          "still in doubt ("
              + (last == null ? "no answer" : Words.attemptInFull(last, services.zone()))
              + ")";
      statuses.put(e.key(), answer);
    }
    lastAnswer.set(e.key().shortForm() + ": " + answer);
    reload();
    settledListeners.forEach(Runnable::run);
  }

  /** What abandoning {@code row} will do, for the teller to confirm first. */
  public Words.Statement abandonQuestion(InDoubtRow row) {
    return Words.abandonQuestion(row.entry().key(), row.entry().request());
  }

  /**
   * Gives up on the entry explicitly (after the teller confirmed): the ledger voids its key first,
   * so nothing still on its way can post it; the desk keeps the record. If it had posted after all,
   * nothing is abandoned and the posting is shown.
   */
  public void abandon(InDoubtRow row) {
    Outbox.OutboxEntry e = row.entry();
    lastAnswer.set(e.key().shortForm() + ": asking the ledger to void it…");
    tasks.run(
        () ->
            services
                .abandoner()
                .abandon(e.key(), e.request(), "Abandoned by the teller from the in-doubt list."),
        answer -> {
          String said =
              switch (answer.result()) {
                case ABANDONED -> Words.abandoned(e.key(), e.request()).detail();
                case ALREADY_DECIDED ->
                    Words.notAbandoned(answer.outcome())
                        + " "
                        + Words.resolved(answer.outcome(), services.zone());
                case TRY_AGAIN, REFUSED -> Words.abandonFailed(answer.outcome());
              };
          if (answer.result() == Abandonment.Result.ALREADY_DECIDED
              || answer.result() == Abandonment.Result.ABANDONED) {
            statuses.remove(e.key());
          }
          lastAnswer.set(e.key().shortForm() + ": " + said);
          reload();
          settledListeners.forEach(Runnable::run);
        },
        err -> lastAnswer.set(e.key().shortForm() + ": not abandoned: " + err.getMessage()));
  }

  public void dismissAnswer() {
    lastAnswer.set("");
    visible.set(!rows.isEmpty());
  }

  private String describe(Outbox.OutboxEntry e) {
    var r = e.request();
    return e.key().shortForm()
        + "  "
        + r.amount().format()
        + "  "
        + AccountNumbers.pretty(r.fromAccount())
        + " → "
        + AccountNumbers.pretty(r.toAccount())
        + "  since "
        + HM.format(e.createdAt().atZone(services.zone()));
  }
}
