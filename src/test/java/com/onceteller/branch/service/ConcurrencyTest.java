package com.onceteller.branch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 threads, 200 keys, every key sent by four threads at once, some with a different amount:
 * afterwards one posting per key, and the books add up.
 */
class ConcurrencyTest {

  static final int THREADS = 16;
  static final int KEYS = 200;
  static final int SUBMITTERS_PER_KEY = 4;
  static final int[] EUR_OPEN = {0, 1, 2, 4, 6};
  static final int[] USD_OPEN = {8, 9, 10};

  @TempDir Path dir;

  record Submission(IdempotencyKey key, TransferRequest request) {}

  record Answer(Submission submission, TransferOutcome outcome, int attempts) {}

  @Test
  void sixteenThreadsOnTwoHundredSharedKeysPostEachKeyExactlyOnceAndTheBooksBalance()
      throws Exception {
    long seed = Long.getLong("onceteller.seed", new SecureRandom().nextLong());
    System.out.println("ConcurrencyTest seed=" + seed + " (rerun: -Donceteller.seed=" + seed + ")");
    Random random = new Random(seed);

    try (TestLedger ledger = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(ledger);
      Map<String, Long> totalsBefore = ledger.totals();
      TransferService service = new TransferService(ledger.database);

      Map<IdempotencyKey, List<Submission>> byKey = new LinkedHashMap<>();
      List<Submission> work = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        IdempotencyKey key = IdempotencyKey.mint();
        int[] pool = random.nextInt(3) == 0 ? USD_OPEN : EUR_OPEN;
        int from = pool[random.nextInt(pool.length)];
        int to;
        do {
          to = pool[random.nextInt(pool.length)];
        } while (to == from);
        long amount = 1 + random.nextInt(500);
        TransferRequest request =
            new TransferRequest(
                TestLedger.number(from),
                TestLedger.number(to),
                amount,
                DemoData.ACCOUNTS.get(from).currency(),
                "Batch " + k);
        boolean oneDiffers = random.nextInt(4) == 0;
        List<Submission> subs = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS_PER_KEY; s++) {
          subs.add(
              new Submission(key, oneDiffers && s == 0 ? request.withAmount(amount + 1) : request));
        }
        byKey.put(key, subs);
        work.addAll(subs);
      }
      Collections.shuffle(work, random);

      long started = System.nanoTime();
      List<Answer> answers = new CopyOnWriteArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (Submission s : work) {
        futures.add(
            pool.submit(
                () -> {
                  TransferOutcome o;
                  int attempts = 0;
                  do {
                    attempts++;
                    o = service.submit(TestActors.TELLER, s.key(), s.request());
                    if (o.retryable()) {
                      Thread.sleep(2);
                    }
                  } while (o.retryable() && attempts < 500);
                  answers.add(new Answer(s, o, attempts));
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      Map<IdempotencyKey, List<Answer>> answersByKey = new ConcurrentHashMap<>();
      answers.forEach(
          a -> answersByKey.computeIfAbsent(a.submission().key(), k -> new ArrayList<>()).add(a));
      Map<String, Long> expected = new HashMap<>();
      DemoData.ACCOUNTS.forEach(a -> expected.put(a.number(), a.balanceMinor()));

      for (var e : byKey.entrySet()) {
        IdempotencyKey key = e.getKey();
        List<Answer> got = answersByKey.get(key);
        assertThat(got).as("answers for %s", key).hasSize(SUBMITTERS_PER_KEY);
        assertThat(got)
            .as("every submitter ends with a decision")
            .allSatisfy(
                a ->
                    assertThat(a.outcome())
                        .isInstanceOfAny(
                            TransferOutcome.Posted.class, TransferOutcome.KeyReused.class));
        List<TransferOutcome.Posted> posted =
            got.stream()
                .map(Answer::outcome)
                .filter(TransferOutcome.Posted.class::isInstance)
                .map(TransferOutcome.Posted.class::cast)
                .toList();
        assertThat(posted.stream().filter(p -> !p.replayed())).as("executions").hasSize(1);
        TransferOutcome.Posted winner =
            posted.stream().filter(p -> !p.replayed()).findFirst().get();
        assertThat(posted)
            .allSatisfy(
                p -> {
                  assertThat(p.reference()).isEqualTo(winner.reference());
                  assertThat(p.request()).isEqualTo(winner.request());
                });
        for (Answer a : got) {
          if (a.outcome() instanceof TransferOutcome.KeyReused r) {
            assertThat(a.submission().request()).isNotEqualTo(winner.request());
            assertThat(r.original()).isEqualTo(winner.request());
          } else {
            assertThat(a.submission().request()).isEqualTo(winner.request());
          }
        }
        assertThat(probe.transfers(key)).isEqualTo(1);
        TransferRequest w = winner.request();
        expected.merge(w.fromAccount(), -w.amountMinor(), Long::sum);
        expected.merge(w.toAccount(), w.amountMinor(), Long::sum);
      }

      assertThat(probe.allTransfers()).isEqualTo(KEYS);
      assertThat(probe.allRecords()).isEqualTo(KEYS);
      assertThat(probe.allJournalEntries()).isEqualTo(2L * KEYS);
      assertThat(probe.unbalancedTransfers()).isEmpty();
      assertThat(probe.tornKeys()).isZero();
      assertThat(probe.balances()).isEqualTo(probe.openingPlusJournal());
      assertThat(probe.balances()).containsAllEntriesOf(expected);
      assertThat(ledger.totals()).isEqualTo(totalsBefore);
      int maxAttempts = answers.stream().mapToInt(Answer::attempts).max().orElse(0);
      System.out.println(
          "ConcurrencyTest: "
              + answers.size()
              + " submissions, "
              + answers.stream().filter(a -> a.attempts() > 1).count()
              + " needed a retry after 'in progress', max attempts "
              + maxAttempts
              + ", "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
              + " ms");
    }
  }
}
