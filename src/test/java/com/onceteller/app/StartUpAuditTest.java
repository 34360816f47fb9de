package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.desk.client.AcknowledgementAudit;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up audit with a ledger that really lost a commit: the ledger file is put back to a copy
 * taken before the posting (what H2's lost chunks did), while the desk's own store remembers what
 * the teller was shown.
 */
class StartUpAuditTest {

  @TempDir Path dir;

  private static final AppContext.ClientSettings FAST =
      new AppContext.ClientSettings(
          Duration.ofSeconds(5), new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 5));

  private Path ledger() {
    return dir.resolve("ledger.mv.db");
  }

  private AppContext open() {
    AppContext ctx = AppContext.open(ledger(), false, FAST);
    com.onceteller.TestLedger.prepare(ctx.database());
    ctx.signedOn(TestActors.TELLER);
    return ctx;
  }

  private static TransferRequest eur(int from, int to, long amount) {
    return new TransferRequest(
        DemoData.ACCOUNTS.get(from).number(),
        DemoData.ACCOUNTS.get(to).number(),
        amount,
        "EUR",
        "audit test");
  }

  /** Sends through the teller's path and returns the decision the teller was shown. */
  private static TransferOutcome send(AppContext ctx, IdempotencyKey key, TransferRequest r)
      throws Exception {
    CompletableFuture<TransferOutcome> shown = new CompletableFuture<>();
    ctx.newSubmission(
            key,
            r,
            new RetryingSubmission.Listener() {
              @Override
              public void finished(RetryingSubmission.Final state, AttemptResult last) {
                shown.complete(((AttemptResult.Answered) last).outcome());
              }
            })
        .start();
    return shown.get(30, TimeUnit.SECONDS);
  }

  private void rollLedgerBackTo(Path snapshot) throws Exception {
    Files.copy(snapshot, ledger(), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aPostingTheLedgerLostIsPostedAgainOnceUnderItsReferenceAndReported() throws Exception {
    Path snapshot = dir.resolve("snapshot.mv.db");
    try (AppContext ctx = open()) {
      ctx.startUp();
      assertThat(send(ctx, IdempotencyKey.mint(), eur(0, 1, 1_000)))
          .isInstanceOf(TransferOutcome.Posted.class);
    }
    Files.copy(ledger(), snapshot);
    IdempotencyKey lost = IdempotencyKey.mint();
    String shownReference;
    Map<String, Long> balancesShown;
    try (AppContext ctx = open()) {
      ctx.startUp();
      TransferOutcome o = send(ctx, lost, eur(0, 1, 2_500));
      shownReference = ((TransferOutcome.Posted) o).reference();
      balancesShown = balances(ctx);
    }
    rollLedgerBackTo(snapshot);

    try (AppContext ctx = open()) {
      assertThat(ctx.queries().statusOf(TestActors.TELLER, lost).state())
          .isEqualTo(KeyStatus.State.UNKNOWN);
      AppContext.StartUpReport report = ctx.startUp();
      assertThat(report.audit().incidents()).hasSize(1);
      assertThat(report.audit().incidents().get(0)).contains(shownReference, "posted again");
      KeyStatus status = ctx.queries().statusOf(TestActors.TELLER, lost);
      assertThat(status.state()).isEqualTo(KeyStatus.State.POSTED);
      assertThat(status.reference()).isEqualTo(shownReference);
      assertThat(balances(ctx)).as("the money moved exactly once").isEqualTo(balancesShown);
      assertThat(ctx.outbox().incidents(Instant.EPOCH))
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.kind()).isEqualTo(AcknowledgementAudit.MISSING_POSTING);
                assertThat(i.key()).isEqualTo(lost);
              });
      assertThat(ledgerIncidents(ctx)).isEqualTo(1);
      // A retry of the same key now replays the restored posting.
      TransferOutcome replay = ctx.service().submit(TestActors.TELLER, lost, eur(0, 1, 2_500));
      assertThat(replay).isInstanceOf(TransferOutcome.Posted.class);
      assertThat(((TransferOutcome.Posted) replay).reference()).isEqualTo(shownReference);
    }
    try (AppContext ctx = open()) {
      assertThat(ctx.startUp().audit().checked()).as("audited once, not again").isZero();
    }
  }

  @Test
  void aRejectionTheLedgerLostIsFencedSoTheKeyCanNeverPost() throws Exception {
    Path snapshot = dir.resolve("snapshot.mv.db");
    try (AppContext ctx = open()) {
      ctx.startUp();
    }
    Files.copy(ledger(), snapshot);
    IdempotencyKey key = IdempotencyKey.mint();
    // Demo account 3 holds 125.00: 5,000.00 is refused for insufficient funds.
    TransferRequest tooMuch = eur(3, 0, 500_000);
    try (AppContext ctx = open()) {
      ctx.startUp();
      assertThat(send(ctx, key, tooMuch)).isInstanceOf(TransferOutcome.Rejected.class);
    }
    rollLedgerBackTo(snapshot);
    try (AppContext ctx = open()) {
      // Meanwhile the account received enough to pay: a resend must still not post.
      ctx.service().submit(TestActors.TELLER, IdempotencyKey.mint(), eur(2, 3, 600_000));
      AppContext.StartUpReport report = ctx.startUp();
      assertThat(report.audit().incidents()).hasSize(1);
      assertThat(ctx.queries().statusOf(TestActors.TELLER, key).state())
          .isEqualTo(KeyStatus.State.VOIDED);
      assertThat(ctx.service().submit(TestActors.TELLER, key, tooMuch))
          .isInstanceOf(TransferOutcome.Voided.class);
      assertThat(ctx.queries().countTransfersForKey(key.value())).isZero();
    }
  }

  @Test
  void inDoubtTransfersAreAskedAgainWithTheirOwnKeysAtStart() throws Exception {
    IdempotencyKey postedButNotHeard = IdempotencyKey.mint();
    IdempotencyKey neverArrived = IdempotencyKey.mint();
    try (AppContext ctx = open()) {
      ctx.startUp();
      // The desk recorded both intents; one reached the ledger, its answer never came back.
      ctx.tellerOutbox().pending(postedButNotHeard, eur(0, 2, 700), Instant.now());
      ctx.tellerOutbox().pending(neverArrived, eur(1, 2, 800), Instant.now());
      assertThat(ctx.service().submit(TestActors.TELLER, postedButNotHeard, eur(0, 2, 700)))
          .isInstanceOf(TransferOutcome.Posted.class);
    }
    try (AppContext ctx = open()) {
      AppContext.StartUpReport report = ctx.startUp();
      assertThat(report.inDoubtFound()).isEqualTo(2);
      assertThat(report.resolved()).isEqualTo(2);
      assertThat(report.stillInDoubt()).isZero();
      assertThat(ctx.queries().countTransfersForKey(postedButNotHeard.value()))
          .as("asked again, not posted again")
          .isEqualTo(1);
      assertThat(ctx.queries().countTransfersForKey(neverArrived.value())).isEqualTo(1);
      assertThat(ctx.outbox().unaudited())
          .extracting(Outbox.Acknowledgement::key)
          .containsExactlyInAnyOrder(postedButNotHeard, neverArrived);
    }
  }

  @Test
  void deskRecordsOfAnotherLedgerAreMovedAsideNotAudited() throws Exception {
    try (AppContext ctx = open()) {
      ctx.startUp();
      send(ctx, IdempotencyKey.mint(), eur(0, 1, 100));
    }
    // The ledger is replaced by a new one (e.g. a recreated demo ledger); the desk store stays.
    Files.delete(ledger());
    try (AppContext ctx = open()) {
      AppContext.StartUpReport report = ctx.startUp();
      assertThat(report.audit().checked()).isZero();
      assertThat(ctx.queries().countTransfers()).isZero();
      assertThat(ctx.outbox().incidents(Instant.EPOCH))
          .singleElement()
          .satisfies(i -> assertThat(i.detail()).contains("belonged to another ledger"));
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("ledger.desk.sqlite-other-ledger-"));
    }
  }

  private static Map<String, Long> balances(AppContext ctx) {
    Map<String, Long> m = new java.util.TreeMap<>();
    ctx.queries().accounts().forEach(a -> m.put(a.number(), a.balanceMinor()));
    return m;
  }

  private static int ledgerIncidents(AppContext ctx) throws Exception {
    try (Connection c = ctx.database().dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from ledger_incident")) {
      rs.next();
      int n = rs.getInt(1);
      c.rollback();
      return n;
    }
  }
}
