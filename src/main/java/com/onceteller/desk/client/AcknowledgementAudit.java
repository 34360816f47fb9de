package com.onceteller.desk.client;

import com.onceteller.desk.client.Outbox.Acknowledgement;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, before anything new is sent, checks every decision this desk acknowledged since the
 * last audit against the ledger. A ledger that lost a commit is never silent about it:
 *
 * <ul>
 *   <li>a posting the teller was shown but the ledger does not know is re-posted exactly as
 *       acknowledged ({@link LedgerInquiry#restore}), so the money moved exactly once, and an
 *       incident is recorded on the desk and in the ledger;
 *   <li>a rejection or void the ledger lost is fenced again (a stored void), so the key can never
 *       post later, and an incident is recorded;
 *   <li>a ledger that holds a different decision than the one shown is an incident left to a person
 *       (nothing is changed automatically).
 * </ul>
 *
 * An acknowledgement found in the ledger is marked audited and not checked again.
 */
public final class AcknowledgementAudit {

  private static final Logger log = LoggerFactory.getLogger(AcknowledgementAudit.class);

  /** The incident kinds this audit records. */
  public static final String MISSING_POSTING = "ACKNOWLEDGED_POSTING_MISSING";

  public static final String MISSING_DECISION = "ACKNOWLEDGED_DECISION_MISSING";
  public static final String CONFLICT = "ACKNOWLEDGED_DECISION_CONFLICT";

  /** What an audit found. */
  public record Report(int checked, int confirmed, List<String> incidents) {
    public Report {
      incidents = List.copyOf(incidents);
    }
  }

  private final Outbox outbox;
  private final LedgerInquiry ledger;
  private final Clock clock;
  private final String operator;

  public AcknowledgementAudit(Outbox outbox, LedgerInquiry ledger, Clock clock, String operator) {
    this.outbox = Objects.requireNonNull(outbox);
    this.ledger = Objects.requireNonNull(ledger);
    this.clock = Objects.requireNonNull(clock);
    this.operator = operator;
  }

  /**
   * Runs the audit. Stops early (the rest is checked at the next start) if the ledger cannot be
   * asked or cannot answer now.
   */
  public Report run() {
    List<Acknowledgement> acks = outbox.unaudited();
    int confirmed = 0;
    List<String> incidents = new ArrayList<>();
    for (Acknowledgement ack : acks) {
      String incident;
      try {
        incident = check(ack, ledger.statusOf(ack.key()));
      } catch (IllegalStateException e) {
        log.warn("Acknowledgement audit stopped at {}: {}", ack.key(), e.getMessage());
        break;
      }
      if (incident == null) {
        confirmed++;
      } else {
        incidents.add(incident);
      }
      outbox.audited(ack.key(), clock.instant());
    }
    if (!acks.isEmpty()) {
      log.info(
          "Acknowledgement audit: {} checked, {} confirmed, {} incidents",
          acks.size(),
          confirmed,
          incidents.size());
    }
    return new Report(acks.size(), confirmed, incidents);
  }

  /** Null when the ledger agrees; else the incident, already recorded. */
  private String check(Acknowledgement ack, KeyStatus status) {
    KeyStatus.State expected =
        switch (ack.decision()) {
          case POSTED -> KeyStatus.State.POSTED;
          case REJECTED -> KeyStatus.State.REJECTED;
          case VOIDED -> KeyStatus.State.VOIDED;
        };
    if (status.state() == expected) {
      if (expected == KeyStatus.State.POSTED
          && ack.reference() != null
          && !ack.reference().equals(status.reference())) {
        return record(
            CONFLICT,
            ack,
            "the teller was shown Posted "
                + ack.reference()
                + " but the ledger holds this key as "
                + status.reference());
      }
      return null;
    }
    if (status.state() != KeyStatus.State.UNKNOWN) {
      return record(
          CONFLICT,
          ack,
          "the teller was shown "
              + ack.decision()
              + (ack.reference() == null ? "" : " " + ack.reference())
              + " but the ledger holds "
              + status.state()
              + (status.reference() == null ? "" : " " + status.reference())
              + "; nothing was changed, a supervisor must look at it");
    }
    if (ack.decision() == Outbox.Decision.POSTED) {
      RestoreResult r = ledger.restore(ack, "acknowledged on this desk at " + ack.acknowledgedAt());
      if (!r.restored() && r.retryable()) {
        // Nothing was decided (the ledger was busy): stop here, the next start asks again.
        throw new IllegalStateException("the ledger could not restore it now: " + r.message());
      }
      return record(
          MISSING_POSTING,
          ack,
          "the ledger had lost posting "
              + ack.reference()
              + " that the teller was shown; "
              + (r.restored()
                  ? "it was posted again exactly once as "
                      + r.reference()
                      + (r.referenceAsAcknowledged() ? "" : " (its reference had been reissued)")
                  : "it could not be restored: " + r.message()));
    }
    TransferOutcome fenced =
        ledger.fence(
            ack.key(),
            ack.request(),
            operator,
            "audit: the ledger had lost the " + ack.decision() + " the teller was shown");
    return record(
        MISSING_DECISION,
        ack,
        "the ledger had lost the "
            + ack.decision().name().toLowerCase(java.util.Locale.ROOT)
            + " the teller was shown; the key was fenced again ("
            + fenced.getClass().getSimpleName()
            + ") so it can never post");
  }

  private String record(String kind, Acknowledgement ack, String detail) {
    String text = "Transfer " + ack.key().shortForm() + ": " + detail;
    outbox.incident(kind, ack.key(), text, clock.instant());
    return text;
  }
}
