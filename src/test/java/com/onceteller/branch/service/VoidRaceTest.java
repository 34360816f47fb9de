package com.onceteller.branch.service;

import static com.onceteller.branch.service.AbandonTest.BY;
import static com.onceteller.branch.service.AbandonTest.WHY;
import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.BAECKEREI;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A void and a posting of the same key meet in flight: the unique index (or the writer) lets one of
 * them decide, the other waits and then answers with that decision, or is told "in progress" and
 * its next attempt agrees. Never both; never a posting after a void.
 */
class VoidRaceTest extends SharedLedgerTest {

  /** Starts {@code call} on its own thread and returns once it waits inside H2 (or after 1 s). */
  private static Thread startAndWaitUntilBlocked(Runnable call, AtomicBoolean sawWait) {
    Thread t = new Thread(call, "second");
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < deadline) {
      if (waitingOnTheDatabase(t)) {
        sawWait.set(true);
        return t;
      }
      Thread.onSpinWait();
    }
    return t;
  }

  @Test
  void aVoidArrivingWhileAPostingHoldsTheClaimWaitsOnTheUniqueIndexAndShowsThePosting()
      throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(BAECKEREI, AMELIE, 1_100);
    // A second service instance does not share the writer: only the unique index is between them.
    TransferService other = new TransferService(ledger.database);
    AtomicBoolean sawWait = new AtomicBoolean();
    CompletableFuture<TransferOutcome> voidAnswer = new CompletableFuture<>();
    ServiceObserver voidsWhileClaimed =
        new ServiceObserver() {
          @Override
          public void keyClaimed(IdempotencyKey k) {
            startAndWaitUntilBlocked(
                () -> voidAnswer.complete(other.abandon(TestActors.TELLER, k, request, WHY)),
                sawWait);
          }
        };

    TransferOutcome first =
        new TransferService(ledger.database, Clock.systemUTC(), voidsWhileClaimed)
            .submit(TestActors.TELLER, key, request);

    assertThat(sawWait).as("the void blocked on the unique index").isTrue();
    assertThat(first)
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
    var posted = (TransferOutcome.Posted) first;
    var replay =
        new TransferOutcome.Posted(key, posted.reference(), request, posted.postedAt(), true);
    assertThat(voidAnswer.get(30, TimeUnit.SECONDS)).isEqualTo(replay);
    assertThat(probe.outcome(key)).isEqualTo("POSTED");
    assertThat(service.abandon(TestActors.TELLER, key, request, WHY)).isEqualTo(replay);
    assertThat(service.submit(TestActors.TELLER, key, request)).isEqualTo(replay);
    assertThat(probe.transfers(key)).isEqualTo(1);
  }

  @Test
  void aRetryArrivingWhileAVoidHoldsTheClaimWaitsOnTheUniqueIndexAndGetsTheVoid() throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(JONAS, CAFE, 2_200);
    TransferService other = new TransferService(ledger.database);
    AtomicBoolean sawWait = new AtomicBoolean();
    CompletableFuture<TransferOutcome> retryAnswer = new CompletableFuture<>();
    ServiceObserver retriesWhileVoidClaimed =
        new ServiceObserver() {
          @Override
          public void keyClaimed(IdempotencyKey k) {
            startAndWaitUntilBlocked(
                () -> retryAnswer.complete(other.submit(TestActors.TELLER, k, request)), sawWait);
          }
        };
    long jonas = ledger.balance(JONAS);

    TransferOutcome voided =
        new TransferService(ledger.database, Clock.systemUTC(), retriesWhileVoidClaimed)
            .abandon(TestActors.TELLER, key, request, WHY);

    assertThat(sawWait).as("the retry blocked on the unique index").isTrue();
    assertThat(voided)
        .isInstanceOfSatisfying(
            TransferOutcome.Voided.class, v -> assertThat(v.replayed()).isFalse());
    var v = (TransferOutcome.Voided) voided;
    assertThat(retryAnswer.get(30, TimeUnit.SECONDS))
        .isEqualTo(new TransferOutcome.Voided(key, request, v.voidedAt(), BY, WHY, true));
    assertThat(service.submit(TestActors.TELLER, key, request))
        .isEqualTo(new TransferOutcome.Voided(key, request, v.voidedAt(), BY, WHY, true));
    assertThat(probe.transfers(key)).isZero();
    assertThat(ledger.balance(JONAS)).isEqualTo(jonas);
  }

  @Test
  void aVoidHeldUpLongerThanTheLockTimeoutIsToldInProgressAndAskingAgainShowsThePosting() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(MEHMET, JONAS, 3_300);
    TransferService other = new TransferService(ledger.database);
    AtomicReference<TransferOutcome> whileHeld = new AtomicReference<>();
    ServiceObserver holdsTheClaimUntilTheVoidGivesUp =
        new ServiceObserver() {
          @Override
          public void keyClaimed(IdempotencyKey k) {
            Thread t =
                new Thread(() -> whileHeld.set(other.abandon(TestActors.TELLER, k, request, WHY)));
            t.start();
            try {
              t.join(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };

    TransferOutcome first =
        new TransferService(ledger.database, Clock.systemUTC(), holdsTheClaimUntilTheVoidGivesUp)
            .submit(TestActors.TELLER, key, request);

    assertThat(whileHeld.get()).isInstanceOf(TransferOutcome.InProgress.class);
    assertThat(whileHeld.get().retryable()).isTrue();
    assertThat(first).isInstanceOf(TransferOutcome.Posted.class);
    assertThat(other.abandon(TestActors.TELLER, key, request, WHY))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class,
            p -> {
              assertThat(p.replayed()).isTrue();
              assertThat(p.reference()).isEqualTo(((TransferOutcome.Posted) first).reference());
            });
    assertThat(probe.outcome(key)).isEqualTo("POSTED");
  }

  @Test
  void aRetryHeldUpBehindAVoidLongerThanTheLockTimeoutIsToldInProgressAndItsNextAttemptAgrees() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, MEHMET, 4_400);
    TransferService other = new TransferService(ledger.database);
    AtomicReference<TransferOutcome> whileHeld = new AtomicReference<>();
    ServiceObserver holdsTheVoidUntilTheRetryGivesUp =
        new ServiceObserver() {
          @Override
          public void keyClaimed(IdempotencyKey k) {
            Thread t = new Thread(() -> whileHeld.set(other.submit(TestActors.TELLER, k, request)));
            t.start();
            try {
              t.join(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };

    var voided =
        (TransferOutcome.Voided)
            new TransferService(
                    ledger.database, Clock.systemUTC(), holdsTheVoidUntilTheRetryGivesUp)
                .abandon(TestActors.TELLER, key, request, WHY);

    assertThat(whileHeld.get()).isInstanceOf(TransferOutcome.InProgress.class);
    assertThat(other.submit(TestActors.TELLER, key, request))
        .isEqualTo(new TransferOutcome.Voided(key, request, voided.voidedAt(), BY, WHY, true));
    assertThat(probe.transfers(key)).isZero();
  }

  @Test
  void aVoidQueuedBehindTheWriterIsToldInProgressAndAskingAgainShowsThePosting() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(CAFE, JONAS, 5_500);
    AtomicReference<TransferService> slow = new AtomicReference<>();
    AtomicReference<TransferOutcome> whileHeld = new AtomicReference<>();
    ServiceObserver slowWriter =
        new ServiceObserver() {
          @Override
          public void postingsWritten(IdempotencyKey k) {
            Thread t =
                new Thread(
                    () -> whileHeld.set(slow.get().abandon(TestActors.TELLER, k, request, WHY)));
            t.start();
            try {
              t.join(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    slow.set(new TransferService(ledger.database, Clock.systemUTC(), slowWriter));

    TransferOutcome first = slow.get().submit(TestActors.TELLER, key, request);

    assertThat(whileHeld.get()).isInstanceOf(TransferOutcome.InProgress.class);
    assertThat(first).isInstanceOf(TransferOutcome.Posted.class);
    assertThat(slow.get().abandon(TestActors.TELLER, key, request, WHY))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
    assertThat(ledger.queries.statusOf(TestActors.TELLER, key).state())
        .isEqualTo(KeyStatus.State.POSTED);
  }

  @Test
  void aPostingThatRollsBackLeavesTheKeyFreeForTheVoid() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(JONAS, BAECKEREI, 6_600);
    ServiceObserver crashes =
        new ServiceObserver() {
          @Override
          public void postingsWritten(IdempotencyKey k) {
            throw new NoTornTransactionsTest.SimulatedCrash("postingsWritten");
          }
        };
    try {
      new TransferService(ledger.database, Clock.systemUTC(), crashes)
          .submit(TestActors.TELLER, key, request);
    } catch (NoTornTransactionsTest.SimulatedCrash expected) {
      // the attempt died before commit
    }

    assertThat(service.abandon(TestActors.TELLER, key, request, WHY))
        .isInstanceOf(TransferOutcome.Voided.class);
    assertThat(service.submit(TestActors.TELLER, key, request))
        .isInstanceOf(TransferOutcome.Voided.class);
    assertThat(probe.transfers(key)).isZero();
  }
}
