package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour 6: a key that posted can never post again, for the life of the ledger. Compacting old
 * replay payloads does not change any answer that matters.
 */
class ForeverTest {

  @TempDir Path dir;
  TestLedger ledger;
  LedgerProbe probe;
  MutableClock clock;
  TransferService service;
  ReplayCompactor compactor;

  @BeforeEach
  void open() {
    ledger = TestLedger.open(dir);
    probe = new LedgerProbe(ledger);
    clock = new MutableClock();
    service = new TransferService(ledger.database, clock, ServiceObserver.NONE);
    compactor = new ReplayCompactor(ledger.database, clock);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void afterCompactionARetryStillAnswersWithTheOriginalTransferAndAChangedRequestIsStillRefused() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 25_000, "Car deposit");
    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, request);
    IdempotencyKey rejectedKey = IdempotencyKey.mint();
    TransferRequest tooMuch = eur(LEONIE, JONAS, 1_000_000);
    var rejected =
        (TransferOutcome.Rejected) service.submit(TestActors.TELLER, rejectedKey, tooMuch);

    clock.advance(Duration.ofDays(6));
    assertThat(compactor.compactOlderThan(ReplayCompactor.DEFAULT_RETENTION))
        .as("six days old: within retention")
        .isZero();
    clock.advance(Duration.ofDays(2));
    int compacted = compactor.compactOlderThan(ReplayCompactor.DEFAULT_RETENTION);
    Map<String, Long> before = probe.balances();

    assertThat(compacted).isEqualTo(2);
    assertThat(
            probe.count(
                "select count(*) from idempotency_record where request_canonical is null"
                    + " and compacted_at is not null"))
        .isEqualTo(2);
    assertThat(service.submit(TestActors.TELLER, key, request))
        .isEqualTo(
            new TransferOutcome.Posted(key, posted.reference(), request, posted.postedAt(), true));
    assertThat(service.submit(TestActors.TELLER, key, request.withAmount(1)))
        .isInstanceOfSatisfying(
            TransferOutcome.KeyReused.class,
            r -> {
              assertThat(r.original()).as("rebuilt from the transfer row").isEqualTo(request);
              assertThat(r.originalReference()).isEqualTo(posted.reference());
            });
    assertThat(service.submit(TestActors.TELLER, rejectedKey, tooMuch))
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
              assertThat(r.replayed()).isTrue();
              assertThat(r.decidedAt()).isEqualTo(rejected.decidedAt());
            });
    assertThat(service.submit(TestActors.TELLER, rejectedKey, tooMuch.withAmount(1)))
        .isInstanceOf(TransferOutcome.KeyReused.class);
    assertThat(probe.balances()).isEqualTo(before);
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(probe.transfers(rejectedKey)).isZero();
    assertThat(compactor.compactOlderThan(ReplayCompactor.DEFAULT_RETENTION))
        .as("compaction is done once")
        .isZero();
  }

  @Test
  void aPostedKeyNeverPostsAgainEvenIfItsReplayRecordWereLost() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(MEHMET, AMELIE, 3_300);
    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, request);
    clock.advance(Duration.ofDays(3650));
    // Worse than compaction: an over-eager purge deleted the record. The transfer row keeps the
    // key.
    assertThat(
            probe.tamper("delete from idempotency_record where idempotency_key = ?", key.value()))
        .isEqualTo(1);
    Map<String, Long> before = probe.balances();

    TransferOutcome retry = service.submit(TestActors.TELLER, key, request);
    TransferOutcome changed = service.submit(TestActors.TELLER, key, request.withAmount(3_301));

    assertThat(retry)
        .isEqualTo(
            new TransferOutcome.Posted(key, posted.reference(), request, posted.postedAt(), true));
    assertThat(changed)
        .isInstanceOfSatisfying(
            TransferOutcome.KeyReused.class,
            r -> assertThat(r.originalReference()).isEqualTo(posted.reference()));
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(probe.balances()).isEqualTo(before);
  }
}
