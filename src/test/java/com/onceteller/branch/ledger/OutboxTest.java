package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestLedger;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.Outbox.OutboxEntry;
import com.onceteller.desk.client.Outbox.State;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

  private static TransferRequest request(long amount) {
    return new TransferRequest(TestLedger.number(0), TestLedger.number(1), amount, "EUR", "Rent");
  }

  private static HibernateOutbox outbox(TestLedger ledger) {
    return new HibernateOutbox(ledger.database, Clock.systemUTC(), "teller-7");
  }

  private static AttemptResult noAnswer(int n) {
    return new AttemptResult.NoAnswer(
        n, T0, Duration.ofMillis(30), NoResponseException.Kind.TIMEOUT, "timed out");
  }

  private static AttemptResult answered(int n, TransferOutcome o) {
    return new AttemptResult.Answered(n, T0, Duration.ofMillis(5), o);
  }

  @Test
  void inDoubtSubmissionsSurviveCloseAndReopenOldestFirst() {
    IdempotencyKey first = IdempotencyKey.mint();
    IdempotencyKey second = IdempotencyKey.mint();
    IdempotencyKey decided = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      Outbox outbox = outbox(ledger);
      outbox.pending(first, request(100), T0);
      outbox.pending(second, request(200), T0.plusSeconds(1));
      outbox.attempted(second, noAnswer(1));
      outbox.pending(decided, request(300), T0.plusSeconds(2));
      outbox.resolved(
          decided,
          new TransferOutcome.Posted(decided, "T-000001", request(300), T0, false),
          T0.plusSeconds(3));
    }
    try (TestLedger reopened = TestLedger.open(dir)) {
      List<OutboxEntry> inDoubt = outbox(reopened).inDoubt();
      assertThat(inDoubt).extracting(OutboxEntry::key).containsExactly(first, second);
      OutboxEntry e = inDoubt.get(1);
      assertThat(e.request()).isEqualTo(request(200));
      assertThat(e.state()).isEqualTo(State.PENDING);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.lastResult()).contains("No answer");
      assertThat(e.createdAt()).isEqualTo(T0.plusSeconds(1));
    }
  }

  @Test
  void abandonRecordsWhoWhyAndWhenAndKeepsTheRowAndItsAttempts() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      outbox.pending(key, request(100), T0);
      outbox.attempted(key, noAnswer(1));
      outbox.attempted(key, noAnswer(2));
      outbox.abandoned(key, "Customer left; will come back tomorrow", T0.plusSeconds(60));
    }
    try (TestLedger reopened = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(reopened);
      assertThat(outbox.inDoubt()).isEmpty();
      OutboxSubmission row = outbox.submission(key);
      assertThat(row).isNotNull();
      assertThat(row.getState()).isEqualTo(State.ABANDONED);
      assertThat(row.getAbandonedBy()).isEqualTo("teller-7");
      assertThat(row.getAbandonReason()).isEqualTo("Customer left; will come back tomorrow");
      assertThat(row.getAbandonedAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(outbox.attempts(key))
          .extracting(OutboxAttempt::getAttemptNo)
          .containsExactly(1, 2);
      assertThat(outbox.since(Instant.EPOCH))
          .singleElement()
          .satisfies(e -> assertThat(e.state()).isEqualTo(State.ABANDONED));
    }
  }

  @Test
  void abandoningWithoutAReasonOrAfterADecisionIsRefused() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      outbox.pending(key, request(100), T0);
      assertThatThrownBy(() -> outbox.abandoned(key, "  ", T0))
          .isInstanceOf(Outbox.OutboxException.class)
          .hasMessageContaining("why");
      outbox.resolved(
          key, new TransferOutcome.Posted(key, "T-000009", request(100), T0, false), T0);
      assertThatThrownBy(() -> outbox.abandoned(key, "changed my mind", T0))
          .isInstanceOf(Outbox.OutboxException.class)
          .hasMessageContaining("not in doubt");
      assertThat(outbox.submission(key).getState()).isEqualTo(State.POSTED);
      assertThat(outbox.submission(key).getReference()).isEqualTo("T-000009");
    }
  }

  @Test
  void aVoidAnsweredByTheLedgerClosesThePendingSubmissionAsAbandoned() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      outbox.pending(key, request(100), T0);
      outbox.resolved(
          key,
          new TransferOutcome.Voided(key, request(100), T0, "Teller 3", "Changed amount", true),
          T0);
      assertThat(outbox.submission(key).getState()).isEqualTo(State.ABANDONED);
      assertThat(outbox.submission(key).getLastOutcome()).isEqualTo("VOIDED");
      assertThat(outbox.inDoubt()).isEmpty();
    }
  }

  @Test
  void resendingTheSameRequestUnderItsKeyPutsItBackInDoubt() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      outbox.pending(key, request(100), T0);
      outbox.attempted(key, noAnswer(1));
      outbox.abandoned(key, "gave up", T0.plusSeconds(5));
      outbox.pending(key, request(100), T0.plusSeconds(10));
      assertThat(outbox.inDoubt()).extracting(OutboxEntry::key).containsExactly(key);
      OutboxSubmission row = outbox.submission(key);
      assertThat(row.getAttempts()).isEqualTo(1);
      assertThat(row.getAbandonReason()).as("the abandon record stays").isEqualTo("gave up");
      assertThat(row.getCreatedAt()).isEqualTo(T0);
    }
  }

  @Test
  void aDifferentRequestUnderAKeyThatMayBeInTheLedgerIsRefused() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      outbox.pending(key, request(100), T0);
      assertThatThrownBy(() -> outbox.pending(key, request(999), T0))
          .isInstanceOf(Outbox.OutboxException.class)
          .hasMessageContaining("different transfer");
      outbox.attempted(key, noAnswer(1));
      assertThatThrownBy(() -> outbox.pending(key, request(999), T0))
          .isInstanceOf(Outbox.OutboxException.class);
      assertThat(outbox.inDoubt())
          .singleElement()
          .extracting(OutboxEntry::request)
          .isEqualTo(request(100));
    }
  }

  @Test
  void aCorrectedFormAfterAnInvalidAnswerReusesItsKey() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      TransferRequest wrong = request(0);
      outbox.pending(key, wrong, T0);
      TransferOutcome invalid =
          new TransferOutcome.Invalid(
              key, List.of(new FieldError(FieldError.Field.AMOUNT, "must be more")));
      outbox.attempted(key, answered(1, invalid));
      outbox.resolved(key, invalid, T0);
      assertThat(outbox.submission(key).getState()).isEqualTo(State.REFUSED);

      outbox.pending(key, request(500), T0.plusSeconds(30));
      assertThat(outbox.inDoubt())
          .singleElement()
          .extracting(OutboxEntry::request)
          .isEqualTo(request(500));
    }
  }

  @Test
  void answersThatAreNotDecisionsLeaveTheSubmissionInDoubt() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      outbox.pending(key, request(100), T0);
      TransferOutcome unknown = new TransferOutcome.OutcomeUnknown(key, "disk said no");
      outbox.attempted(key, answered(1, unknown));
      outbox.resolved(key, unknown, T0);
      assertThat(outbox.inDoubt())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.lastResult()).contains("disk said no");
                assertThat(e.attempts()).isEqualTo(1);
              });
    }
  }

  @Test
  void recordingForAnUnknownKeyFailsWithAnOutboxException() {
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      assertThatThrownBy(() -> outbox.attempted(IdempotencyKey.mint(), noAnswer(1)))
          .isInstanceOf(Outbox.OutboxException.class)
          .hasMessageContaining("not in the outbox");
    }
  }

  @Test
  void theOutboxIsWrittenToItsOwnTablesAndNothingIsDeleted() throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    try (TestLedger ledger = TestLedger.open(dir)) {
      HibernateOutbox outbox = outbox(ledger);
      outbox.pending(key, request(100), T0);
      outbox.attempted(key, noAnswer(1));
      outbox.abandoned(key, "test", T0);
    }
    String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select (select count(*) from outbox_submission),"
                    + " (select count(*) from outbox_attempt),"
                    + " (select count(*) from transfer)")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getInt(2)).isEqualTo(1);
      assertThat(rs.getInt(3)).as("the outbox never touches the ledger").isZero();
    }
  }
}
