package com.onceteller.desk.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.wire.Wire;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an HTTP answer becomes an attempt's result on the desk, and the wire's round trip. */
class HttpTransportTest {

  static final IdempotencyKey KEY = IdempotencyKey.mint();
  static final TransferRequest REQ =
      new TransferRequest(
          AccountNumbers.withCheckDigits("DE", "370400440532013000"),
          AccountNumbers.withCheckDigits("DE", "500105175407324931"),
          12_345,
          "EUR",
          "rent");
  static final Instant AT = Instant.parse("2026-11-30T10:42:07.123456Z");

  @Test
  void everyOutcomeSurvivesTheWireAndAReplayIsMarkedByTheHeaderOnly() throws Exception {
    List<TransferOutcome> all =
        List.of(
            new TransferOutcome.Posted(KEY, "T-000042", REQ, AT, false),
            new TransferOutcome.Rejected(
                KEY, RejectionReason.INSUFFICIENT_FUNDS, "Insufficient funds.", REQ, AT, false),
            new TransferOutcome.Voided(KEY, REQ, AT, "anna", "customer left", false),
            new TransferOutcome.NeedsApproval(
                KEY, REQ, "EUR 123.45 is above the teller limit.", AT, null, false),
            new TransferOutcome.NeedsApproval(
                KEY,
                REQ,
                "EUR 123.45 is above the teller limit.",
                AT,
                new com.onceteller.domain.Approval(
                    "anna",
                    KEY,
                    REQ.fingerprint(),
                    "sara",
                    "desk-3",
                    AT,
                    "known customer",
                    com.onceteller.domain.Approval.Mode.QUEUE),
                false),
            new TransferOutcome.Invalid(
                KEY, List.of(new FieldError(FieldError.Field.PERMISSION, "An auditor may not."))),
            new TransferOutcome.KeyReused(KEY, REQ, REQ, "T-000042", AT),
            new TransferOutcome.Invalid(
                KEY, List.of(new FieldError(FieldError.Field.AMOUNT, "Too much."))),
            new TransferOutcome.InProgress(KEY, "busy"),
            new TransferOutcome.NotExecuted(KEY, "rolled back"),
            new TransferOutcome.OutcomeUnknown(KEY, "commit failed"));
    for (TransferOutcome o : all) {
      String body = Wire.write(Wire.outcome(o, KEY));
      TransferOutcome back =
          HttpTransport.outcome(
              new BranchConnection.Answer(200, body, false, null), new Envelope(KEY, REQ, 1));
      assertThat(Wire.name(back)).isEqualTo(Wire.name(o));
      assertThat(back.retryable()).isEqualTo(o.retryable());
      assertThat(Wire.write(Wire.outcome(back, KEY))).as(Wire.name(o)).isEqualTo(body);
    }
    TransferOutcome replay =
        HttpTransport.outcome(
            new BranchConnection.Answer(201, Wire.write(Wire.outcome(all.get(0), KEY)), true, null),
            new Envelope(KEY, REQ, 2));
    assertThat(replay)
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class,
            p -> {
              assertThat(p.replayed()).isTrue();
              assertThat(p.postedAt()).isEqualTo(AT);
            });
  }

  @Test
  void aServerFailureWithTheApisBodyIsTheRetryableOutcomeItNames() throws Exception {
    String body = Wire.write(Wire.outcome(new TransferOutcome.NotExecuted(KEY, "x"), KEY));
    assertThat(
            HttpTransport.outcome(
                new BranchConnection.Answer(503, body, false, null), new Envelope(KEY, REQ, 1)))
        .isInstanceOf(TransferOutcome.NotExecuted.class);
  }

  @Test
  void aFiveHundredWithoutTheApisBodyIsNoAnswerBecauseTheLedgerMayHaveActed() {
    for (String body : List.of("<html>502 Bad Gateway</html>", "", "{\"error\":\"x\"}")) {
      assertThatThrownBy(
              () ->
                  HttpTransport.outcome(
                      new BranchConnection.Answer(502, body, false, null),
                      new Envelope(KEY, REQ, 1)))
          .isInstanceOfSatisfying(
              NoResponseException.class,
              e -> assertThat(e.kind()).isEqualTo(NoResponseException.Kind.CONNECTION_LOST));
    }
  }
}
