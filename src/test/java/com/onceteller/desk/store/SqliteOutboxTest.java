package com.onceteller.desk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.Outbox.Acknowledgement;
import com.onceteller.desk.client.Outbox.Decision;
import com.onceteller.desk.client.Outbox.OutboxEntry;
import com.onceteller.desk.client.Outbox.State;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteOutboxTest {

  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

  private Path file() {
    return dir.resolve("desk.sqlite");
  }

  private SqliteOutbox open() {
    return SqliteOutbox.open(file(), Clock.systemUTC());
  }

  private static TransferRequest request(long amount) {
    return new TransferRequest(
        "DE89370400440532013000", "DE02500105175407324931", amount, "EUR", "Rent");
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
    try (SqliteOutbox outbox = open()) {
      outbox.pending(first, request(100), T0);
      outbox.pending(second, request(200), T0.plusSeconds(1));
      outbox.attempted(second, noAnswer(1));
      outbox.pending(decided, request(300), T0.plusSeconds(2));
      outbox.resolved(
          decided,
          new TransferOutcome.Posted(decided, "T-000001", request(300), T0, false),
          T0.plusSeconds(3));
    }
    try (SqliteOutbox reopened = open()) {
      List<OutboxEntry> inDoubt = reopened.inDoubt();
      assertThat(inDoubt).extracting(OutboxEntry::key).containsExactly(first, second);
      OutboxEntry e = inDoubt.get(1);
      assertThat(e.request()).isEqualTo(request(200));
      assertThat(e.state()).isEqualTo(State.PENDING);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.lastResult()).contains("No answer");
      assertThat(e.createdAt()).isEqualTo(T0.plusSeconds(1));
      assertThat(reopened.attemptOutcomes(second)).containsExactly("1:NO_ANSWER");
    }
  }

  @Test
  void everyDecisionShownIsAnAcknowledgementUntilAnAuditFindsIt() {
    IdempotencyKey posted = IdempotencyKey.mint();
    IdempotencyKey rejected = IdempotencyKey.mint();
    IdempotencyKey voided = IdempotencyKey.mint();
    IdempotencyKey reused = IdempotencyKey.mint();
    try (SqliteOutbox outbox = open()) {
      for (IdempotencyKey k : List.of(posted, rejected, voided, reused)) {
        outbox.pending(k, request(100), T0);
      }
      outbox.resolved(
          posted, new TransferOutcome.Posted(posted, "T-000042", request(100), T0, false), T0);
      // A replay acknowledges the same decision again: the first acknowledgement stands.
      outbox.resolved(
          posted,
          new TransferOutcome.Posted(posted, "T-000042", request(100), T0, true),
          T0.plusSeconds(9));
      outbox.resolved(
          rejected,
          new TransferOutcome.Rejected(
              rejected,
              RejectionReason.INSUFFICIENT_FUNDS,
              "Insufficient funds",
              request(100),
              T0,
              false),
          T0);
      outbox.resolved(
          voided,
          new TransferOutcome.Voided(voided, request(100), T0, "teller-7", "customer left", false),
          T0);
      outbox.resolved(
          reused,
          new TransferOutcome.KeyReused(reused, request(5), request(100), "T-000001", T0),
          T0);
    }
    try (SqliteOutbox outbox = open()) {
      List<Acknowledgement> acks = outbox.unaudited();
      assertThat(acks)
          .extracting(Acknowledgement::key, Acknowledgement::decision, Acknowledgement::reference)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(posted, Decision.POSTED, "T-000042"),
              org.assertj.core.groups.Tuple.tuple(rejected, Decision.REJECTED, null),
              org.assertj.core.groups.Tuple.tuple(voided, Decision.VOIDED, null));
      assertThat(acks.get(0).request()).isEqualTo(request(100));
      assertThat(acks.get(0).decidedAt()).isEqualTo(T0);
      assertThat(acks.get(0).acknowledgedAt()).isEqualTo(T0);
      outbox.audited(posted, T0.plusSeconds(60));
      assertThat(outbox.unaudited()).extracting(Acknowledgement::key).doesNotContain(posted);
      assertThat(outbox.acknowledgements()).hasSize(3);
      assertThat(outbox.since(Instant.EPOCH))
          .filteredOn(e -> e.key().equals(voided))
          .singleElement()
          .satisfies(e -> assertThat(e.state()).isEqualTo(State.ABANDONED));
    }
  }

  @Test
  void theDecidingAttemptAndItsAnswerAreRecordedTogetherOrNotAtAll() {
    IdempotencyKey key = IdempotencyKey.mint();
    IdempotencyKey unknown = IdempotencyKey.mint();
    TransferOutcome posted = new TransferOutcome.Posted(key, "T-000007", request(100), T0, false);
    try (SqliteOutbox outbox = open()) {
      outbox.pending(key, request(100), T0);
      outbox.attempted(key, noAnswer(1));
      outbox.attemptedAndResolved(key, answered(2, posted), posted, T0.plusSeconds(2));
      // A key the store never recorded: neither part is written.
      assertThatThrownBy(
              () ->
                  outbox.attemptedAndResolved(
                      unknown,
                      answered(1, posted),
                      new TransferOutcome.Posted(unknown, "T-000008", request(1), T0, false),
                      T0))
          .isInstanceOf(Outbox.OutboxException.class);
    }
    try (SqliteOutbox outbox = open()) {
      assertThat(outbox.inDoubt()).isEmpty();
      assertThat(outbox.attemptOutcomes(key)).containsExactly("1:NO_ANSWER", "2:POSTED");
      assertThat(outbox.unaudited())
          .extracting(Acknowledgement::key, Acknowledgement::reference)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(key, "T-000007"));
      assertThat(outbox.attemptOutcomes(unknown)).isEmpty();
    }
  }

  @Test
  void aVoidedKeyCannotBeSentAgain() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (SqliteOutbox outbox = open()) {
      outbox.pending(key, request(100), T0);
      outbox.attempted(key, noAnswer(1));
      outbox.resolved(
          key, new TransferOutcome.Voided(key, request(100), T0, "teller-7", "gave up", false), T0);
      assertThatThrownBy(() -> outbox.pending(key, request(100), T0))
          .isInstanceOf(Outbox.OutboxException.class)
          .hasMessageContaining("voided");
      assertThat(outbox.inDoubt()).isEmpty();
    }
  }

  @Test
  void aDifferentRequestUnderAKeyThatMayBeInTheLedgerIsRefused() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (SqliteOutbox outbox = open()) {
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
    try (SqliteOutbox outbox = open()) {
      TransferRequest wrong = request(0);
      outbox.pending(key, wrong, T0);
      TransferOutcome invalid =
          new TransferOutcome.Invalid(
              key, List.of(new FieldError(FieldError.Field.AMOUNT, "must be more")));
      outbox.attempted(key, answered(1, invalid));
      outbox.resolved(key, invalid, T0);
      assertThat(outbox.since(Instant.EPOCH))
          .singleElement()
          .satisfies(e -> assertThat(e.state()).isEqualTo(State.REFUSED));
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
    try (SqliteOutbox outbox = open()) {
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
      assertThat(outbox.unaudited()).isEmpty();
    }
  }

  @Test
  void recordingForAnUnknownKeyFailsWithAnOutboxException() {
    try (SqliteOutbox outbox = open()) {
      assertThatThrownBy(() -> outbox.attempted(IdempotencyKey.mint(), noAnswer(1)))
          .isInstanceOf(Outbox.OutboxException.class)
          .hasMessageContaining("not in the outbox");
    }
  }

  @Test
  void incidentsAreKeptNewestFirst() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (SqliteOutbox outbox = open()) {
      outbox.incident("ACK_MISSING", key, "T-000042 was missing; restored", T0);
      outbox.incident("ACK_MISSING", null, "second", T0.plusSeconds(1));
    }
    try (SqliteOutbox outbox = open()) {
      assertThat(outbox.incidents(Instant.EPOCH))
          .extracting(Outbox.Incident::detail)
          .containsExactly("second", "T-000042 was missing; restored");
      assertThat(outbox.incidents(T0.plusSeconds(1))).hasSize(1);
    }
  }

  @Test
  void aSecondOnceTellerOnTheSameStoreIsRefused() {
    try (SqliteOutbox first = open()) {
      assertThatThrownBy(this::open)
          .isInstanceOf(Outbox.OutboxException.class)
          .hasMessageContaining("already open");
      first.pending(IdempotencyKey.mint(), request(1), T0);
    }
  }

  @Test
  void historyIsAppendOnlyWhoeverAsks() throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    try (SqliteOutbox outbox = open()) {
      outbox.pending(key, request(100), T0);
      outbox.attempted(key, noAnswer(1));
      outbox.resolved(
          key, new TransferOutcome.Posted(key, "T-000007", request(100), T0, false), T0);
      outbox.incident("TEST", key, "x", T0);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = c.createStatement()) {
      for (String sql :
          List.of(
              "delete from submission",
              "delete from attempt",
              "update attempt set outcome = 'POSTED'",
              "delete from acknowledgement",
              "update acknowledgement set reference = 'T-000008'",
              "update incident set detail = 'y'",
              "delete from incident")) {
        assertThatThrownBy(() -> st.executeUpdate(sql)).as(sql).hasMessageContaining("never");
      }
    }
    try (SqliteOutbox outbox = open()) {
      assertThat(outbox.acknowledgements())
          .singleElement()
          .extracting(Acknowledgement::reference)
          .isEqualTo("T-000007");
    }
  }

  @Test
  void aStoreFromANewerOnceTellerIsRefusedAndLeftAlone() throws Exception {
    try (SqliteOutbox outbox = open()) {
      outbox.pending(IdempotencyKey.mint(), request(1), T0);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = c.createStatement()) {
      st.execute("pragma user_version = 99");
    }
    byte[] before = Files.readAllBytes(file());
    assertThatThrownBy(this::open)
        .isInstanceOf(Outbox.OutboxException.class)
        .hasMessageContaining("newer");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void aFileThatIsNotAStoreIsRefusedWithAMessage() throws Exception {
    Files.write(file(), "this is not a database".repeat(400).getBytes());
    assertThatThrownBy(this::open)
        .isInstanceOf(Outbox.OutboxException.class)
        .hasMessageContaining("desk store");
  }
}
