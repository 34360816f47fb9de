package com.onceteller.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The end-of-day report of one business day, for one teller or the whole branch: counts and totals
 * per currency, what still waits for a supervisor, the desk's in-doubt items and what the ledger
 * says of each, and the reconciliation proof. {@link #blockers} says what stops the day from
 * closing; empty when it may close.
 *
 * @param tellerId the teller, or null for the branch
 */
public record EndOfDayReport(
    LocalDate date,
    String tellerId,
    List<CurrencyLine> lines,
    List<PendingApproval> awaitingApproval,
    List<InDoubtItem> inDoubt,
    Proof proof,
    List<String> blockers,
    boolean closed,
    Instant closedAt,
    String closedBy) {

  public EndOfDayReport {
    lines = List.copyOf(lines);
    awaitingApproval = List.copyOf(awaitingApproval);
    inDoubt = List.copyOf(inDoubt);
    blockers = List.copyOf(blockers);
  }

  /** How many and how much, in minor units. */
  public record Tally(long count, long totalMinor) {
    public static final Tally NONE = new Tally(0, 0);

    public Tally plus(long amountMinor) {
      return new Tally(count + 1, totalMinor + amountMinor);
    }
  }

  /** One currency's figures of the day. */
  public record CurrencyLine(
      String currency,
      Tally posted,
      Tally reversed,
      Tally rejected,
      Tally voided,
      Tally awaitingApproval) {}

  /**
   * A desk's in-doubt item: the key whose answer the desk never got, and what the ledger holds for
   * it now (UNKNOWN blocks the close until it is resolved or signed off by a supervisor).
   */
  public record InDoubtItem(
      String tellerId, IdempotencyKey key, TransferRequest request, KeyStatus.State ledgerState) {}

  /**
   * The reconciliation proof: per currency, the total the accounts hold and the day's debits and
   * credits (equal in a double-entry ledger of internal transfers, so the total is unchanged), and
   * the ledger's own reconciliation (every posting balanced, every balance equal to its opening
   * plus its journal).
   */
  public record Proof(List<ProofLine> lines, List<String> problems) {
    public Proof {
      lines = List.copyOf(lines);
      problems = List.copyOf(problems);
    }

    public boolean balanced() {
      return problems.isEmpty()
          && lines.stream().allMatch(l -> l.debitsMinor() == l.creditsMinor());
    }
  }

  /** One currency of the proof. */
  public record ProofLine(String currency, long heldMinor, long debitsMinor, long creditsMinor) {}
}
