package com.onceteller.branch.service;

import com.onceteller.branch.ledger.BusinessDay;
import com.onceteller.branch.ledger.IdempotencyRecord;
import com.onceteller.branch.ledger.LedgerReconciler;
import com.onceteller.branch.ledger.TellerDay;
import com.onceteller.branch.ledger.Transfer;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.DeskItem;
import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.EndOfDayReport.CurrencyLine;
import com.onceteller.domain.EndOfDayReport.Tally;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.Money;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.Permission;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferRequest;
import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business day and its end: reports per teller and per branch, closing a teller's day, and
 * closing the branch's day, after which new postings belong to the next business date and the
 * closed one cannot change (triggers, V11). A day closes only when nothing waits for a supervisor,
 * every in-doubt item the desks report is resolved or signed off, and the proof balances.
 */
public final class EndOfDayService {

  private static final Logger log = LoggerFactory.getLogger(EndOfDayService.class);

  private final TransferService transfers;
  private final SessionFactory sf;
  private final AuditTrail audit;
  private final ZoneId zone;

  public EndOfDayService(TransferService transfers, ZoneId zone) {
    this.transfers = transfers;
    this.sf = transfers.database().sessionFactory();
    this.audit = transfers.audit();
    this.zone = zone;
  }

  /** The open business date. */
  public LocalDate openDay() {
    return sf.fromSession(Controls::openDay);
  }

  /**
   * The report of {@code tellerId}'s open day ({@code deskInDoubt}: the desk's in-doubt items, of
   * which the teller's count). A teller reads their own; another teller's needs a supervisor.
   */
  public EndOfDayReport tellerReport(Actor actor, String tellerId, List<DeskItem> deskInDoubt) {
    requireFor(actor, tellerId, "report");
    return sf.fromSession(s -> report(s, Controls.openDay(s), tellerId, deskInDoubt));
  }

  /** The branch's report of the open day (a supervisor or an auditor). */
  public EndOfDayReport branchReport(Actor actor, List<DeskItem> deskInDoubt) {
    Access.require(audit, actor, Permission.VIEW_REPORTS, "branch report");
    return sf.fromSession(s -> report(s, Controls.openDay(s), null, deskInDoubt));
  }

  /** The report of any day, closed or open, for a teller or (tellerId null) the branch. */
  public EndOfDayReport report(Actor actor, LocalDate date, String tellerId) {
    if (tellerId == null) {
      Access.require(audit, actor, Permission.VIEW_REPORTS, "branch report " + date);
    } else {
      requireFor(actor, tellerId, "report " + date);
    }
    return sf.fromSession(s -> report(s, date, tellerId, List.of()));
  }

  /**
   * Closes {@code tellerId}'s open day. Refused (CONFLICT, saying what blocks it) while a request
   * of theirs waits for a supervisor or one of their in-doubt items is unknown to the ledger.
   * Closing twice answers with the closed report.
   */
  public EndOfDayReport closeTellerDay(Actor actor, String tellerId, List<DeskItem> deskInDoubt) {
    return closeTellerDay(actor, tellerId, deskInDoubt, null);
  }

  /**
   * {@link #closeTellerDay} under the actor's Idempotency-Key ({@code opKey}, the branch API's
   * {@code POST /v1/business-days/close}): the closed report is stored with the close, and a retry
   * replays it; a refusal (what blocks the close) is stored and replays too.
   */
  public KeyedOperations.Answer closeTellerDay(
      KeyedOperations keyed,
      IdempotencyKey opKey,
      java.util.function.Function<EndOfDayReport, String> encode,
      Actor actor,
      String tellerId,
      List<DeskItem> deskInDoubt) {
    return keyed.run(
        new KeyedOperations.Request(
            actor, opKey, "CLOSE_TELLER_DAY", fingerprint(tellerId, deskInDoubt)),
        encode,
        hook -> closeTellerDay(actor, tellerId, deskInDoubt, hook));
  }

  /**
   * {@link #closeBusinessDay} under the supervisor's Idempotency-Key, as {@link #closeTellerDay}.
   */
  public KeyedOperations.Answer closeBusinessDay(
      KeyedOperations keyed,
      IdempotencyKey opKey,
      java.util.function.Function<EndOfDayReport, String> encode,
      Actor actor,
      List<DeskItem> deskInDoubt) {
    return keyed.run(
        new KeyedOperations.Request(
            actor, opKey, "CLOSE_BUSINESS_DAY", fingerprint("", deskInDoubt)),
        encode,
        hook -> closeBusinessDay(actor, deskInDoubt, hook));
  }

  private static String fingerprint(String tellerId, List<DeskItem> items) {
    StringBuilder sb = new StringBuilder(String.valueOf(tellerId));
    for (DeskItem i : items == null ? List.<DeskItem>of() : items) {
      sb.append('\n')
          .append(i.tellerId())
          .append(' ')
          .append(i.key())
          .append(' ')
          .append(i.request() == null ? "" : i.request().fingerprint());
    }
    return KeyedOperations.fingerprint(sb.toString());
  }

  private EndOfDayReport closeTellerDay(
      Actor actor,
      String tellerId,
      List<DeskItem> deskInDoubt,
      java.util.function.BiConsumer<Session, EndOfDayReport> hook) {
    requireFor(actor, tellerId, "close day");
    return write(
        s -> {
          LocalDate day = Controls.openDay(s);
          EndOfDayReport r = report(s, day, tellerId, deskInDoubt);
          if (r.closed()) {
            return ApprovalService.stored(s, hook, r);
          }
          refuseIfBlocked(actor, "teller " + tellerId + ", " + day, r);
          Instant now = audit.now();
          s.persist(new TellerDay(day, tellerId, now, actor.userId(), summary(r)));
          AuditTrail.record(
              s,
              now,
              actor,
              AuditEventType.TELLER_DAY_CLOSED,
              true,
              "teller " + tellerId + ", " + day,
              summary(r));
          s.flush();
          return ApprovalService.stored(s, hook, report(s, day, tellerId, deskInDoubt));
        });
  }

  /**
   * Closes the branch's open business day (a supervisor): every teller's day that is still open is
   * closed with it, the day is closed, and the next one opens (the later of the next date and
   * today). Refused (CONFLICT, saying what blocks it) while anything waits for a supervisor, an
   * in-doubt item is unknown to the ledger, or the proof does not balance.
   *
   * @return the closed day's report
   */
  public EndOfDayReport closeBusinessDay(Actor actor, List<DeskItem> deskInDoubt) {
    return closeBusinessDay(actor, deskInDoubt, null);
  }

  private EndOfDayReport closeBusinessDay(
      Actor actor,
      List<DeskItem> deskInDoubt,
      java.util.function.BiConsumer<Session, EndOfDayReport> hook) {
    Access.require(audit, actor, Permission.CLOSE_BRANCH_DAY, "business day");
    EndOfDayReport closed =
        write(
            s -> {
              BusinessDay d =
                  s.createSelectionQuery("from BusinessDay d where d.state = :o", BusinessDay.class)
                      .setParameter("o", BusinessDay.State.OPEN)
                      .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                      .getSingleResult();
              LocalDate day = d.getDate();
              EndOfDayReport r = report(s, day, null, deskInDoubt);
              refuseIfBlocked(actor, "business day " + day, r);
              Instant now = audit.now();
              for (String teller : tellersOf(s, day)) {
                if (tellerDay(s, day, teller).isEmpty()) {
                  EndOfDayReport tr = report(s, day, teller, deskInDoubt);
                  s.persist(new TellerDay(day, teller, now, actor.userId(), summary(tr)));
                  AuditTrail.record(
                      s,
                      now,
                      actor,
                      AuditEventType.TELLER_DAY_CLOSED,
                      true,
                      "teller " + teller + ", " + day,
                      "with the business day: " + summary(tr));
                }
              }
              d.close(actor.userId(), now, summary(r));
              // The closed day gives up the one open marker before the next day takes it.
              s.flush();
              LocalDate today = LocalDate.now(transfers.clock().withZone(zone));
              LocalDate next = today.isAfter(day) ? today : day.plusDays(1);
              s.persist(BusinessDay.open(next, now));
              AuditTrail.record(
                  s,
                  now,
                  actor,
                  AuditEventType.BUSINESS_DAY_CLOSED,
                  true,
                  "business day " + day,
                  summary(r) + "; next business day " + next);
              s.flush();
              return ApprovalService.stored(s, hook, report(s, day, null, List.of()));
            });
    log.info("Business day {} closed by {}", closed.date(), actor.userId());
    return closed;
  }

  // ---- the report ------------------------------------------------------------------------------

  private EndOfDayReport report(
      Session s, LocalDate day, String tellerId, List<DeskItem> deskInDoubt) {
    Map<String, Tally[]> figures = new TreeMap<>();
    var tq =
        s.createSelectionQuery(
            "from Transfer t where t.businessDate = :d"
                + (tellerId == null ? "" : " and t.tellerId = :t"),
            Transfer.class);
    tq.setParameter("d", day);
    if (tellerId != null) {
      tq.setParameter("t", tellerId);
    }
    for (Transfer t : tq.getResultList()) {
      Tally[] f = figures.computeIfAbsent(t.getCurrency(), c -> empty());
      int i = t.getReversalOf() == null ? 0 : 1;
      f[i] = f[i].plus(t.getAmountMinor());
    }
    var rq =
        s.createSelectionQuery(
            "from IdempotencyRecord r where r.businessDate = :d and r.outcome in (:o)"
                + (tellerId == null ? "" : " and r.tellerId = :t"),
            IdempotencyRecord.class);
    rq.setParameter("d", day);
    rq.setParameter(
        "o", List.of(IdempotencyRecord.Decision.REJECTED, IdempotencyRecord.Decision.VOIDED));
    if (tellerId != null) {
      rq.setParameter("t", tellerId);
    }
    for (IdempotencyRecord r : rq.getResultList()) {
      TransferRequest req =
          r.getRequestCanonical() == null
              ? null
              : TransferRequest.fromCanonicalForm(r.getRequestCanonical());
      String currency = req == null ? "—" : req.currency();
      Tally[] f = figures.computeIfAbsent(currency, c -> empty());
      int i = r.getOutcome() == IdempotencyRecord.Decision.REJECTED ? 2 : 3;
      f[i] = f[i].plus(req == null ? 0 : req.amountMinor());
    }
    List<PendingApproval> awaiting = new ArrayList<>();
    var aq =
        s.createSelectionQuery(
            "from IdempotencyRecord r where r.outcome = :o"
                + (tellerId == null ? "" : " and r.tellerId = :t")
                + " order by r.decidedAt",
            IdempotencyRecord.class);
    aq.setParameter("o", IdempotencyRecord.Decision.NEEDS_APPROVAL);
    if (tellerId != null) {
      aq.setParameter("t", tellerId);
    }
    for (IdempotencyRecord r : aq.getResultList()) {
      TransferRequest req =
          r.getRequestCanonical() == null
              ? null
              : TransferRequest.fromCanonicalForm(r.getRequestCanonical());
      awaiting.add(
          new PendingApproval(
              r.getTellerId(),
              new IdempotencyKey(r.getKey()),
              req,
              r.getFingerprint(),
              r.getApprovalNeeded(),
              r.getDecidedAt(),
              r.getBusinessDate()));
      if (req != null) {
        Tally[] f = figures.computeIfAbsent(req.currency(), c -> empty());
        f[4] = f[4].plus(req.amountMinor());
      }
    }
    List<CurrencyLine> lines = new ArrayList<>();
    figures.forEach((c, f) -> lines.add(new CurrencyLine(c, f[0], f[1], f[2], f[3], f[4])));

    List<EndOfDayReport.InDoubtItem> inDoubt = new ArrayList<>();
    for (DeskItem item : deskInDoubt == null ? List.<DeskItem>of() : deskInDoubt) {
      if (tellerId != null && !tellerId.equals(item.tellerId())) {
        continue;
      }
      String scope = item.tellerId() == null ? Actor.LEGACY_TELLER : item.tellerId();
      KeyStatus st = StoredOutcomes.status(s, scope, item.key());
      inDoubt.add(
          new EndOfDayReport.InDoubtItem(item.tellerId(), item.key(), item.request(), st.state()));
    }

    EndOfDayReport.Proof proof = proof(s, day, tellerId);
    List<String> blockers = new ArrayList<>();
    if (!awaiting.isEmpty()) {
      blockers.add(
          awaiting.size()
              + (awaiting.size() == 1 ? " request waits" : " requests wait")
              + " for a supervisor: approve and send, or decline.");
    }
    for (EndOfDayReport.InDoubtItem i : inDoubt) {
      if (i.ledgerState() == KeyStatus.State.UNKNOWN) {
        blockers.add(
            "Transfer "
                + i.key().shortForm()
                + " of "
                + (i.tellerId() == null ? "an earlier version" : i.tellerId())
                + " is in doubt and the ledger has no decision for it: send it again, or a"
                + " supervisor signs it off.");
      }
    }
    if (!proof.balanced()) {
      blockers.add("The proof does not balance: " + String.join("; ", proof.problems()));
    }
    BusinessDay d = s.find(BusinessDay.class, day);
    boolean closed;
    Instant closedAt;
    String closedBy;
    if (tellerId == null) {
      closed = d != null && d.getState() == BusinessDay.State.CLOSED;
      closedAt = closed ? d.getClosedAt() : null;
      closedBy = closed ? d.getClosedBy() : null;
    } else {
      Optional<TellerDay> td = tellerDay(s, day, tellerId);
      closed = td.isPresent();
      closedAt = td.map(TellerDay::getClosedAt).orElse(null);
      closedBy = td.map(TellerDay::getClosedBy).orElse(null);
    }
    return new EndOfDayReport(
        day,
        tellerId,
        lines,
        awaiting,
        inDoubt,
        proof,
        closed ? List.of() : blockers,
        closed,
        closedAt,
        closedBy);
  }

  private static Tally[] empty() {
    return new Tally[] {Tally.NONE, Tally.NONE, Tally.NONE, Tally.NONE, Tally.NONE};
  }

  private static EndOfDayReport.Proof proof(Session s, LocalDate day, String tellerId) {
    Map<String, long[]> byCurrency = new TreeMap<>();
    for (Object[] row :
        s.createSelectionQuery(
                "select a.currency, sum(a.balanceMinor) from Account a group by a.currency",
                Object[].class)
            .getResultList()) {
      byCurrency.put((String) row[0], new long[] {((Number) row[1]).longValue(), 0, 0});
    }
    var movements =
        s.createSelectionQuery(
                "select j.currency, sum(case when j.amountMinor < 0 then -j.amountMinor else 0 end),"
                    + " sum(case when j.amountMinor > 0 then j.amountMinor else 0 end)"
                    + " from JournalEntry j join j.transfer t where t.businessDate = :d"
                    + (tellerId == null ? "" : " and t.tellerId = :t")
                    + " group by j.currency",
                Object[].class)
            .setParameter("d", day);
    if (tellerId != null) {
      movements.setParameter("t", tellerId);
    }
    for (Object[] row : movements.getResultList()) {
      long[] v = byCurrency.computeIfAbsent((String) row[0], c -> new long[3]);
      v[1] = ((Number) row[1]).longValue();
      v[2] = ((Number) row[2]).longValue();
    }
    List<EndOfDayReport.ProofLine> lines = new ArrayList<>();
    byCurrency.forEach((c, v) -> lines.add(new EndOfDayReport.ProofLine(c, v[0], v[1], v[2])));
    List<String> problems =
        s.doReturningWork(
            c -> {
              try {
                return LedgerReconciler.check(c);
              } catch (SQLException e) {
                return List.of("the ledger could not be reconciled (" + e.getMessage() + ")");
              }
            });
    return new EndOfDayReport.Proof(lines, problems);
  }

  private static Optional<TellerDay> tellerDay(Session s, LocalDate day, String tellerId) {
    return Optional.ofNullable(
        s.createSelectionQuery(
                "from TellerDay d where d.businessDate = :d and d.tellerId = :t", TellerDay.class)
            .setParameter("d", day)
            .setParameter("t", tellerId)
            .getSingleResultOrNull());
  }

  private static TreeSet<String> tellersOf(Session s, LocalDate day) {
    TreeSet<String> out = new TreeSet<>();
    out.addAll(
        s.createSelectionQuery(
                "select distinct t.tellerId from Transfer t where t.businessDate = :d",
                String.class)
            .setParameter("d", day)
            .getResultList());
    out.addAll(
        s.createSelectionQuery(
                "select distinct r.tellerId from IdempotencyRecord r where r.businessDate = :d",
                String.class)
            .setParameter("d", day)
            .getResultList());
    return out;
  }

  /** One line per currency: "EUR posted 3 / EUR 1,234.00, reversed 1 / …". */
  static String summary(EndOfDayReport r) {
    StringBuilder sb = new StringBuilder();
    for (CurrencyLine l : r.lines()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(l.currency())
          .append(" posted ")
          .append(tally(l.posted(), l.currency()))
          .append(", reversed ")
          .append(tally(l.reversed(), l.currency()))
          .append(", rejected ")
          .append(tally(l.rejected(), l.currency()))
          .append(", voided ")
          .append(tally(l.voided(), l.currency()));
    }
    return sb.length() == 0 ? "nothing posted" : sb.toString();
  }

  private static String tally(Tally t, String currency) {
    return t.count()
        + (currency.length() == 3 ? " / " + new Money(t.totalMinor(), currency).format() : "");
  }

  private void refuseIfBlocked(Actor actor, String affected, EndOfDayReport r) {
    if (!r.blockers().isEmpty()) {
      String why = String.join(" ", r.blockers());
      throw new ServiceRefusal(ServiceRefusal.Kind.CONFLICT, "The day cannot close yet. " + why);
    }
  }

  private void requireFor(Actor actor, String tellerId, String what) {
    boolean own = actor != null && actor.userId().equals(tellerId);
    Access.require(
        audit,
        actor,
        own ? Permission.CLOSE_OWN_DAY : Permission.ACT_FOR_OTHER_TELLER,
        "teller " + tellerId + ", " + what);
  }

  /** One transaction under the ledger's writer, committed and synced. */
  private <T> T write(java.util.function.Function<Session, T> body) {
    return transfers
        .withWriter(
            () -> {
              T result;
              try {
                result = sf.fromTransaction(body::apply);
              } catch (ServiceRefusal e) {
                throw e;
              } catch (RuntimeException e) {
                log.warn("End of day write failed", e);
                throw new ServiceRefusal(
                    ServiceRefusal.Kind.UNAVAILABLE,
                    "The ledger could not write it (" + e.getClass().getSimpleName() + ").");
              }
              sf.inSession(x -> x.doWork(transfers.database()::durabilityBarrier));
              return result;
            })
        .orElseThrow(
            () ->
                new ServiceRefusal(
                    ServiceRefusal.Kind.UNAVAILABLE, "The ledger is busy; try again."));
  }
}
