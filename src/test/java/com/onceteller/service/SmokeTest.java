package com.onceteller.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void postsOnceAndReplays() {
    try (TestLedger l = TestLedger.open(dir)) {
      TransferService svc = new TransferService(l.database);
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest r =
          new TransferRequest(TestLedger.number(0), TestLedger.number(1), 10_000, "EUR", "Rent");
      TransferOutcome first = svc.submit(key, r);
      TransferOutcome second = svc.submit(key, r);
      System.out.println(first + "\n" + second);
      assertThat(first).isInstanceOf(TransferOutcome.Posted.class);
      assertThat(((TransferOutcome.Posted) second).replayed()).isTrue();
      assertThat(l.balance(0)).isEqualTo(1_250_000 - 10_000);
      System.out.println(svc.submit(key, r.withAmount(5)));
      System.out.println(l.queries.journal(java.time.Instant.EPOCH, "T-0", 10));
    }
  }
}
