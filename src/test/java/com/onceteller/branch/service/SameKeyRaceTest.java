package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.BAECKEREI;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Behaviour 4: many attempts with one key at once. Exactly one executes; the others replay its
 * outcome or are told "in progress" (retryable) — never a second posting, never an error.
 */
class SameKeyRaceTest extends SharedLedgerTest {

  @Test
  void manyThreadsSubmittingTheSameKeyAtOnceExecuteItExactlyOnce() throws Exception {
    int threads = 16;
    TransferService service = new TransferService(ledger.database);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 12; round++) {
        IdempotencyKey key = IdempotencyKey.mint();
        TransferRequest request = eur(AMELIE, JONAS, 100 + round);
        long amelie = ledger.balance(AMELIE);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<TransferOutcome>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    return service.submit(TestActors.TELLER, key, request);
                  }));
        }
        List<TransferOutcome> outcomes = new ArrayList<>();
        for (Future<TransferOutcome> f : futures) {
          outcomes.add(f.get(30, TimeUnit.SECONDS));
        }

        assertThat(outcomes)
            .allSatisfy(
                o ->
                    assertThat(o)
                        .isInstanceOfAny(
                            TransferOutcome.Posted.class, TransferOutcome.InProgress.class));
        List<TransferOutcome.Posted> posted =
            outcomes.stream()
                .filter(TransferOutcome.Posted.class::isInstance)
                .map(TransferOutcome.Posted.class::cast)
                .toList();
        assertThat(posted.stream().filter(p -> !p.replayed())).hasSize(1);
        assertThat(posted.stream().map(TransferOutcome.Posted::reference).distinct()).hasSize(1);
        assertThat(probe.transfers(key)).isEqualTo(1);
        assertThat(ledger.balance(AMELIE)).isEqualTo(amelie - request.amountMinor());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * True once {@code t} is inside H2's unique-index check on a row another transaction has not
   * committed (H2 2.x re-checks until that transaction ends or the lock timeout passes).
   */
  static boolean waitingInsideH2(Thread t) {
    return Arrays.stream(t.getStackTrace())
        .anyMatch(
            f ->
                (f.getClassName().endsWith("MVSecondaryIndex")
                        && f.getMethodName().equals("checkUnique"))
                    || (f.getClassName().equals("org.h2.mvstore.tx.Transaction")
                        && f.getMethodName().equals("waitFor")));
  }

  @Test
  void anAttemptThatMeetsAnUncommittedClaimWaitsOnTheUniqueIndexAndReplaysTheWinner()
      throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(BAECKEREI, AMELIE, 7_700);
    // Two service instances do not share the in-process writer lock: only the database's unique
    // index stands between them, as between two processes on a shared PostgreSQL.
    TransferService other = new TransferService(ledger.database);
    AtomicReference<Thread> otherThread = new AtomicReference<>();
    AtomicReference<Boolean> sawWait = new AtomicReference<>(false);
    CompletableFuture<TransferOutcome> second = new CompletableFuture<>();
    ServiceObserver startsTheSecondWhileClaimed =
        new ServiceObserver() {
          @Override
          public void keyClaimed(IdempotencyKey k) {
            Thread t =
                new Thread(
                    () -> second.complete(other.submit(TestActors.TELLER, k, request)), "second");
            otherThread.set(t);
            t.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < deadline) {
              if (waitingOnTheDatabase(t)) {
                sawWait.set(true);
                return;
              }
              Thread.onSpinWait();
            }
          }
        };
    long bakery = ledger.balance(BAECKEREI);

    TransferOutcome first =
        new TransferService(ledger.database, Clock.systemUTC(), startsTheSecondWhileClaimed)
            .submit(TestActors.TELLER, key, request);
    TransferOutcome secondOutcome = second.get(30, TimeUnit.SECONDS);

    assertThat(sawWait.get()).as("the second attempt blocked on the unique index").isTrue();
    assertThat(first)
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
    assertThat(secondOutcome)
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class,
            p -> {
              assertThat(p.replayed()).isTrue();
              assertThat(p.reference()).isEqualTo(((TransferOutcome.Posted) first).reference());
            });
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(ledger.balance(BAECKEREI)).isEqualTo(bakery - 7_700);
  }

  @Test
  void anAttemptHeldUpLongerThanTheLockTimeoutIsToldInProgressAndItsRetryReplays()
      throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(JONAS, AMELIE, 1_234);
    TransferService other = new TransferService(ledger.database);
    AtomicReference<TransferOutcome> whileHeld = new AtomicReference<>();
    ServiceObserver holdsTheClaimUntilTheOtherGivesUp =
        new ServiceObserver() {
          @Override
          public void keyClaimed(IdempotencyKey k) {
            Thread t =
                new Thread(
                    () -> whileHeld.set(other.submit(TestActors.TELLER, k, request)), "second");
            t.start();
            try {
              t.join(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };

    TransferOutcome first =
        new TransferService(ledger.database, Clock.systemUTC(), holdsTheClaimUntilTheOtherGivesUp)
            .submit(TestActors.TELLER, key, request);

    // H2 gave up waiting on the unique index (lock timeout, 50200): "in progress", retryable.
    assertThat(whileHeld.get()).isInstanceOf(TransferOutcome.InProgress.class);
    assertThat(whileHeld.get().retryable()).isTrue();
    assertThat(first).isInstanceOf(TransferOutcome.Posted.class);
    assertThat(other.submit(TestActors.TELLER, key, request))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class,
            p -> {
              assertThat(p.replayed()).isTrue();
              assertThat(p.reference()).isEqualTo(((TransferOutcome.Posted) first).reference());
            });
    assertThat(probe.transfers(key)).isEqualTo(1);
  }

  @Test
  void anAttemptQueuedBehindASlowWriterIsToldInProgressAndItsRetryReplays() throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, BAECKEREI, 4_321);
    AtomicReference<TransferService> service = new AtomicReference<>();
    AtomicReference<TransferOutcome> whileHeld = new AtomicReference<>();
    ServiceObserver slowWriter =
        new ServiceObserver() {
          @Override
          public void postingsWritten(IdempotencyKey k) {
            Thread t =
                new Thread(
                    () -> whileHeld.set(service.get().submit(TestActors.TELLER, k, request)),
                    "second");
            t.start();
            try {
              t.join(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    service.set(new TransferService(ledger.database, Clock.systemUTC(), slowWriter));

    TransferOutcome first = service.get().submit(TestActors.TELLER, key, request);

    assertThat(whileHeld.get()).isInstanceOf(TransferOutcome.InProgress.class);
    assertThat(first).isInstanceOf(TransferOutcome.Posted.class);
    assertThat(new TransferService(ledger.database).submit(TestActors.TELLER, key, request))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
    assertThat(probe.transfers(key)).isEqualTo(1);
  }
}
