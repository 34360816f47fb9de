package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service instances (as two tellers' processes on one database would be) post different keys
 * between the same two accounts at once. Optimistic conflicts on the balances are rolled back and
 * retried or answered "not executed"; a retry with the same key always gets there, once.
 */
class ConflictingWritersTest {

  @TempDir Path dir;

  @Test
  void concurrentPostingsOnTheSameAccountsFromTwoServicesEachLandExactlyOnce() throws Exception {
    try (TestLedger ledger = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(ledger);
      TransferService[] services = {
        new TransferService(ledger.database), new TransferService(ledger.database)
      };
      Map<String, Long> totals = ledger.totals();
      long amelie = ledger.balance(AMELIE);
      long cafe = ledger.balance(CAFE);
      int keys = 40;
      Map<String, Integer> seen = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<TransferOutcome>> futures = new ArrayList<>();
      for (int i = 0; i < keys; i++) {
        TransferService service = services[i % 2];
        boolean forward = i % 3 != 0;
        long amount = 100 + i;
        futures.add(
            pool.submit(
                () -> {
                  IdempotencyKey key = IdempotencyKey.mint();
                  var request = forward ? eur(AMELIE, CAFE, amount) : eur(CAFE, AMELIE, amount);
                  TransferOutcome o;
                  int attempts = 0;
                  do {
                    o = service.submit(TestActors.TELLER, key, request);
                    seen.merge(o.getClass().getSimpleName(), 1, Integer::sum);
                  } while (o.retryable() && ++attempts < 200);
                  return o;
                }));
      }
      long expectedAmelie = amelie;
      long expectedCafe = cafe;
      for (int i = 0; i < keys; i++) {
        TransferOutcome o = futures.get(i).get(120, TimeUnit.SECONDS);
        assertThat(o)
            .isInstanceOfSatisfying(
                TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
        long amount = 100 + i;
        boolean forward = i % 3 != 0;
        expectedAmelie += forward ? -amount : amount;
        expectedCafe += forward ? amount : -amount;
      }
      pool.shutdown();
      System.out.println("ConflictingWritersTest answers seen: " + seen);

      assertThat(probe.allTransfers()).isEqualTo(keys);
      assertThat(ledger.balance(AMELIE)).isEqualTo(expectedAmelie);
      assertThat(ledger.balance(CAFE)).isEqualTo(expectedCafe);
      assertThat(probe.balances()).isEqualTo(probe.openingPlusJournal());
      assertThat(probe.unbalancedTransfers()).isEmpty();
      assertThat(probe.tornKeys()).isZero();
      assertThat(ledger.totals()).isEqualTo(totals);
    }
  }
}
