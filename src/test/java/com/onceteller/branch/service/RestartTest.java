package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.SOFIA_FROZEN;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing H2 and reopening the same file changes no answer: every earlier key still replays. */
class RestartTest {

  @TempDir Path dir;

  private static TransferOutcome asReplay(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted p) {
      return new TransferOutcome.Posted(p.key(), p.reference(), p.request(), p.postedAt(), true);
    }
    return o;
  }

  @Test
  void afterClosingAndReopeningTheLedgerEveryEarlierKeyReplaysAndNothingPostsTwice() {
    Map<IdempotencyKey, TransferRequest> requests = new LinkedHashMap<>();
    Map<IdempotencyKey, TransferOutcome> firstAnswers = new LinkedHashMap<>();
    Map<String, Long> balancesBefore;
    long transfersBefore;
    try (TestLedger ledger = TestLedger.open(dir)) {
      TransferService service = new TransferService(ledger.database);
      for (int i = 0; i < 12; i++) {
        TransferRequest r =
            switch (i % 4) {
              case 0 -> eur(AMELIE, JONAS, 1_000 + i);
              case 1 -> eur(CAFE, MEHMET, 2_000 + i);
              case 2 -> eur(LEONIE, JONAS, 1_000_000); // insufficient funds
              default -> eur(AMELIE, SOFIA_FROZEN, 500); // frozen payee
            };
        IdempotencyKey key = IdempotencyKey.mint();
        requests.put(key, r);
        firstAnswers.put(key, service.submit(TestActors.TELLER, key, r));
      }
      balancesBefore = new LedgerProbe(ledger).balances();
      transfersBefore = new LedgerProbe(ledger).allTransfers();
    }

    try (TestLedger reopened = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(reopened);
      TransferService service = new TransferService(reopened.database);
      for (var e : requests.entrySet()) {
        IdempotencyKey key = e.getKey();
        TransferOutcome again = service.submit(TestActors.TELLER, key, e.getValue());
        TransferOutcome first = firstAnswers.get(key);
        if (first instanceof TransferOutcome.Rejected r) {
          assertThat(again)
              .isInstanceOfSatisfying(
                  TransferOutcome.Rejected.class,
                  x -> {
                    assertThat(x.reason()).isEqualTo(r.reason());
                    assertThat(x.decidedAt()).isEqualTo(r.decidedAt());
                    assertThat(x.replayed()).isTrue();
                  });
        } else {
          assertThat(again).isEqualTo(asReplay(first));
        }
        assertThat(service.submit(TestActors.TELLER, key, e.getValue().withAmount(7)))
            .isInstanceOf(TransferOutcome.KeyReused.class);
      }
      assertThat(probe.allTransfers()).isEqualTo(transfersBefore);
      assertThat(probe.balances()).isEqualTo(balancesBefore);
      assertThat(probe.balances()).isEqualTo(probe.openingPlusJournal());
      assertThat(probe.unbalancedTransfers()).isEmpty();
      assertThat(probe.tornKeys()).isZero();
    }
  }

  @Test
  void afterAnAbruptStopEveryAcknowledgedKeyStillReplaysAndNewTransfersGetFreshReferences() {
    Map<IdempotencyKey, TransferOutcome.Posted> acknowledged = new LinkedHashMap<>();
    TestLedger ledger = TestLedger.open(dir);
    TransferService service = new TransferService(ledger.database);
    for (int i = 0; i < 8; i++) {
      IdempotencyKey key = IdempotencyKey.mint();
      acknowledged.put(
          key,
          (TransferOutcome.Posted)
              service.submit(TestActors.TELLER, key, eur(AMELIE, CAFE, 10 + i)));
    }
    FailClosedTest.killEngine(ledger); // no orderly SHUTDOWN: what a power cut leaves behind
    ledger.close();

    try (TestLedger reopened = TestLedger.open(dir)) {
      TransferService after = new TransferService(reopened.database);
      Set<String> references = new HashSet<>();
      for (var e : acknowledged.entrySet()) {
        TransferOutcome.Posted p = e.getValue();
        assertThat(after.submit(TestActors.TELLER, e.getKey(), p.request())).isEqualTo(asReplay(p));
        references.add(p.reference());
      }
      for (int i = 0; i < 3; i++) {
        TransferOutcome fresh =
            after.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(JONAS, MEHMET, 100 + i));
        assertThat(fresh)
            .isInstanceOfSatisfying(
                TransferOutcome.Posted.class,
                p -> assertThat(references.add(p.reference())).as(p.reference()).isTrue());
      }
      assertThat(new LedgerProbe(reopened).allTransfers()).isEqualTo(11);
    }
  }
}
