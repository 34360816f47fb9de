package com.onceteller.branch.service;

import static com.onceteller.branch.service.AbandonTest.BY;
import static com.onceteller.branch.service.AbandonTest.WHY;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's race, many times: for each of 200 keys a submit, a retry of it and an abandon start
 * together, on two service instances (so the unique index, not only the in-process writer, keeps
 * them apart), each asking again while told "in progress"; then more attempts and a status query.
 * Per key exactly one of posted/voided wins and every answer agrees with it; the balances, the
 * journal and the (gapless) references prove that money moved at most once per key.
 *
 * <p>The seed decides the requests, what each abandon knows, which service each call uses and who
 * gets a head start; the thread interleaving is the machine's. Rounds use seeds base, base+1, …;
 * rerun with {@code -Donceteller.seed=<base>} (and {@code -Donceteller.rounds=N}).
 */
class SubmitVersusAbandonTest {

  static final int KEYS = 200;
  static final int THREADS = 16;
  static final int[] EUR_OPEN = {0, 1, 2, 4, 6};
  static final int[] USD_OPEN = {8, 9, 10};

  @TempDir Path dir;

  /** What the abandon of a case knows about the transfer. */
  enum Knows {
    SAME_REQUEST,
    SAME_REQUEST_TYPED_OTHERWISE,
    NOTHING,
    A_DIFFERENT_REQUEST
  }

  record Case(
      IdempotencyKey key,
      TransferRequest request,
      Knows knows,
      TransferRequest abandoned,
      int submitVia,
      int retryVia,
      int abandonVia,
      long submitDelayNanos,
      long abandonDelayNanos) {}

  record Answer(TransferOutcome outcome, int attempts) {}

  @Test
  void submitRetryAndAbandonOfEachKeyAtOnceEndWithOneWinnerThatEveryAnswerAgreesWith()
      throws Exception {
    long base = Long.getLong("onceteller.seed", new SecureRandom().nextLong());
    int rounds = Integer.getInteger("onceteller.rounds", 3);
    System.out.println(
        "SubmitVersusAbandonTest base seed="
            + base
            + ", "
            + rounds
            + " rounds (rerun: -Donceteller.seed="
            + base
            + ")");
    int posted = 0;
    int voided = 0;
    for (int round = 0; round < rounds; round++) {
      long seed = base + round;
      int[] winners = round(seed, dir.resolve("round-" + round));
      posted += winners[0];
      voided += winners[1];
      System.out.println(
          "SubmitVersusAbandonTest round "
              + round
              + " seed="
              + seed
              + ": "
              + winners[0]
              + " posted, "
              + winners[1]
              + " voided");
    }
    // Both sides won somewhere, so both halves of the agreement were checked.
    assertThat(posted).as("keys where the posting won").isPositive();
    assertThat(voided).as("keys where the void won").isPositive();
  }

  private static TransferRequest randomRequest(Random random, int k) {
    int[] pool = random.nextInt(3) == 0 ? USD_OPEN : EUR_OPEN;
    int from = pool[random.nextInt(pool.length)];
    int to;
    do {
      to = pool[random.nextInt(pool.length)];
    } while (to == from);
    // Some memos arrive decomposed (e + U+0301), as macOS input sends them.
    String memo = random.nextBoolean() ? "Caf\u00e9 " + k : "Cafe\u0301 " + k;
    return new TransferRequest(
        TestLedger.number(from),
        TestLedger.number(to),
        1 + random.nextInt(300),
        DemoData.ACCOUNTS.get(from).currency(),
        memo);
  }

  private static String otherSpelling(String memo) {
    return memo.contains("\u00e9")
        ? memo.replace("\u00e9", "e\u0301")
        : memo.replace("e\u0301", "\u00e9");
  }

  /** Runs one round on a fresh ledger; returns {posted, voided}. */
  private static int[] round(long seed, Path where) throws Exception {
    Random random = new Random(seed);
    List<Case> cases = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      TransferRequest request = randomRequest(random, k);
      Knows knows = Knows.values()[random.nextInt(Knows.values().length)];
      TransferRequest abandoned =
          switch (knows) {
            case SAME_REQUEST -> request;
            case SAME_REQUEST_TYPED_OTHERWISE ->
                new TransferRequest(
                    request.fromAccount().toLowerCase(java.util.Locale.ROOT),
                    request.toAccount(),
                    request.amountMinor(),
                    request.currency(),
                    otherSpelling(request.memo()));
            case NOTHING -> null;
            case A_DIFFERENT_REQUEST -> request.withAmount(request.amountMinor() + 1);
          };
      // A third of the keys give one side a head start of up to 2 ms; the rest start level.
      long submitDelay = 0;
      long abandonDelay = 0;
      if (random.nextInt(3) == 0) {
        if (random.nextBoolean()) {
          submitDelay = random.nextInt(2_000_000);
        } else {
          abandonDelay = random.nextInt(2_000_000);
        }
      }
      cases.add(
          new Case(
              IdempotencyKey.mint(),
              request,
              knows,
              abandoned,
              random.nextInt(2),
              random.nextInt(2),
              random.nextInt(2),
              submitDelay,
              abandonDelay));
    }

    java.nio.file.Files.createDirectories(where);
    try (TestLedger ledger = TestLedger.open(where)) {
      LedgerProbe probe = new LedgerProbe(ledger);
      Map<String, Long> totalsBefore = ledger.totals();
      TransferService[] services = {
        new TransferService(ledger.database), new TransferService(ledger.database)
      };
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<Answer>> submits = new ArrayList<>();
      List<Future<Answer>> retries = new ArrayList<>();
      List<Future<Answer>> abandons = new ArrayList<>();
      try {
        for (Case c : cases) {
          // The three calls of a key sit next to each other in the pool's queue: no barrier
          // can wait for a call that no thread will take.
          CyclicBarrier start = new CyclicBarrier(3);
          submits.add(
              pool.submit(
                  () ->
                      untilDecided(
                          start,
                          c.submitDelayNanos(),
                          () ->
                              services[c.submitVia()].submit(
                                  TestActors.TELLER, c.key(), c.request()))));
          abandons.add(
              pool.submit(
                  () ->
                      untilDecided(
                          start,
                          c.abandonDelayNanos(),
                          () ->
                              services[c.abandonVia()].abandon(
                                  TestActors.TELLER, c.key(), c.abandoned(), WHY))));
          retries.add(
              pool.submit(
                  () ->
                      untilDecided(
                          start,
                          c.submitDelayNanos() + 200_000,
                          () ->
                              services[c.retryVia()].submit(
                                  TestActors.TELLER, c.key(), c.request()))));
        }
        int posted = 0;
        int voided = 0;
        Map<String, Long> expected = new HashMap<>();
        DemoData.ACCOUNTS.forEach(a -> expected.put(a.number(), a.balanceMinor()));
        for (int i = 0; i < cases.size(); i++) {
          Case c = cases.get(i);
          Answer submit = submits.get(i).get(120, TimeUnit.SECONDS);
          Answer retry = retries.get(i).get(120, TimeUnit.SECONDS);
          Answer abandon = abandons.get(i).get(120, TimeUnit.SECONDS);
          boolean postingWon =
              checkOneKey(c, submit, retry, abandon, services, probe, ledger, seed);
          if (postingWon) {
            posted++;
            TransferRequest r = c.request();
            expected.merge(r.fromAccount(), -r.amountMinor(), Long::sum);
            expected.merge(r.toAccount(), r.amountMinor(), Long::sum);
          } else {
            voided++;
          }
        }

        assertThat(probe.allTransfers()).as("seed %d", seed).isEqualTo(posted);
        assertThat(probe.allRecords()).as("seed %d", seed).isEqualTo(KEYS);
        assertThat(probe.allJournalEntries()).as("seed %d", seed).isEqualTo(2L * posted);
        assertThat(probe.unbalancedTransfers()).as("seed %d", seed).isEmpty();
        assertThat(probe.tornKeys()).as("seed %d", seed).isZero();
        assertThat(probe.balances()).as("seed %d", seed).isEqualTo(probe.openingPlusJournal());
        assertThat(probe.balances()).as("seed %d", seed).containsAllEntriesOf(expected);
        assertThat(ledger.totals()).as("seed %d", seed).isEqualTo(totalsBefore);
        assertThat(probe.reconciliationProblems()).as("seed %d", seed).isEmpty();
        // Gapless even under the race: rolled-back attempts used no reference.
        assertThat(probe.referenceNumbers())
            .as("seed %d", seed)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, posted).boxed().toList());
        return new int[] {posted, voided};
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static Answer untilDecided(
      CyclicBarrier start, long delayNanos, Supplier<TransferOutcome> call) throws Exception {
    start.await(60, TimeUnit.SECONDS);
    if (delayNanos > 0) {
      LockSupport.parkNanos(delayNanos);
    }
    TransferOutcome o;
    int attempts = 0;
    do {
      attempts++;
      o = call.get();
      if (o.retryable()) {
        Thread.sleep(1);
      }
    } while (o.retryable() && attempts < 1_000);
    return new Answer(o, attempts);
  }

  /** Checks every answer of one key against the one decision it has; true when it posted. */
  private static boolean checkOneKey(
      Case c,
      Answer submit,
      Answer retry,
      Answer abandon,
      TransferService[] services,
      LedgerProbe probe,
      TestLedger ledger,
      long seed) {
    String as = "seed " + seed + ", key " + c.key() + " (" + c.knows() + ")";
    TransferRequest request = c.request().normalized();
    List<TransferOutcome> racing = List.of(submit.outcome(), retry.outcome(), abandon.outcome());
    long decisionsMade =
        racing.stream()
            .filter(
                o ->
                    (o instanceof TransferOutcome.Posted p && !p.replayed())
                        || (o instanceof TransferOutcome.Voided v && !v.replayed()))
            .count();
    assertThat(decisionsMade).as("%s: one decision, made once: %s", as, racing).isEqualTo(1);

    // Later: the client's queued retry, a second abandon, and the desk's status question.
    TransferOutcome laterSubmit =
        services[(c.submitVia() + 1) % 2].submit(TestActors.TELLER, c.key(), c.request());
    TransferOutcome laterAbandon =
        services[c.abandonVia()].abandon(TestActors.TELLER, c.key(), null, "x");
    KeyStatus status = ledger.queries.statusOf(TestActors.TELLER, c.key());

    if (probe.transfers(c.key()) == 1) {
      TransferOutcome.Posted winner =
          (TransferOutcome.Posted)
              List.of(submit.outcome(), retry.outcome()).stream()
                  .filter(o -> o instanceof TransferOutcome.Posted p && !p.replayed())
                  .findFirst()
                  .orElseThrow(() -> new AssertionError(as + ": posted, but no submit says so"));
      TransferOutcome.Posted replay =
          new TransferOutcome.Posted(c.key(), winner.reference(), request, winner.postedAt(), true);
      assertThat(winner.request()).as(as).isEqualTo(request);
      assertThat(List.of(submit.outcome(), retry.outcome()))
          .as(as)
          .containsExactlyInAnyOrder(winner, replay);
      assertThat(abandon.outcome()).as("%s: the abandon shows the posting", as).isEqualTo(replay);
      assertThat(laterSubmit).as(as).isEqualTo(replay);
      assertThat(laterAbandon).as(as).isEqualTo(replay);
      assertThat(status)
          .as(as)
          .isEqualTo(KeyStatus.posted(c.key(), winner.reference(), winner.postedAt(), request));
      assertThat(probe.outcome(c.key())).as(as).isEqualTo("POSTED");
      return true;
    }

    assertThat(probe.transfers(c.key())).as(as).isZero();
    assertThat(probe.outcome(c.key())).as(as).isEqualTo("VOIDED");
    assertThat(abandon.outcome())
        .as(as)
        .isInstanceOfSatisfying(
            TransferOutcome.Voided.class, v -> assertThat(v.replayed()).isFalse());
    var v = (TransferOutcome.Voided) abandon.outcome();
    TransferRequest known = c.abandoned() == null ? null : c.abandoned().normalized();
    assertThat(v.request()).as(as).isEqualTo(known);
    TransferOutcome.Voided replay =
        new TransferOutcome.Voided(c.key(), known, v.voidedAt(), BY, WHY, true);
    for (TransferOutcome o : List.of(submit.outcome(), retry.outcome(), laterSubmit)) {
      if (c.knows() == Knows.A_DIFFERENT_REQUEST) {
        assertThat(o)
            .as(as)
            .isInstanceOfSatisfying(
                TransferOutcome.KeyReused.class, r -> assertThat(r.original()).isEqualTo(known));
      } else {
        assertThat(o).as("%s: every attempt gets the void", as).isEqualTo(replay);
      }
    }
    assertThat(laterAbandon).as(as).isEqualTo(replay);
    assertThat(status).as(as).isEqualTo(KeyStatus.voided(c.key(), BY, WHY, v.voidedAt(), known));
    return false;
  }
}
