package com.onceteller.ui.accounts;

import com.onceteller.desk.client.Outbox;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferSummary;
import com.onceteller.ui.Folding;
import com.onceteller.ui.ReplayTally;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerServices;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Accounts with live balances and the day's journal: posted transfers from the ledger, joined with
 * the outbox's attempts, plus the day's submissions that did not post (rejected, in doubt,
 * abandoned). Searchable by reference, key or account. Reads run in the background.
 */
public final class AccountsViewModel {

  private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final int JOURNAL_LIMIT = 500;

  private final TellerServices services;
  private final TaskRunner tasks;
  private final ReplayTally replays;
  private final ObservableList<AccountSummary> accounts = FXCollections.observableArrayList();
  private final ObservableList<JournalRow> journal = FXCollections.observableArrayList();
  private final StringProperty search = new SimpleStringProperty(this, "search", "");
  private final ReadOnlyStringWrapper totals = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
  private long generation;

  public AccountsViewModel(TellerServices services, TaskRunner tasks, ReplayTally replays) {
    this.services = services;
    this.tasks = tasks;
    this.replays = replays;
    search.addListener((o, a, b) -> refresh());
  }

  public ObservableList<AccountSummary> accounts() {
    return accounts;
  }

  public ObservableList<JournalRow> journal() {
    return journal;
  }

  public StringProperty searchProperty() {
    return search;
  }

  /** Sum of balances per currency: a transfer never changes it. */
  public ReadOnlyStringProperty totalsProperty() {
    return totals.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  private record Snapshot(List<AccountSummary> accounts, List<JournalRow> journal, String totals) {}

  /** Re-reads balances and the journal off the UI thread. */
  public void refresh() {
    long gen = ++generation;
    String q = search.get() == null ? "" : search.get().strip();
    tasks.run(
        () -> read(q),
        snap -> {
          if (gen == generation) {
            accounts.setAll(snap.accounts());
            journal.setAll(snap.journal());
            totals.set(snap.totals());
            problem.set("");
          }
        },
        e -> problem.set("The ledger could not be read: " + e.getMessage()));
  }

  private Snapshot read(String q) {
    Instant since =
        LocalDate.now(services.clock().withZone(services.zone()))
            .atStartOfDay(services.zone())
            .toInstant();
    String query = q.length() > 64 ? q.substring(0, 64) : q;
    List<AccountSummary> all = services.queries().accounts();
    // Filtered here, not in SQL: the database compares accents and case byte by byte.
    List<TransferSummary> posted = services.queries().journal(since, "", JOURNAL_LIMIT);
    List<Outbox.OutboxEntry> entries;
    try {
      entries = services.outbox().since(since);
    } catch (RuntimeException e) {
      entries = List.of();
    }
    Map<String, String> holders = new HashMap<>();
    all.forEach(a -> holders.put(a.number(), a.holder()));
    Map<IdempotencyKey, Outbox.OutboxEntry> byKey = new HashMap<>();
    for (Outbox.OutboxEntry e : entries) {
      byKey.putIfAbsent(e.key(), e);
    }
    List<JournalRow> rows = new ArrayList<>();
    Set<IdempotencyKey> shown = new HashSet<>();
    for (TransferSummary t : posted) {
      if (!matches(query, t.reference(), t.key(), t.fromAccount(), t.toAccount(), holders)) {
        shown.add(t.key());
        continue;
      }
      Outbox.OutboxEntry e = byKey.get(t.key());
      shown.add(t.key());
      rows.add(
          new JournalRow(
              t.reference(),
              t.key().shortForm(),
              t.key().toString(),
              HMS.format(t.postedAt().atZone(services.zone())),
              holders.getOrDefault(t.fromAccount(), ""),
              AccountNumbers.pretty(t.fromAccount()),
              holders.getOrDefault(t.toAccount(), ""),
              AccountNumbers.pretty(t.toAccount()),
              t.amount().format(),
              "Posted",
              e == null ? 0 : e.attempts(),
              replays.replays(t.key())));
    }
    for (Outbox.OutboxEntry e : entries) {
      if (shown.contains(e.key())
          || e.state() == Outbox.State.POSTED
          || !matches(e, query, holders)) {
        continue;
      }
      shown.add(e.key());
      rows.add(
          new JournalRow(
              e.reference() == null ? "—" : e.reference(),
              e.key().shortForm(),
              e.key().toString(),
              HMS.format(e.createdAt().atZone(services.zone())),
              holders.getOrDefault(e.request().fromAccount(), ""),
              AccountNumbers.pretty(e.request().fromAccount()),
              holders.getOrDefault(e.request().toAccount(), ""),
              AccountNumbers.pretty(e.request().toAccount()),
              e.request().amount().format(),
              status(e.state()),
              e.attempts(),
              replays.replays(e.key())));
    }
    rows.sort(Comparator.comparing(JournalRow::time).reversed());
    StringBuilder sb = new StringBuilder("Total held: ");
    services
        .queries()
        .totalsByCurrency()
        .forEach(
            (cur, sum) ->
                sb.append(new com.onceteller.domain.Money(sum, cur).format()).append("   "));
    return new Snapshot(all, rows, sb.toString().strip());
  }

  private static boolean matches(Outbox.OutboxEntry e, String q, Map<String, String> holders) {
    return matches(
        q, e.reference(), e.key(), e.request().fromAccount(), e.request().toAccount(), holders);
  }

  /**
   * One search for every journal row, posted or not (rejected, in doubt, abandoned): reference,
   * key, account number (prefix), or either holder's name — case and accents ignored.
   */
  static boolean matches(
      String q,
      String reference,
      IdempotencyKey key,
      String from,
      String to,
      Map<String, String> holders) {
    if (q.isEmpty()) {
      return true;
    }
    String acct = AccountNumbers.normalize(q);
    return Folding.contains(holders.getOrDefault(from, ""), q)
        || Folding.contains(holders.getOrDefault(to, ""), q)
        || key.toString().contains(q.toLowerCase(Locale.ROOT))
        || (reference != null && Folding.contains(reference, q))
        || (!acct.isEmpty() && (from.startsWith(acct) || to.startsWith(acct)));
  }

  private static String status(Outbox.State s) {
    return switch (s) {
      case PENDING -> "In doubt";
      case POSTED -> "Posted";
      case REJECTED -> "Rejected";
      case REFUSED -> "Refused";
      case ABANDONED -> "Abandoned";
    };
  }
}
