package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.desk.client.Abandonment;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Abandon through the desk: the ledger fences the key first; a posted key is never abandoned. */
class AbandonmentTest {

  @TempDir Path dir;

  private AppContext open() {
    AppContext ctx =
        AppContext.open(
            dir.resolve("ledger.mv.db"),
            false,
            new AppContext.ClientSettings(
                Duration.ofSeconds(5),
                new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 3)));
    com.onceteller.TestLedger.prepare(ctx.database());
    ctx.signedOn(TestActors.TELLER);
    return ctx;
  }

  private static TransferRequest eur(long amount) {
    return new TransferRequest(
        DemoData.ACCOUNTS.get(0).number(), DemoData.ACCOUNTS.get(1).number(), amount, "EUR", "x");
  }

  @Test
  void abandoningAnUnknownKeyVoidsItSoALateAttemptCanNeverPost() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (AppContext ctx = open()) {
      ctx.tellerOutbox().pending(key, eur(7_700), Instant.now());
      Abandonment.Answer a = ctx.abandonment().abandon(key, eur(7_700), "customer left");
      assertThat(a.result()).isEqualTo(Abandonment.Result.ABANDONED);
      assertThat(ctx.queries().statusOf(TestActors.TELLER, key).state())
          .isEqualTo(KeyStatus.State.VOIDED);
      // The attempt that was still on its way arrives now: it cannot post.
      assertThat(ctx.service().submit(TestActors.TELLER, key, eur(7_700)))
          .isInstanceOf(TransferOutcome.Voided.class);
      assertThat(ctx.queries().countTransfersForKey(key.value())).isZero();
      assertThat(ctx.outbox().inDoubt()).isEmpty();
      assertThat(ctx.outbox().since(Instant.EPOCH))
          .singleElement()
          .satisfies(e -> assertThat(e.state()).isEqualTo(Outbox.State.ABANDONED));
    }
  }

  @Test
  void aKeyThatAlreadyPostedIsNotAbandonedAndThePostingIsShown() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (AppContext ctx = open()) {
      ctx.tellerOutbox().pending(key, eur(7_700), Instant.now());
      TransferOutcome first =
          ctx.service().submit(TestActors.TELLER, key, eur(7_700)); // its answer was lost
      Abandonment.Answer a = ctx.abandonment().abandon(key, eur(7_700), "changed my mind");
      assertThat(a.result()).isEqualTo(Abandonment.Result.ALREADY_DECIDED);
      assertThat(a.outcome()).isInstanceOf(TransferOutcome.Posted.class);
      assertThat(((TransferOutcome.Posted) a.outcome()).reference())
          .isEqualTo(((TransferOutcome.Posted) first).reference());
      assertThat(ctx.outbox().since(Instant.EPOCH))
          .singleElement()
          .satisfies(e -> assertThat(e.state()).isEqualTo(Outbox.State.POSTED));
      assertThat(ctx.queries().countTransfersForKey(key.value())).isEqualTo(1);
    }
  }

  @Test
  void anAbandonWithoutAReasonIsRefusedAndChangesNothing() {
    IdempotencyKey key = IdempotencyKey.mint();
    try (AppContext ctx = open()) {
      ctx.tellerOutbox().pending(key, eur(100), Instant.now());
      Abandonment.Answer a = ctx.abandonment().abandon(key, eur(100), "  ");
      assertThat(a.result()).isEqualTo(Abandonment.Result.REFUSED);
      assertThat(ctx.queries().statusOf(TestActors.TELLER, key).state())
          .isEqualTo(KeyStatus.State.UNKNOWN);
      assertThat(ctx.outbox().inDoubt()).hasSize(1);
    }
  }
}
