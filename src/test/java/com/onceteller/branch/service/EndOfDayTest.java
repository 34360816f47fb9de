package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.AuditRows;
import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.DeskItem;
import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of the day: per-teller and branch figures, in-doubt items that must be resolved or signed
 * off, requests waiting for approval, the proof, and a closed day that cannot change while new
 * postings go to the next business date. Each on a ledger of its own (days are closed).
 */
class EndOfDayTest {

  @TempDir Path dir;

  private record Desk(TestLedger ledger, TransferService service, EndOfDayService eod) {}

  private Desk open() {
    TestLedger l = TestLedger.open(dir);
    l.demoLimits();
    TransferService s = new TransferService(l.database);
    return new Desk(l, s, new EndOfDayService(s, ZoneId.systemDefault()));
  }

  @Test
  void theTellersReportCountsWhatTheyDidAndTheProofBalances() {
    Desk d = open();
    try (TestLedger l = d.ledger()) {
      TransferService s = d.service();
      var p1 =
          (TransferOutcome.Posted)
              s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, AMELIE, 10_000));
      s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, JONAS, 2_500));
      s.reverse(TestActors.TELLER, IdempotencyKey.mint(), p1.reference(), "wrong payee");
      s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(LEONIE, AMELIE, 9_999_999));
      s.abandon(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, AMELIE, 700), "customer left");
      s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, AMELIE, 1_000_001));
      s.submit(TestActors.TELLER_2, IdempotencyKey.mint(), eur(CAFE, AMELIE, 123));

      EndOfDayReport r = d.eod().tellerReport(TestActors.TELLER, "anna", List.of());

      assertThat(r.lines())
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.currency()).isEqualTo("EUR");
                assertThat(line.posted()).isEqualTo(new EndOfDayReport.Tally(2, 12_500));
                assertThat(line.reversed()).isEqualTo(new EndOfDayReport.Tally(1, 10_000));
                assertThat(line.rejected()).isEqualTo(new EndOfDayReport.Tally(1, 9_999_999));
                assertThat(line.voided()).isEqualTo(new EndOfDayReport.Tally(1, 700));
                assertThat(line.awaitingApproval())
                    .isEqualTo(new EndOfDayReport.Tally(1, 1_000_001));
              });
      assertThat(r.proof().balanced()).isTrue();
      assertThat(r.blockers()).singleElement().asString().contains("waits for a supervisor");
      EndOfDayReport branch = d.eod().branchReport(TestActors.SUPERVISOR, List.of());
      assertThat(branch.lines().get(0).posted()).isEqualTo(new EndOfDayReport.Tally(3, 12_623));
      assertThat(branch.proof().lines())
          .filteredOn(x -> x.currency().equals("EUR"))
          .singleElement()
          .satisfies(
              x -> assertThat(x.debitsMinor()).isEqualTo(x.creditsMinor()).isEqualTo(22_623));
    }
  }

  @Test
  void aTellerDayWithAnInDoubtItemClosesOnlyAfterASupervisorSignsItOff() {
    Desk d = open();
    try (TestLedger l = d.ledger()) {
      TransferService s = d.service();
      s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, AMELIE, 5_000));
      IdempotencyKey lost = IdempotencyKey.mint();
      TransferRequest lostRequest = eur(CAFE, JONAS, 4_000);
      List<DeskItem> desk = List.of(new DeskItem("anna", lost, lostRequest));
      AuditRows audit = new AuditRows(l.database);
      long mark = audit.mark();

      EndOfDayReport before = d.eod().tellerReport(TestActors.TELLER, "anna", desk);
      assertThat(before.inDoubt())
          .singleElement()
          .satisfies(i -> assertThat(i.ledgerState()).isEqualTo(KeyStatus.State.UNKNOWN));
      assertThatThrownBy(() -> d.eod().closeTellerDay(TestActors.TELLER, "anna", desk))
          .isInstanceOfSatisfying(
              ServiceRefusal.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.CONFLICT);
                assertThat(e.getMessage()).contains(lost.shortForm()).contains("signs it off");
              });
      // A teller may not close another teller's day.
      assertThatThrownBy(() -> d.eod().closeTellerDay(TestActors.TELLER_2, "anna", desk))
          .isInstanceOfSatisfying(
              ServiceRefusal.class,
              e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED));

      assertThat(
              s.signOffInDoubt(TestActors.SUPERVISOR, "anna", lost, lostRequest, "never arrived"))
          .isInstanceOf(TransferOutcome.Voided.class);
      EndOfDayReport closed = d.eod().closeTellerDay(TestActors.TELLER, "anna", desk);

      assertThat(closed.closed()).isTrue();
      assertThat(closed.closedBy()).isEqualTo("anna");
      assertThat(closed.inDoubt())
          .singleElement()
          .satisfies(i -> assertThat(i.ledgerState()).isEqualTo(KeyStatus.State.VOIDED));
      assertThat(closed.lines().get(0).voided()).isEqualTo(new EndOfDayReport.Tally(1, 4_000));
      assertThat(audit.since(mark))
          .extracting(AuditRows.Row::type, AuditRows.Row::userId, AuditRows.Row::success)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(AuditEventType.ACCESS_DENIED, "ben", false),
              org.assertj.core.groups.Tuple.tuple(AuditEventType.IN_DOUBT_SIGNED_OFF, "sara", true),
              org.assertj.core.groups.Tuple.tuple(AuditEventType.TELLER_DAY_CLOSED, "anna", true));
      // Closed: anna posts nothing more today; closing again answers with the closed report.
      assertThat(s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, AMELIE, 100)))
          .isInstanceOfSatisfying(
              TransferOutcome.Invalid.class,
              i ->
                  assertThat(i.errors())
                      .extracting(FieldError::field)
                      .containsExactly(FieldError.Field.PERMISSION));
      assertThat(d.eod().closeTellerDay(TestActors.TELLER, "anna", desk).closedAt())
          .isEqualTo(closed.closedAt());
    }
  }

  @Test
  void afterTheBranchClosesNewPostingsGoToTheNextDateAndTheClosedDayCannotChange()
      throws Exception {
    Desk d = open();
    try (TestLedger l = d.ledger()) {
      TransferService s = d.service();
      LocalDate day = d.eod().openDay();
      s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, AMELIE, 5_000));
      IdempotencyKey waiting = IdempotencyKey.mint();
      s.submit(TestActors.TELLER_2, waiting, eur(CAFE, AMELIE, 1_000_001));

      assertThatThrownBy(() -> d.eod().closeBusinessDay(TestActors.TELLER, List.of()))
          .isInstanceOfSatisfying(
              ServiceRefusal.class,
              e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED));
      assertThatThrownBy(() -> d.eod().closeBusinessDay(TestActors.SUPERVISOR, List.of()))
          .hasMessageContaining("waits for a supervisor");
      new ApprovalService(s, new IdentityService(l.database, Clock.systemUTC()))
          .decline(TestActors.SUPERVISOR, "ben", waiting, "not today");
      AuditRows audit = new AuditRows(l.database);
      long mark = audit.mark();

      EndOfDayReport closed = d.eod().closeBusinessDay(TestActors.SUPERVISOR, List.of());

      assertThat(closed.date()).isEqualTo(day);
      assertThat(closed.closed()).isTrue();
      assertThat(closed.proof().balanced()).isTrue();
      LocalDate next = d.eod().openDay();
      assertThat(next).isAfter(day);
      assertThat(audit.since(mark))
          .extracting(AuditRows.Row::type)
          .containsExactly(
              AuditEventType.TELLER_DAY_CLOSED,
              AuditEventType.TELLER_DAY_CLOSED,
              AuditEventType.BUSINESS_DAY_CLOSED);
      // Anna's day closed with the branch's; the next day is a new day for her.
      var later =
          (TransferOutcome.Posted)
              s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, AMELIE, 300));
      assertThat(l.queries.transferByReference(later.reference())).isPresent();
      assertThat(d.eod().report(TestActors.SUPERVISOR, day, null).lines())
          .as("the closed day's figures did not move")
          .isEqualTo(closed.lines());
      assertThat(d.eod().report(TestActors.SUPERVISOR, next, null).lines().get(0).posted())
          .isEqualTo(new EndOfDayReport.Tally(1, 300));
      try (Connection c = l.database.dataSource().getConnection();
          Statement st = c.createStatement()) {
        assertThatThrownBy(
                () ->
                    st.executeUpdate(
                        "update business_day set close_summary = 'x' where business_date = '"
                            + day
                            + "'"))
            .hasMessageContaining("is closed");
        assertThatThrownBy(() -> st.executeUpdate("delete from business_day"))
            .hasMessageContaining("never deleted");
        assertThatThrownBy(
                () ->
                    st.executeUpdate(
                        "insert into transfer (reference, teller_id, idempotency_key,"
                            + " from_account_id, to_account_id, amount_minor, currency, memo,"
                            + " posted_at, business_date) select 'T-777777', 'anna', random_uuid(),"
                            + " t.from_account_id, t.to_account_id, 1, 'EUR', 'late',"
                            + " current_timestamp, '"
                            + day
                            + "' from transfer t where t.reference = '"
                            + later.reference()
                            + "'"))
            .hasMessageContaining("open business day only");
        c.rollback();
      }
    }
  }
}
