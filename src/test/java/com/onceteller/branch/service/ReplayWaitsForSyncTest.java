package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed posting is visible to readers a moment before its writer has finished syncing the
 * store and returned. A replay in that moment must not acknowledge it yet: it waits for the writer.
 */
class ReplayWaitsForSyncTest {

  @TempDir Path dir;

  @Test
  void aReplayDoesNotAnswerWhileTheFirstAttemptIsStillFinishingItsWrite() throws Exception {
    try (TestLedger ledger = TestLedger.open(dir)) {
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request = eur(AMELIE, JONAS, 1_000);
      CountDownLatch replayAnswered = new CountDownLatch(1);
      CountDownLatch replayArrived = new CountDownLatch(2); // the first attempt, then the replay
      AtomicReference<CompletableFuture<TransferOutcome>> replay = new AtomicReference<>();
      AtomicReference<Boolean> answeredWhileWriterBusy = new AtomicReference<>();
      TransferService[] services = new TransferService[1];
      ServiceObserver observer =
          new ServiceObserver() {
            @Override
            public void committed(IdempotencyKey k, TransferOutcome outcome) {
              // Still inside the first attempt: committed, and the writer has not returned yet.
              replay.set(
                  CompletableFuture.supplyAsync(
                      () -> services[0].submit(TestActors.TELLER, key, request)));
              try {
                // Once the replay is inside the service, it has ample time to read the committed
                // record and answer — unless it waits for this writer, as it must.
                replayArrived.await(10, TimeUnit.SECONDS);
                answeredWhileWriterBusy.set(replayAnswered.await(500, TimeUnit.MILLISECONDS));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }

            @Override
            public void received(IdempotencyKey k) {
              replayArrived.countDown();
            }

            @Override
            public void replayed(IdempotencyKey k, TransferOutcome outcome) {
              replayAnswered.countDown();
            }
          };
      services[0] = new TransferService(ledger.database, Clock.systemUTC(), observer);

      TransferOutcome first = services[0].submit(TestActors.TELLER, key, request);

      assertThat(first).isInstanceOf(TransferOutcome.Posted.class);
      assertThat(answeredWhileWriterBusy.get())
          .as("replay answered before the writer finished")
          .isFalse();
      TransferOutcome second = replay.get().get(10, TimeUnit.SECONDS);
      assertThat(second)
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
    }
  }
}
