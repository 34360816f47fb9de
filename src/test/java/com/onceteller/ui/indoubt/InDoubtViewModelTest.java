package com.onceteller.ui.indoubt;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.ReplayTally;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.UiFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The in-doubt list, driven without the toolkit on a real ledger and outbox. */
class InDoubtViewModelTest {

  @TempDir Path dir;

  @Test
  void resolvingTwiceQuicklySendsTheKeyOnceAndPostsOnce() throws Exception {
    try (UiFixture fx = UiFixture.standard(dir.resolve("f"))) {
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request =
          new TransferRequest(TestLedger.number(0), TestLedger.number(1), 2_500, "EUR", "Rent");
      fx.outbox.pending(key, request, Instant.now()); // left in doubt by an earlier run
      InDoubtViewModel vm =
          new InDoubtViewModel(fx.services, TaskRunner.direct(), new ReplayTally());
      vm.reload();
      assertThat(vm.rows()).hasSize(1);
      InDoubtRow row = vm.rows().get(0);

      fx.transport.close(); // hold the first resend inside the transport
      vm.resolve(row);
      vm.resolve(row); // the double click
      fx.transport.open();

      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.outbox.inDoubt().isEmpty());
      // Attempts run one after another on the retry worker: once a task queued now has run, any
      // second resend queued by the double click would have been sent.
      fx.retryWorker.submit(() -> {}).get(20, TimeUnit.SECONDS);
      assertThat(fx.transport.sends.get()).isEqualTo(1);
      assertThat(fx.ledger.queries.countTransfersForKey(key.value())).isEqualTo(1);
    }
  }
}
